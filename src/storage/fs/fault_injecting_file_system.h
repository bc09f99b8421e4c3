// fault_injecting_file_system: a test file system wrapping another one (usually posix_fs()).
//
// It counts operations (so tests can assert that a clean restart reads almost nothing), injects
// faults on files whose name ends with a given suffix (short writes, write errors, fsync errors),
// and simulates a crash: every file opened through it is cut back to the size it had at its last
// successful sync (data written since is "lost"). Directory operations are treated as durable.
//
// Thread-safety: all members may be called from any thread.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "storage/fs/file.h"

namespace gregor::storage::fs {

class fault_injecting_file_system final : public file_system {
 public:
  explicit fault_injecting_file_system(file_system& base) : base_(base) {}

  // --- counters ---
  uint64_t read_calls() const { return read_calls_; }
  uint64_t bytes_read() const { return bytes_read_; }
  uint64_t write_calls() const { return write_calls_; }
  uint64_t sync_calls() const { return sync_calls_; }
  uint64_t open_calls() const { return open_calls_; }
  void reset_counters() { read_calls_ = bytes_read_ = write_calls_ = sync_calls_ = mutation_calls_ = open_calls_ = 0; }

  // --- faults (each armed fault fires once, on the next matching operation) ---
  // The next write to a file whose name ends with suffix writes only `bytes` bytes, then fails.
  void short_write_next(std::string suffix, size_t bytes);
  // The next write to a matching file fails without writing anything.
  void fail_next_write(std::string suffix) { short_write_next(std::move(suffix), 0); }
  // The next sync of a matching file fails.
  void fail_next_sync(std::string suffix);

  // Cuts every tracked file back to its last synced size (a power loss after the last fsync).
  void crash();

  // Process death at an exact step: after `ops` more successful mutating operations (write, sync,
  // truncate, open that may create, rename, remove, mkdir, dir sync) every further one fails, as
  // if the process had been killed there. Reads keep working. Pass nullopt to disarm.
  void fail_mutations_after(std::optional<uint64_t> ops);
  // With false, sync() and sync_dir() only record what crash() keeps, without waiting for the
  // disk (fast crash-loop tests; the durability model is the simulated one).
  void use_real_sync(bool real) { real_sync_ = real; }
  uint64_t mutation_calls() const { return mutation_calls_; }

  // file_system
  result<std::unique_ptr<file>> open(const path& p, open_mode mode) override;
  result<void> rename(const path& from, const path& to) override;
  result<void> remove(const path& p) override;
  result<void> remove_all(const path& p) override;
  result<std::vector<std::string>> list_dir(const path& dir) override { return base_.list_dir(dir); }
  result<void> create_dirs(const path& dir) override;
  result<void> sync_dir(const path& dir) override;
  bool exists(const path& p) override { return base_.exists(p); }
  bool is_directory(const path& p) override { return base_.is_directory(p); }
  result<int64_t> last_modified_ms(const path& p) override { return base_.last_modified_ms(p); }
  result<uint64_t> file_size(const path& p) override { return base_.file_size(p); }

 private:
  friend class faulty_file;
  struct pending_write_fault { std::string suffix; size_t bytes; };

  bool take_sync_fault(const path& p);
  // Counts a mutating operation; false if the armed budget is exhausted (the op must fail).
  bool allow_mutation();
  std::optional<size_t> take_write_fault(const path& p);

  file_system& base_;
  std::atomic<uint64_t> read_calls_{0}, bytes_read_{0}, write_calls_{0}, sync_calls_{0}, mutation_calls_{0},
      open_calls_{0};
  std::optional<uint64_t> mutations_left_;  // under mu_
  std::atomic<bool> real_sync_{true};
  std::mutex mu_;
  std::optional<pending_write_fault> write_fault_;
  std::optional<std::string> sync_fault_;
  std::map<std::string, uint64_t> synced_size_;  // by path: size at last sync
};

}  // namespace gregor::storage::fs
