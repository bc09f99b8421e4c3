#include "storage/index_file.h"

#include <algorithm>

namespace gregor::storage {

index_file::index_file(std::unique_ptr<fs::file> f, size_t entry_size, int32_t max_index_bytes,
                       prefix_validator validator, bool loaded)
    : file_(std::move(f)), entry_size_(entry_size), validator_(validator), loaded_(loaded) {
  set_max_index_bytes(max_index_bytes);
}

void index_file::set_max_index_bytes(int32_t bytes) {
  max_entries_ = std::max<size_t>(1, static_cast<size_t>(std::max(bytes, 0)) / entry_size_);
}

result<void> index_file::ensure_loaded() {
  if (loaded_) return {};
  auto size = file_->size();
  if (!size) return fail(size.error());
  std::vector<uint8_t> data(*size - *size % entry_size_);
  auto n = file_->read_at(0, data);
  if (!n) return fail(n.error());
  data.resize(*n - *n % entry_size_);
  count_ = validator_(data, entry_size_);
  data.resize(count_ * entry_size_);
  bytes_ = std::move(data);
  loaded_ = true;
  return {};
}

result<void> index_file::reset() {
  loaded_ = true;
  count_ = 0;
  bytes_.clear();
  if (auto r = file_->truncate(0); !r) return r;
  return preallocate();
}

result<void> index_file::preallocate() {
  if (auto r = ensure_loaded(); !r) return r;
  return file_->truncate(std::max(max_entries_, count_) * entry_size_);
}

result<void> index_file::trim() {
  if (auto r = ensure_loaded(); !r) return r;
  return file_->truncate(count_ * entry_size_);
}

result<void> index_file::append_entry(std::span<const uint8_t> entry) {
  if (auto r = ensure_loaded(); !r) return r;
  if (auto r = file_->write_at(count_ * entry_size_, entry); !r) return r;
  bytes_.insert(bytes_.end(), entry.begin(), entry.end());
  ++count_;
  return {};
}

result<void> index_file::truncate_entries(size_t n) {
  if (auto r = ensure_loaded(); !r) return r;
  if (n >= count_) return {};
  std::vector<uint8_t> zeros((count_ - n) * entry_size_, 0);
  auto r = file_->write_at(n * entry_size_, zeros);
  count_ = n;
  bytes_.resize(n * entry_size_);
  return r;
}

}  // namespace gregor::storage
