// open_file_cache: pinning, LRU closing of idle descriptors, sync before close (see the header).
#include "storage/fs/open_file_cache.h"

#include <sys/resource.h>

#include <algorithm>

namespace gregor::storage::fs {

// --- open_file_cache ---

open_file_cache::open_file_cache(file_system& fs, size_t max_open) : fs_(fs), max_open_(std::max<size_t>(max_open, 1)) {}

std::shared_ptr<open_file_cache> open_file_cache::create(file_system& fs, size_t max_open) {
  return std::shared_ptr<open_file_cache>(new open_file_cache(fs, max_open));
}

size_t open_file_cache::default_max_open() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 1 << 20;
  size_t soft = static_cast<size_t>(limit.rlim_cur);
  size_t reserve = std::min<size_t>(soft / 4, 4096);
  return std::max<size_t>(soft - reserve, 16);
}

result<std::unique_ptr<cached_file>> open_file_cache::open(const path& p, open_mode mode) {
  open_mode reopen = mode == open_mode::read_only ? open_mode::read_only : open_mode::read_write;
  std::unique_ptr<cached_file> f(new cached_file(shared_from_this(), p, reopen));
  if (mode == open_mode::read_only || mode == open_mode::read_write) return f;  // opened on first use
  // Creating: open now, so the file exists when this returns. Truncating away old contents is a
  // change that a later sync() must make durable.
  auto old_size = fs_.file_size(p);
  bool drops_data = mode == open_mode::create_truncate && old_size && *old_size > 0;
  std::unique_lock lock(mu_);
  while (open_count_ >= max_open_ && evict_one(lock)) {
  }
  auto h = fs_.open(p, mode);
  if (!h) return fail(h.error());
  f->handle_ = std::move(*h);
  ++open_count_;
  peak_open_count_ = std::max(peak_open_count_, open_count_);
  if (drops_data) f->writes_ = 1;
  f->in_dirty_list_ = drops_data;
  auto& list = drops_data ? idle_dirty_ : idle_clean_;
  f->idle_pos_ = list.insert(list.begin(), f.get());
  return f;
}

size_t open_file_cache::open_count() const {
  std::lock_guard lock(mu_);
  return open_count_;
}

size_t open_file_cache::peak_open_count() const {
  std::lock_guard lock(mu_);
  return peak_open_count_;
}

uint64_t open_file_cache::reopens() const {
  std::lock_guard lock(mu_);
  return reopens_;
}

uint64_t open_file_cache::syncs_before_close() const {
  std::lock_guard lock(mu_);
  return syncs_before_close_;
}

result<file*> open_file_cache::acquire(cached_file& f) {
  std::unique_lock lock(mu_);
  while (!f.handle_) {
    if (f.removed_) return fail("open " + f.path_.string() + ": the file was removed");
    if (open_count_ < max_open_ || !evict_one(lock)) {
      // Room (or every open file is in use: exceed the cap for now rather than fail).
      auto h = fs_.open(f.path_, f.reopen_mode_);
      if (!h) return fail(h.error());
      f.handle_ = std::move(*h);
      ++open_count_;
      peak_open_count_ = std::max(peak_open_count_, open_count_);
      if (f.ever_closed_) ++reopens_;
      f.pins_ = 1;
      return f.handle_.get();
    }
    // evict_one may have released mu_: another thread may have opened f meanwhile.
  }
  if (f.pins_++ == 0) (f.in_dirty_list_ ? idle_dirty_ : idle_clean_).erase(f.idle_pos_);
  return f.handle_.get();
}

void open_file_cache::release(cached_file& f) {
  std::lock_guard lock(mu_);
  if (--f.pins_ > 0) return;
  if (open_count_ > max_open_) {
    // Over the cap (all files were pinned when one was opened): close this one at once if it
    // can go without a sync.
    if (!f.dirty()) {
      close_locked(f);
      return;
    }
  }
  f.in_dirty_list_ = f.dirty();
  auto& list = f.in_dirty_list_ ? idle_dirty_ : idle_clean_;
  f.idle_pos_ = list.insert(list.begin(), &f);
}

