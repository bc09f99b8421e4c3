// Test helpers for storage tests: valid v2 batches without the record builder, temp dirs.
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "base/byte_order.h"
#include "protocol/records/batch_header.h"

namespace gregor::storage::testing {

// A v2 batch of `records` records whose body is `payload` opaque bytes (storage never parses
// records) with a correct CRC-32C. base_offset is 0; the log assigns the real one.
inline std::vector<uint8_t> make_batch(int32_t records, int64_t max_timestamp, size_t payload = 20,
                                       uint8_t fill = 0xab) {
  std::vector<uint8_t> b(records::batch_header_size + payload, fill);
  uint8_t* p = b.data();
  store_be<int64_t>(p, 0);
  store_be<int32_t>(p + 8, static_cast<int32_t>(b.size() - records::batch_log_overhead));
  store_be<int32_t>(p + 12, -1);
  p[16] = 2;
  store_be<int16_t>(p + 21, 0);
  store_be<int32_t>(p + 23, records - 1);
  store_be<int64_t>(p + 27, max_timestamp);
  store_be<int64_t>(p + 35, max_timestamp);
  store_be<int64_t>(p + 43, -1);
  store_be<int16_t>(p + 51, -1);
  store_be<int32_t>(p + 53, -1);
  store_be<int32_t>(p + 57, records);
  store_be<uint32_t>(p + 17, records::compute_batch_crc(b));
  return b;
}

inline std::vector<uint8_t> concat(std::initializer_list<std::vector<uint8_t>> parts) {
  std::vector<uint8_t> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// Headers of the whole batches in data (checks CRCs as it goes).
inline std::vector<records::batch_header> headers_of(byte_span data, bool* crc_ok = nullptr) {
  std::vector<records::batch_header> out;
  if (crc_ok) *crc_ok = true;
  size_t pos = 0;
  while (pos < data.size()) {
    auto h = records::parse_batch_header(data.subspan(pos));
    if (!h || pos + h->total_size() > data.size()) break;
    if (crc_ok && records::compute_batch_crc(data.subspan(pos, h->total_size())) != h->crc) *crc_ok = false;
    out.push_back(*h);
    pos += h->total_size();
  }
  return out;
}

// A fresh directory under /tmp, removed with its contents on destruction.
struct temp_dir {
  std::filesystem::path path;
  temp_dir() {
    static std::atomic<int> counter{0};
    path = std::filesystem::temp_directory_path() /
           ("gregor-storage-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~temp_dir() { std::filesystem::remove_all(path); }
};

inline std::string read_text(const std::filesystem::path& p) {
  std::string out;
  if (FILE* f = std::fopen(p.c_str(), "rb")) {
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    std::fclose(f);
  }
  return out;
}

}  // namespace gregor::storage::testing
