// atomic_file: whole-file reads and crash-safe whole-file replacement for small state files
// (producer snapshots, the producer-id block file).
//
// write_file_atomically() writes `<path>.tmp`, fsyncs it, renames it over `path` and fsyncs the
// directory, so a reader sees either the old or the new content, never a torn mix.
// Plain POSIX for now; it moves onto storage's fs::file interface once that exists, so tests can
// inject faults.
// Thread-safety: stateless; concurrent calls on different paths are safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "base/result.h"

namespace gregor::producer {

result<void> write_file_atomically(const std::filesystem::path& path, std::span<const uint8_t> bytes);
result<std::vector<uint8_t>> read_whole_file(const std::filesystem::path& path);

}  // namespace gregor::producer