bool open_file_cache::evict_one(std::unique_lock<std::mutex>& lock) {
  if (!idle_clean_.empty()) {
    cached_file& victim = *idle_clean_.back();
    idle_clean_.pop_back();
    close_locked(victim);
    return true;
  }
  if (idle_dirty_.empty()) return false;
  // Sync the least recently used dirty file with mu_ released (it takes milliseconds); the pin
  // keeps it open and owned meanwhile.
  cached_file& victim = *idle_dirty_.back();
  idle_dirty_.pop_back();
  victim.pins_ = 1;
  uint64_t writes = victim.writes_.load();
  file* handle = victim.handle_.get();
  lock.unlock();
  auto synced = handle->sync();
  lock.lock();
  ++syncs_before_close_;
  if (synced) {
    victim.mark_synced(writes);
  } else if (!victim.sync_error_) {
    victim.sync_error_ = synced.error();
  }
  if (--victim.pins_ == 0) {  // else in use again: its last user puts it back
    if (victim.dirty() && synced) {
      // Written to while we synced: keep it open, as the most recently used.
      victim.in_dirty_list_ = true;
      victim.idle_pos_ = idle_dirty_.insert(idle_dirty_.begin(), &victim);
    } else {
      // Synced, or the sync failed and the error now sticks to the file: either way it may close.
      close_locked(victim);
    }
  }
  unpinned_.notify_all();
  return true;
}

void open_file_cache::close_locked(cached_file& f) {
  f.handle_.reset();
  f.ever_closed_ = true;
  --open_count_;
}

void open_file_cache::forget(cached_file& f) {
  std::unique_lock lock(mu_);
  // The owner is done with f, but an evicting thread may still be syncing it.
  unpinned_.wait(lock, [&] { return f.pins_ == 0; });
  if (!f.handle_) return;
  if (f.pins_ == 0) (f.in_dirty_list_ ? idle_dirty_ : idle_clean_).erase(f.idle_pos_);
  close_locked(f);
}

// --- cached_file ---

cached_file::cached_file(std::shared_ptr<open_file_cache> cache, path p, open_mode reopen_mode)
    : cache_(std::move(cache)), path_(std::move(p)), reopen_mode_(reopen_mode) {}

cached_file::~cached_file() { cache_->forget(*this); }

cached_file::use::use(const cached_file& f)
    : f_(const_cast<cached_file&>(f)), handle_(f_.cache_->acquire(f_)) {}

cached_file::use::~use() {
  if (handle_) f_.cache_->release(f_);
}

void cached_file::mark_synced(uint64_t writes) {
  uint64_t seen = synced_.load();
  while (seen < writes && !synced_.compare_exchange_weak(seen, writes)) {
  }
}

result<size_t> cached_file::read_at(uint64_t offset, std::span<uint8_t> out) const {
  use u(*this);
  if (!u.handle()) return fail(u.handle().error());
  return (*u.handle())->read_at(offset, out);
}

int cached_file::duplicate_descriptor() const {
  use u(*this);
  return u.handle() ? (*u.handle())->duplicate_descriptor() : -1;
}

result<void> cached_file::write_at(uint64_t offset, std::span<const uint8_t> data) {
  use u(*this);
  if (!u.handle()) return fail(u.handle().error());
  auto r = (*u.handle())->write_at(offset, data);
  // Counted after the write (even a failed one may have written a prefix): a sync that read the
  // count before this point does not claim this write.
  ++writes_;
  return r;
}

result<void> cached_file::truncate(uint64_t size) {
  use u(*this);
  if (!u.handle()) return fail(u.handle().error());
  auto r = (*u.handle())->truncate(size);
  ++writes_;
  return r;
}

result<void> cached_file::sync() {
  uint64_t writes = writes_.load();
  {
    std::lock_guard lock(cache_->mu_);
    if (sync_error_) return fail(*sync_error_);
  }
  if (synced_.load() >= writes) return {};  // nothing written since the last sync
  use u(*this);
  if (!u.handle()) return fail(u.handle().error());
  auto r = (*u.handle())->sync();
  if (r) mark_synced(writes);
  return r;
}

result<uint64_t> cached_file::size() const {
  {
    std::lock_guard lock(cache_->mu_);
    if (!handle_) {
      if (removed_) return fail("stat " + path_.string() + ": the file was removed");
      return cache_->fs_.file_size(path_);
    }
  }
  use u(*this);  // open now (it may have been closed since the check: then this reopens it)
  if (!u.handle()) return fail(u.handle().error());
  return (*u.handle())->size();
}

result<void> cached_file::rename(const path& to) {
  std::lock_guard lock(cache_->mu_);
  if (auto r = cache_->fs_.rename(path_, to); !r) return r;
  path_ = to;
  return {};
}

result<void> cached_file::remove() {
  std::lock_guard lock(cache_->mu_);
  if (auto r = cache_->fs_.remove(path_); !r) return r;
  removed_ = true;
  return {};
}

bool cached_file::is_open() const {
  std::lock_guard lock(cache_->mu_);
  return handle_ != nullptr;
}

}  // namespace gregor::storage::fs
