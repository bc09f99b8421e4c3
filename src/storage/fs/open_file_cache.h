// open_file_cache: the segment files of every log share one bounded set of open descriptors.
//
// A broker with 10,000 partitions has at least 30,000 segment files (.log, .index, .timeindex),
// more than a usual RLIMIT_NOFILE allows open at once. A cached_file stands for one such file: it
// opens itself through the file_system when used, and the cache closes the least recently used
// idle files while more than max_open are open. A file is pinned (never closed) for the length
// of each call on it; if every open file is pinned the cap is exceeded for that moment instead of
// failing, so the overshoot is at most the number of threads doing file I/O at once.
//
// Durability: a file with writes not yet covered by a successful sync() ("dirty") is fdatasync'ed
// before its descriptor is closed. Linux keeps dirty pages per inode, so close() alone would not
// drop them; but a writeback error that happens while no descriptor is open can be forgotten
// along with the inode, and a later fdatasync through a new descriptor would then succeed for
// data that never reached the disk. Syncing first keeps the contract "sync() succeeded, so every
// write before it is durable". Keeping dirty files open until the log flushes them is no option:
// with the default flush settings (never) they would stay dirty, and open, forever. Idle clean
// files are closed first, a dirty one only when no clean one is idle. If the sync before a close
// fails, the error sticks to the file and its next sync() reports it (the log then fails, as for
// any fsync error). sync() of a clean file does nothing, so flushing an idle log reopens nothing.
//
// Renames and removal go through the cached_file, so a closed file reopens under its current
// name. A removed file cannot reopen: its reads fail once its descriptor has been closed.
//
// Thread-safety: all members of both classes may be called from any thread, with one exception:
// cached_file::rename, remove and file_path are serialised by the file's owner (the log's mutex).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "storage/fs/file.h"

namespace gregor::storage::fs {

class cached_file;

class open_file_cache : public std::enable_shared_from_this<open_file_cache> {
 public:
  // Files are opened through fs; at most max_open (>= 1) stay open while idle.
  static std::shared_ptr<open_file_cache> create(file_system& fs, size_t max_open);
  // The default cap for this process: the soft RLIMIT_NOFILE less a reserve for sockets and other
  // files (a quarter of the limit, at most 4096).
  static size_t default_max_open();

  // create/create_truncate take effect now (the new file stays open); later reopens use
  // read_write, or read_only for a read_only file.
  result<std::unique_ptr<cached_file>> open(const path& p, open_mode mode);

  file_system& fs() const { return fs_; }
  size_t max_open() const { return max_open_; }
  size_t open_count() const;
  size_t peak_open_count() const;       // the highest open_count() so far
  uint64_t reopens() const;             // opens of a file that had been closed by the cache
  uint64_t syncs_before_close() const;  // dirty files fdatasync'ed to be closed

 private:
  friend class cached_file;
  using idle_list = std::list<cached_file*>;

  open_file_cache(file_system& fs, size_t max_open);
  // Pins f (opening it if needed) and returns its open handle; release() unpins.
  result<file*> acquire(cached_file& f);
  void release(cached_file& f);
  // Closes one idle file (syncing it first if dirty, with mu_ released meanwhile). False if no
  // file is idle.
  bool evict_one(std::unique_lock<std::mutex>& lock);
  void close_locked(cached_file& f);
  void forget(cached_file& f);  // from ~cached_file

  file_system& fs_;
  const size_t max_open_;
  mutable std::mutex mu_;
  std::condition_variable unpinned_;  // an evicting thread let go of a file (for ~cached_file)
  idle_list idle_clean_;  // open, unpinned, nothing to sync; front = most recently used
  idle_list idle_dirty_;  // open, unpinned, writes since the last sync
  size_t open_count_ = 0;
  size_t peak_open_count_ = 0;
  uint64_t reopens_ = 0;
  uint64_t syncs_before_close_ = 0;
};

class cached_file final : public file {
 public:
  ~cached_file() override;

  result<size_t> read_at(uint64_t offset, std::span<uint8_t> out) const override;
  result<void> write_at(uint64_t offset, std::span<const uint8_t> data) override;
  // fdatasync if anything was written since the last successful sync; else nothing.
  result<void> sync() override;
  result<void> truncate(uint64_t size) override;
  // fstat when open, stat by name when closed (no open just to learn the size).
  result<uint64_t> size() const override;
  const path& file_path() const override { return path_; }
  // A dup of the descriptor (opened if closed); the cache may close its own meanwhile.
  int duplicate_descriptor() const override;

  // The contents are not known to be durable (say, written by a process that then crashed): the
  // next sync() fdatasyncs even if nothing was written through this handle.
  void assume_unsynced() { ++writes_; }

  // Renames the file; the handle follows it.
  result<void> rename(const path& to);
  // Unlinks the file. An open descriptor keeps serving reads until the cache closes it.
  result<void> remove();
  bool is_open() const;

 private:
  friend class open_file_cache;
  cached_file(std::shared_ptr<open_file_cache> cache, path p, open_mode reopen_mode);
  bool dirty() const { return writes_.load() != synced_.load(); }
  // Records a successful sync that covered the first `writes` mutations.
  void mark_synced(uint64_t writes);

  // RAII pin of the open handle for one call.
  class use {
   public:
    explicit use(const cached_file& f);
    ~use();
    use(const use&) = delete;
    use& operator=(const use&) = delete;
    // The pinned handle, or the reason it could not be opened.
    const result<file*>& handle() const { return handle_; }

   private:
    cached_file& f_;
    result<file*> handle_;
  };

  std::shared_ptr<open_file_cache> cache_;
  // Guarded by cache_->mu_ (path_ also by the owner, see above).
  path path_;
  open_mode reopen_mode_;
  std::unique_ptr<file> handle_;  // null while closed
  int pins_ = 0;
  bool removed_ = false;
  bool ever_closed_ = false;
  bool in_dirty_list_ = false;
  open_file_cache::idle_list::iterator idle_pos_;
  std::optional<std::string> sync_error_;  // a failed sync before a close, reported by sync()
  // Mutations (write_at, truncate) completed, and how many of them the last sync covered.
  std::atomic<uint64_t> writes_{0};
  std::atomic<uint64_t> synced_{0};
};

}  // namespace gregor::storage::fs
