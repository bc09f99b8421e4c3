#include "tools/dump_log/log_dump.h"

#include <filesystem>
#include <limits>

#include "base/byte_order.h"
#include "protocol/records/compression.h"
#include "protocol/records/control_record.h"
#include "protocol/records/record_batch.h"
#include "tools/dump_log/offsets_record_text.h"
#include "tools/dump_log/record_text.h"
#include "tools/dump_log/segment_log.h"

namespace gregor::tools {

namespace {

using records::batch_header;

// Kafka's sequence arithmetic: sequences wrap from INT32_MAX to 0.
int32_t add_to_sequence(int32_t sequence, int32_t increment) {
  if (sequence < 0) return -1;
  if (sequence > std::numeric_limits<int32_t>::max() - increment)
    return increment - (std::numeric_limits<int32_t>::max() - sequence) - 1;
  return sequence + increment;
}

const char* timestamp_type(const batch_header& h) { return h.log_append_time() ? "LogAppendTime" : "CreateTime"; }

// Attribute bit 6: base_timestamp holds the delete horizon of a compacted batch (KIP-534).
bool has_delete_horizon(const batch_header& h) { return (h.attributes & 0x40) != 0; }

void print_batch_line(const batch_header& h, uint64_t position, bool valid, std::ostream& out) {
  out << "baseOffset: " << h.base_offset << " lastOffset: " << h.last_offset() << " count: " << h.records_count
      << " baseSequence: " << h.base_sequence
      << " lastSequence: " << add_to_sequence(h.base_sequence, h.last_offset_delta) << " producerId: " << h.producer_id
      << " producerEpoch: " << h.producer_epoch << " partitionLeaderEpoch: " << h.partition_leader_epoch
      << std::boolalpha << " isTransactional: " << h.is_transactional() << " isControl: " << h.is_control()
      << " deleteHorizonMs: ";
  if (has_delete_horizon(h))
    out << "OptionalLong[" << h.base_timestamp << "]";
  else
    out << "OptionalLong.empty";
  out << " position: " << position << ' ' << timestamp_type(h) << ": " << h.max_timestamp << " size: " << h.total_size()
      << " magic: " << static_cast<int>(h.magic) << " compresscodec: " << records::compression_name(h.codec())
      << " crc: " << h.crc << " isvalid: " << valid << std::noboolalpha << '\n';
}

// " endTxnMarker: COMMIT coordinatorEpoch: 3" for a transaction marker.
void print_control_record(const records::record_view& r, std::ostream& out) {
  if (!r.key || r.key->size() < 4) {
    out << " controlType: UNKNOWN(-1)";
    return;
  }
  int16_t type_id = load_be<int16_t>(r.key->data() + 2);
  auto type = records::parse_control_key(*r.key);
  if (!type) {
    out << " controlType: UNKNOWN(" << type_id << ")";
    return;
  }
  out << " endTxnMarker: " << (*type == records::control_type::commit ? "COMMIT" : "ABORT") << " coordinatorEpoch: ";
  // value := version:int16 coordinator_epoch:int32
  if (r.value && r.value->size() >= 6)
    out << load_be<int32_t>(r.value->data() + 2);
  else
    out << -1;
}

class log_printer {
 public:
  log_printer(const std::string& path, const dump_options& options, dump_findings& findings, std::ostream& out)
      : path_(path), options_(options), findings_(findings), out_(out) {}

  void print_records(const batch_header& h, const std::vector<uint8_t>& batch) {
    byte_span section(batch.data() + records::batch_header_size, batch.size() - records::batch_header_size);
    std::vector<uint8_t> decompressed;
    if (h.codec() != records::compression::none) {
      auto done = records::decompress_into(h.codec(), section, decompressed, records::default_max_uncompressed_bytes);
      if (!done) {
        out_ << "| cannot decompress the records of this batch: " << done.error() << '\n';
        return;
      }
      section = decompressed;
    }
    records::record_cursor cursor(section, h.records_count);
    records::record_view r;
    while (cursor.next(r)) print_record(h, r);
    if (cursor.failed()) out_ << "| cannot decode the records of this batch: " << cursor.error() << '\n';
  }

 private:
  void print_record(const batch_header& h, const records::record_view& r) {
    int64_t offset = h.base_offset + r.offset_delta;
    if (last_offset_ >= 0 && offset != last_offset_ + 1) findings_.non_consecutive(path_, last_offset_, offset);
    last_offset_ = offset;

    const char* prefix = "| ";
    if (!options_.skip_record_metadata) {
      int64_t timestamp = h.log_append_time() ? h.max_timestamp : h.base_timestamp + r.timestamp_delta;
      out_ << prefix << "offset: " << offset << ' ' << timestamp_type(h) << ": " << timestamp
           << " keySize: " << (r.key ? static_cast<int64_t>(r.key->size()) : -1)
           << " valueSize: " << (r.value ? static_cast<int64_t>(r.value->size()) : -1)
           << " sequence: " << add_to_sequence(h.base_sequence, r.offset_delta) << " headerKeys: [";
      auto headers = r.headers();
      records::header_ref header;
      for (bool first = true; headers.next(header); first = false) out_ << (first ? "" : ",") << header.key;
      out_ << ']';
      if (h.is_control()) print_control_record(r, out_);
      prefix = " ";
    }
    if (options_.print_contents() && !h.is_control()) {
      auto [key, payload] =
          options_.offsets_decoder ? offsets_record_text(r.key, r.value) : plain_record_text(r.key, r.value);
      if (key) {
        out_ << prefix << "key: " << *key;
        prefix = " ";
      }
      if (payload) out_ << prefix << "payload: " << *payload;
    }
    out_ << '\n';
  }

  const std::string& path_;
  const dump_options& options_;
  dump_findings& findings_;
  std::ostream& out_;
  int64_t last_offset_ = -1;
};

}  // namespace

void dump_log_file(const std::string& path, int64_t base_offset, const dump_options& options, dump_findings& findings,
                   std::ostream& out) {
  out << "Log starting offset: " << base_offset << '\n';
  segment_log log(path);
  uint64_t limit = options.max_bytes ? static_cast<uint64_t>(*options.max_bytes) : log.size();
  log_printer printer(path, options, findings, out);
  uint64_t valid_end = log.for_each_batch(limit, [&](const log_batch& b) {
    auto bytes = log.read_batch(b);
    bool valid = records::compute_batch_crc(bytes) == b.header.crc;
    print_batch_line(b.header, b.position, valid, out);
    if (options.deep()) printer.print_records(b.header, bytes);
  });
  if (!options.max_bytes && valid_end < log.size()) {
    out << "Found " << log.size() - valid_end << " invalid bytes at the end of "
        << std::filesystem::path(path).filename().string() << '\n';
  }
}

}  // namespace gregor::tools
