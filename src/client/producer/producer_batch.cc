#include "client/producer/producer_batch.h"

#include <algorithm>
#include <cstring>

#include "base/byte_order.h"
#include "base/crc32c.h"
#include "client/producer/buffer_pool.h"
#include "client/producer/buffer_recycler.h"
#include "client/producer/incomplete_batches.h"
#include "client/producer/producer_stats.h"
#include "protocol/records/batch_builder.h"

namespace gregor::client {

namespace {

// The header bytes the CRC covers: attributes (offset 21) up to the records (offset 61).
constexpr size_t crc_header_bytes = records::batch_header_size - records::attributes_offset;
// Records are checksummed once this many bytes are pending: fits in L1, and 12 KiB or more takes
// the CRC's fast three-stream path.
constexpr size_t crc_run_bytes = 16 * 1024;
// How far ahead of the write position the buffer is prefetched.
constexpr size_t prefetch_distance = 512;

// Where close() compresses, on the I/O thread. Kept (and only grown) so that its pages stay mapped
// and warm: a fresh, zero-filled output buffer per batch cost more than the codec.
uint8_t* compression_scratch(size_t size) {
  thread_local std::unique_ptr<uint8_t[]> scratch;
  thread_local size_t scratch_size = 0;
  if (scratch_size < size) {
    scratch = std::make_unique_for_overwrite<uint8_t[]>(size);
    scratch_size = size;
  }
  return scratch.get();
}

}  // namespace

producer_batch::producer_batch(std::string topic, int32_t partition, size_t capacity, int64_t created_ms,
                               const batch_services& services, bool checksum_records)
    : state_(std::make_shared<delivery_state>(std::move(topic), partition)),
      capacity_(capacity),
      created_ms_(created_ms),
      services_(services),
      checksum_records_(checksum_records) {
  buffer_ =
      services_.buffers ? services_.buffers->take(capacity_) : std::make_unique_for_overwrite<uint8_t[]>(capacity_);
}

producer_batch::~producer_batch() {
  if (!state_->done())
    fail(error_code::operation_not_attempted, "the producer was closed before the record was delivered");
  if (buffer_ && services_.buffers) services_.buffers->give(std::move(buffer_), capacity_);
  if (services_.pool) services_.pool->release(static_cast<int64_t>(capacity_));
}

void producer_batch::assign_id() {
  if (id_ == 0 && services_.incomplete) id_ = services_.incomplete->add();
}

int32_t producer_batch::try_append(const record_input& r, const delivery_callback* callback) {
  if (!accepting_) return -1;
  if (count_ == 0) base_timestamp_ = max_timestamp_ = r.timestamp;
  records::record_fields f{r.timestamp - base_timestamp_, count_, r.key, r.value, r.headers};
  size_t size = records::encoded_record_size(f);
  if (used_ + size > capacity_) {
    accepting_ = false;  // full: later records go to a new batch, keeping their order
    return -1;
  }
  records::encode_record(buffer_.get() + used_, f);
  used_ += size;
  // The buffer is too big to stay in cache between batches: ask for the lines the next records
  // will fill, so their writes do not stall on memory.
  if (used_ + prefetch_distance < capacity_) __builtin_prefetch(buffer_.get() + used_ + prefetch_distance, 1);
  // Checksummed now, while the bytes are still in this core's cache.
  if (checksum_records_ && used_ - crc_done_ >= crc_run_bytes) checksum_pending();
  max_timestamp_ = std::max(max_timestamp_, r.timestamp);
  int32_t index = count_++;
  if (callback && *callback) {
    record_facts facts = r.facts;
    facts.index = index;
    callbacks_.push_back({facts, *callback});
  }
  return index;
}

void producer_batch::checksum_pending() {
  records_crc_ = crc32c(buffer_.get() + crc_done_, used_ - crc_done_, records_crc_);
  crc_done_ = used_;
}

result<void> producer_batch::close(records::compression codec, const records::compress_options& options,
                                   int64_t producer_id, int16_t producer_epoch, int32_t base_sequence) {
  accepting_ = false;
  uncompressed_size_ = used_;
  producer_id_ = producer_id;
  producer_epoch_ = producer_epoch;
  base_sequence_ = base_sequence;
  codec_ = codec;
  if (codec == records::compression::none) {
    if (checksum_records_) checksum_pending();
    payload_size_ = used_;
    share_buffer(capacity_);
  } else {
    byte_span body(buffer_.get() + records::batch_header_size, used_ - records::batch_header_size);
    size_t bound = records::compress_bound(codec, body.size(), options);
    uint8_t* scratch = compression_scratch(bound);
    auto n = records::compress_to(codec, body, scratch, bound, options);
    if (!n) return tl::make_unexpected(std::move(n.error()));
    // The records are no longer needed: the compressed form replaces them in the batch's own
    // buffer, which then travels as the payload just as an uncompressed batch's does. Only data
    // that grew under compression past the buffer needs a buffer of its own.
    payload_size_ = records::batch_header_size + *n;
    size_t buffer_size = capacity_;
    if (payload_size_ > capacity_) {
      if (services_.buffers) services_.buffers->give(std::move(buffer_), capacity_);
      buffer_ = std::make_unique_for_overwrite<uint8_t[]>(payload_size_);
      buffer_size = payload_size_;  // never recycled: not the recycler's size
    }
    std::memcpy(buffer_.get() + records::batch_header_size, scratch, *n);
    share_buffer(buffer_size);
  }
  seal();
  return {};
}

// The batch buffer becomes the payload (shared, no copy); the recycler gets it back after the last
// reader (a request being written) lets go.
void producer_batch::share_buffer(size_t buffer_size) {
  payload_data_ = buffer_.get();
  payload_ = services_.buffers
                 ? services_.buffers->share(std::move(buffer_), buffer_size)
                 : std::shared_ptr<const uint8_t>(buffer_.release(), [](const uint8_t* p) { delete[] p; });
}

void producer_batch::restamp(int64_t producer_id, int16_t producer_epoch, int32_t base_sequence) {
  producer_id_ = producer_id;
  producer_epoch_ = producer_epoch;
  base_sequence_ = base_sequence;
  seal();
}

// Writes the header and its CRC into the closed payload.
void producer_batch::seal() {
  records::batch_header h;
  h.partition_leader_epoch = -1;
  h.attributes = static_cast<int16_t>(codec_);
  h.last_offset_delta = count_ - 1;
  h.base_timestamp = base_timestamp_;
  h.max_timestamp = max_timestamp_;
  h.producer_id = producer_id_;
  h.producer_epoch = producer_epoch_;
  h.base_sequence = base_sequence_;
  h.records_count = count_;
  h.batch_length = static_cast<int32_t>(payload_size_ - records::batch_log_overhead);
  uint8_t* p = payload_data_;
  records::encode_batch_header(p, h);
  uint32_t crc;
  if (codec_ == records::compression::none && checksum_records_) {
    crc = crc32c_combine(crc32c(p + records::attributes_offset, crc_header_bytes), records_crc_,
                         payload_size_ - records::batch_header_size);
  } else {
    crc = records::compute_batch_crc(byte_span(p, payload_size_));
  }
  store_be<uint32_t>(p + records::crc_offset, crc);
}

shared_bytes producer_batch::payload() const { return shared_bytes::view(payload_, payload_data_, payload_size_); }

void producer_batch::complete(int64_t base_offset, int64_t log_append_time) {
  if (state_->done()) return;
  if (auto* s = services_.stats) {
    s->add(s->records_sent, count_);
    s->add(s->bytes_sent, static_cast<int64_t>(size_bytes()));
  }
  state_->set_success(base_offset, log_append_time);
  finish();
}

void producer_batch::fail(error_code code, const std::string& message, bool timeout) {
  if (state_->done()) return;
  if (auto* s = services_.stats) s->add(s->record_errors, count_);
  state_->set_failure(code, message, timeout);
  finish();
}

// Callbacks first, then futures, then flush(): whoever sees the record done also sees its
// callback's effects (the Java client's order).
void producer_batch::finish() {
  const kafka_error* error = state_->error();
  for (auto& c : callbacks_) {
    try {
      if (error) {
        c.callback(
            record_metadata{topic(), partition(), -1, -1, c.facts.key_size, c.facts.value_size, c.facts.header_size},
            error);
      } else {
        c.callback(state_->metadata_for(c.facts), nullptr);
      }
    } catch (...) {
      // A throwing callback must not take the I/O thread down or skip the other records.
    }
  }
  callbacks_.clear();
  state_->publish();
  if (id_ != 0 && services_.incomplete) services_.incomplete->remove(id_);
}

}  // namespace gregor::client
