#include "storage/index_file.h"

#include <algorithm>

namespace gregor::storage {

index_file::index_file(std::unique_ptr<fs::cached_file> f, size_t entry_size, int32_t max_index_bytes,
                       prefix_validator validator, bool created)
    : file_(std::move(f)), entry_size_(entry_size), validator_(validator), loaded_(created) {
  set_max_index_bytes(max_index_bytes);
}

void index_file::set_max_index_bytes(int32_t bytes) {
  max_entries_ = std::max<size_t>(1, static_cast<size_t>(std::max(bytes, 0)) / entry_size_);
}

result<void> index_file::ensure_loaded() {
  if (loaded_) return {};
  // Read to the end of the file without asking its size first: one pread for a small index.
  std::vector<uint8_t> data;
  size_t chunk = 4096;
  while (true) {
    size_t have = data.size();
    data.resize(have + chunk);
    auto n = file_->read_at(have, std::span<uint8_t>(data).subspan(have));
    if (!n) return fail(n.error());
    data.resize(have + *n);
    if (*n < chunk) break;
    chunk = std::min<size_t>(chunk * 2, 1 << 20);
  }
  file_bytes_ = data.size();
  data.resize(data.size() - data.size() % entry_size_);
  count_ = validator_(data, entry_size_);
  data.resize(count_ * entry_size_);
  data.shrink_to_fit();
  bytes_ = std::move(data);
  loaded_ = true;
  return {};
}

result<void> index_file::reset() {
  // An empty file stays untouched: no truncate, so nothing for the flush after recovery to sync.
  auto size = loaded_ ? result<uint64_t>(file_bytes_) : file_->size();
  loaded_ = true;
  count_ = 0;
  bytes_.clear();
  file_bytes_ = 0;
  if (size && *size == 0) return {};
  return file_->truncate(0);
}

result<void> index_file::append_entry(std::span<const uint8_t> entry) {
  if (auto r = ensure_loaded(); !r) return r;
  uint64_t end = count_ * entry_size_;
  if (file_bytes_ > end) {
    // A tail beyond the valid entries (see the header): cut it, or later loads could read it on.
    if (auto r = file_->truncate(end); !r) return r;
    file_bytes_ = end;
  }
  if (auto r = file_->write_at(end, entry); !r) {
    (void)file_->truncate(end);  // a torn entry must not stay
    return r;
  }
  bytes_.insert(bytes_.end(), entry.begin(), entry.end());
  ++count_;
  file_bytes_ = end + entry.size();
  return {};
}

result<void> index_file::truncate_entries(size_t n) {
  if (auto r = ensure_loaded(); !r) return r;
  if (n >= count_ && file_bytes_ == count_ * entry_size_) return {};
  n = std::min(n, count_);
  if (auto r = file_->truncate(n * entry_size_); !r) return r;
  count_ = n;
  bytes_.resize(n * entry_size_);
  file_bytes_ = n * entry_size_;
  return {};
}

}  // namespace gregor::storage
