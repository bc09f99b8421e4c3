// fs::file and fs::file_system: every file operation the storage engine performs.
//
// Storage never calls POSIX directly; it goes through this interface so tests can count reads and
// inject faults (short writes, fsync failures, crashes that drop unsynced data), LevelDB-style.
// Two implementations: posix_file_system (the real one) and fault_injecting_file_system (tests).
//
// Thread-safety: a file's read_at/write_at/sync may be called concurrently from several threads
// (they map to pread/pwrite/fdatasync). truncate/close must not race with writes to the same
// region; storage serialises those under the owning log's mutex.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"

namespace gregor::storage::fs {

using path = std::filesystem::path;

class file {
 public:
  virtual ~file() = default;

  // Reads up to out.size() bytes at offset; returns the count read (less only at end of file).
  virtual result<size_t> read_at(uint64_t offset, std::span<uint8_t> out) const = 0;
  // Writes all of data at offset (retrying partial writes); an error means some prefix may be written.
  virtual result<void> write_at(uint64_t offset, std::span<const uint8_t> data) = 0;
  // fdatasync: data and the metadata needed to read it (size) are durable when this returns.
  virtual result<void> sync() = 0;
  virtual result<void> truncate(uint64_t size) = 0;
  virtual result<uint64_t> size() const = 0;
  virtual const path& file_path() const = 0;
  // A new descriptor of the same open file (dup, close-on-exec) that the caller owns, so the
  // broker can sendfile(2) from it (base/file_region.h); -1 when this file has no descriptor
  // to share (test file systems) or none is available: callers then read_at instead.
  virtual int duplicate_descriptor() const { return -1; }
};

enum class open_mode {
  read_only,        // existing file, fail if missing; writes, truncate and sync fail
  read_write,       // existing file, fail if missing
  create,           // create if missing, keep contents
  create_truncate,  // create if missing, truncate to 0
};

class file_system {
 public:
  virtual ~file_system() = default;

  virtual result<std::unique_ptr<file>> open(const path& p, open_mode mode) = 0;
  virtual result<void> rename(const path& from, const path& to) = 0;
  virtual result<void> remove(const path& p) = 0;            // a file or an empty directory
  virtual result<void> remove_all(const path& p) = 0;        // recursive
  virtual result<std::vector<std::string>> list_dir(const path& dir) = 0;  // entry names, unsorted
  virtual result<void> create_dirs(const path& dir) = 0;     // mkdir -p
  virtual result<void> sync_dir(const path& dir) = 0;        // fsync a directory (entries durable)
  virtual bool exists(const path& p) = 0;
  virtual bool is_directory(const path& p) = 0;
  virtual result<int64_t> last_modified_ms(const path& p) = 0;
  virtual result<uint64_t> file_size(const path& p) = 0;  // stat, without opening the file
};

// The process-wide POSIX file system.
file_system& posix_fs();

// Whole-file helpers built on the interface.
result<std::string> read_whole_file(file_system& fs, const path& p);
// Writes contents to p.tmp, fsyncs it, renames it over p and fsyncs the directory.
result<void> write_file_atomically(file_system& fs, const path& p, std::string_view contents);

}  // namespace gregor::storage::fs
