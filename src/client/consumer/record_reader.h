// record_reader: turns one completed_fetch into consumer records, lazily, one at a time.
//
// Walks the fetched record set batch by batch (docs/record-batch.md): a trailing partial batch
// ends it (normal in Fetch responses); each batch is checked (magic 2, sizes, and the CRC-32C
// when check_crcs), decompressed into a buffer the reader reuses, and its records decoded
// in place, straight into the consumer_record (every length is checked against the record's own
// length prefix). Only the key, value and header bytes are copied, once each, into the record's
// strings: this is the consumer's hot loop, hence a decoder of its own rather than the generic
// records::decode_record, which builds an intermediate view per record.
// Records before the consumer's position are skipped (a compressed batch may start earlier), as
// are control batches (transaction markers) and, under read_committed, batches of aborted
// transactions: the response lists each aborted transaction as (producer id, first offset); a
// producer's batches from that first offset on are skipped until its ABORT marker.
//
// next_offset() is the position after everything returned or skipped so far; when a batch ends,
// it moves past the batch's last offset even if compaction removed the records there.
// Used on the application thread only; not thread-safe.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "base/result.h"
#include "client/consumer/completed_fetch.h"
#include "protocol/records/record_batch.h"

namespace gregor::client {

struct record_reader_options {
  bool check_crcs = true;
  bool read_committed = false;
  size_t max_uncompressed_bytes = records::default_max_uncompressed_bytes;
};

class record_reader {
 public:
  enum class status { record, end, error };

  // Starts at `position`: records before it are skipped.
  record_reader(completed_fetch fetch, int64_t position, record_reader_options options);

  // Fills `out` with the next record (status::record); status::end when the fetch is used up;
  // status::error on corrupt data (error() says why; next_offset() stays before the bad batch).
  status next(consumer_record& out);

  int64_t next_offset() const { return next_offset_; }
  const completed_fetch& fetch() const { return fetch_; }
  const std::string& error() const { return error_; }

 private:
  // Moves to the next batch that has records to return; false at the end or on error.
  bool load_next_batch();
  bool check_batch(byte_span batch, const records::batch_header& h);
  // True when the batch should be skipped under read_committed (aborted transaction or marker).
  bool skip_for_isolation(byte_span batch, const records::batch_header& h);
  // The batch's records section, decompressed into plain_ when needed.
  result<byte_span> records_of(byte_span batch, const records::batch_header& h);
  // Decodes the record at records_pos_ into `out` unless it lies before the position
  // (status::end then means "skipped"); status::error when it is malformed.
  status decode(consumer_record& out);
  status fail(std::string why);

  completed_fetch fetch_;
  record_reader_options options_;
  byte_span remaining_;  // batches not yet started
  int64_t next_offset_;

  // The batch being read.
  bool in_batch_ = false;
  records::batch_header header_;
  const uint8_t* records_pos_ = nullptr;  // the next record of the batch
  const uint8_t* records_end_ = nullptr;
  int32_t records_left_ = 0;
  std::vector<uint8_t> plain_;  // decompressed records, reused from batch to batch

  size_t next_aborted_ = 0;
  std::set<int64_t> aborted_producers_;
  std::string error_;
  bool failed_ = false;
};

}  // namespace gregor::client
