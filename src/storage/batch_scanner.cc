#include "storage/batch_scanner.h"

#include <algorithm>

namespace gregor::storage {

batch_scanner::batch_scanner(const fs::file& f, uint64_t start, uint64_t end, bool validate, size_t chunk_bytes)
    : file_(f), pos_(start), end_(end), validate_(validate), chunk_(chunk_bytes) {}

result<bool> batch_scanner::fill(uint64_t pos, size_t n) {
  if (pos + n > end_) return false;
  if (pos >= buf_start_ && pos + n <= buf_start_ + buf_.size()) return true;
  size_t want = static_cast<size_t>(std::min<uint64_t>(std::max(n, chunk_), end_ - pos));
  buf_.resize(want);
  buf_start_ = pos;
  auto got = file_.read_at(pos, buf_);
  if (!got) return fail(got.error());
  buf_.resize(*got);
  return *got >= n;
}

result<std::optional<scanned_batch>> batch_scanner::next() {
  if (status_ != scan_status::ok) return std::nullopt;
  if (pos_ >= end_) {
    status_ = scan_status::end;
    return std::nullopt;
  }
  auto have_header = fill(pos_, records::batch_header_size);
  if (!have_header) return fail(have_header.error());
  if (!*have_header) {
    status_ = scan_status::torn;
    return std::nullopt;
  }
  const uint8_t* p = buf_.data() + (pos_ - buf_start_);
  auto header = records::parse_batch_header({p, records::batch_header_size});
  if (header->magic != 2 || header->batch_length < static_cast<int32_t>(records::batch_header_size -
                                                                       records::batch_log_overhead) ||
      header->last_offset_delta < 0) {
    status_ = scan_status::corrupt;
    return std::nullopt;
  }
  size_t total = header->total_size();
  if (pos_ + total > end_) {
    status_ = scan_status::torn;
    return std::nullopt;
  }
  scanned_batch out{pos_, *header, {}};
  if (validate_) {
    auto have_batch = fill(pos_, total);
    if (!have_batch) return fail(have_batch.error());
    if (!*have_batch) {
      status_ = scan_status::torn;
      return std::nullopt;
    }
    out.bytes = byte_span(buf_.data() + (pos_ - buf_start_), total);
    if (records::compute_batch_crc(out.bytes) != header->crc) {
      status_ = scan_status::corrupt;
      return std::nullopt;
    }
  }
  pos_ += total;
  return out;
}

}  // namespace gregor::storage
