#include "storage/fs/fault_injecting_file_system.h"

#include <algorithm>

namespace gregor::storage::fs {

class faulty_file final : public file {
 public:
  faulty_file(fault_injecting_file_system& fs, std::unique_ptr<file> base) : fs_(fs), base_(std::move(base)) {}

  result<size_t> read_at(uint64_t offset, std::span<uint8_t> out) const override {
    auto r = base_->read_at(offset, out);
    fs_.read_calls_++;
    if (r) fs_.bytes_read_ += *r;
    return r;
  }

  result<void> write_at(uint64_t offset, std::span<const uint8_t> data) override {
    fs_.write_calls_++;
    if (!fs_.allow_mutation()) return fail("injected crash: write " + base_->file_path().string());
    if (auto limit = fs_.take_write_fault(base_->file_path())) {
      size_t n = std::min(*limit, data.size());
      if (n > 0) (void)base_->write_at(offset, data.first(n));
      return fail("injected write fault on " + base_->file_path().string());
    }
    return base_->write_at(offset, data);
  }

  result<void> sync() override {
    fs_.sync_calls_++;
    if (!fs_.allow_mutation()) return fail("injected crash: sync " + base_->file_path().string());
    if (fs_.take_sync_fault(base_->file_path())) {
      return fail("injected fsync fault on " + base_->file_path().string());
    }
    result<void> r;
    if (fs_.real_sync_) r = base_->sync();
    if (!r) return r;
    auto size = base_->size();
    if (size) {
      std::lock_guard lock(fs_.mu_);
      fs_.synced_size_[base_->file_path().string()] = *size;
    }
    return r;
  }

  result<void> truncate(uint64_t size) override {
    if (!fs_.allow_mutation()) return fail("injected crash: truncate " + base_->file_path().string());
    auto r = base_->truncate(size);
    if (r) {
      std::lock_guard lock(fs_.mu_);
      auto& synced = fs_.synced_size_[base_->file_path().string()];
      synced = std::min(synced, size);
    }
    return r;
  }

  result<uint64_t> size() const override { return base_->size(); }
  const path& file_path() const override { return base_->file_path(); }

 private:
  fault_injecting_file_system& fs_;
  std::unique_ptr<file> base_;
};

void fault_injecting_file_system::short_write_next(std::string suffix, size_t bytes) {
  std::lock_guard lock(mu_);
  write_fault_ = pending_write_fault{std::move(suffix), bytes};
}

void fault_injecting_file_system::fail_next_sync(std::string suffix) {
  std::lock_guard lock(mu_);
  sync_fault_ = std::move(suffix);
}

static bool ends_with(const path& p, const std::string& suffix) {
  return p.string().ends_with(suffix);
}

bool fault_injecting_file_system::take_sync_fault(const path& p) {
  std::lock_guard lock(mu_);
  if (sync_fault_ && ends_with(p, *sync_fault_)) {
    sync_fault_.reset();
    return true;
  }
  return false;
}

std::optional<size_t> fault_injecting_file_system::take_write_fault(const path& p) {
  std::lock_guard lock(mu_);
  if (write_fault_ && ends_with(p, write_fault_->suffix)) {
    size_t n = write_fault_->bytes;
    write_fault_.reset();
    return n;
  }
  return std::nullopt;
}

void fault_injecting_file_system::fail_mutations_after(std::optional<uint64_t> ops) {
  std::lock_guard lock(mu_);
  mutations_left_ = ops;
}

bool fault_injecting_file_system::allow_mutation() {
  mutation_calls_++;
  std::lock_guard lock(mu_);
  if (!mutations_left_) return true;
  if (*mutations_left_ == 0) return false;
  --*mutations_left_;
  return true;
}

result<void> fault_injecting_file_system::create_dirs(const path& dir) {
  if (!allow_mutation()) return fail("injected crash: mkdir " + dir.string());
  return base_.create_dirs(dir);
}

result<void> fault_injecting_file_system::sync_dir(const path& dir) {
  if (!allow_mutation()) return fail("injected crash: sync dir " + dir.string());
  if (!real_sync_) return {};
  return base_.sync_dir(dir);
}

result<std::unique_ptr<file>> fault_injecting_file_system::open(const path& p, open_mode mode) {
  open_calls_++;
  bool creates = mode == open_mode::create || mode == open_mode::create_truncate;
  if (creates && !allow_mutation()) return fail("injected crash: create " + p.string());
  auto f = base_.open(p, mode);
  if (!f) return fail(f.error());
  {
    std::lock_guard lock(mu_);
    auto [it, inserted] = synced_size_.try_emplace(p.string(), 0);
    if (inserted || mode == open_mode::create_truncate) {
      // Contents present when first seen are treated as durable.
      auto size = (*f)->size();
      it->second = size ? *size : 0;
    }
  }
  return std::unique_ptr<file>(new faulty_file(*this, std::move(*f)));
}

result<void> fault_injecting_file_system::rename(const path& from, const path& to) {
  if (!allow_mutation()) return fail("injected crash: rename " + from.string());
  auto r = base_.rename(from, to);
  if (r) {
    std::lock_guard lock(mu_);
    auto it = synced_size_.find(from.string());
    if (it != synced_size_.end()) {
      synced_size_[to.string()] = it->second;
      synced_size_.erase(it);
    }
  }
  return r;
}

result<void> fault_injecting_file_system::remove(const path& p) {
  if (!allow_mutation()) return fail("injected crash: remove " + p.string());
  std::lock_guard lock(mu_);
  synced_size_.erase(p.string());
  return base_.remove(p);
}

result<void> fault_injecting_file_system::remove_all(const path& p) {
  if (!allow_mutation()) return fail("injected crash: remove_all " + p.string());
  std::lock_guard lock(mu_);
  std::string prefix = p.string();
  std::erase_if(synced_size_, [&](const auto& e) { return e.first.starts_with(prefix); });
  return base_.remove_all(p);
}

void fault_injecting_file_system::crash() {
  std::lock_guard lock(mu_);
  for (auto& [name, synced] : synced_size_) {
    if (!base_.exists(name)) continue;
    auto f = base_.open(name, open_mode::read_write);
    if (!f) continue;
    auto size = (*f)->size();
    if (size && *size > synced) (void)(*f)->truncate(synced);
  }
}

}  // namespace gregor::storage::fs
