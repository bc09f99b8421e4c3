#include "producer/producer_id_manager.h"

#include <charconv>
#include <cstdio>
#include <limits>
#include <string_view>
#include <system_error>

#include "base/crc32c.h"
#include "producer/atomic_file.h"

namespace gregor::producer {

namespace {

constexpr std::string_view block_file_prefix = "gregor-producer-id-block v1 next=";
constexpr std::string_view block_file_crc_tag = " crc=";

uint32_t digits_crc(std::string_view digits) { return crc32c(digits.data(), digits.size()); }

std::string hex8(uint32_t v) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", v);
  return buf;
}

}  // namespace

std::string producer_id_manager::encode_block_file(int64_t next_block_start) {
  const std::string digits = std::to_string(next_block_start);
  return std::string(block_file_prefix) + digits + std::string(block_file_crc_tag) +
         hex8(digits_crc(digits)) + "\n";
}

result<int64_t> producer_id_manager::decode_block_file(const std::string& text) {
  std::string_view rest(text);
  if (!rest.starts_with(block_file_prefix)) return fail(std::string("bad header"));
  rest.remove_prefix(block_file_prefix.size());
  const size_t tag = rest.find(block_file_crc_tag);
  if (tag == std::string_view::npos) return fail(std::string("missing crc"));
  const std::string_view digits = rest.substr(0, tag);
  rest.remove_prefix(tag + block_file_crc_tag.size());
  if (rest.size() != 9 || rest[8] != '\n') return fail(std::string("bad crc field"));
  if (rest.substr(0, 8) != hex8(digits_crc(digits))) return fail(std::string("crc mismatch"));
  int64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty() || value < 0) {
    return fail(std::string("bad next block start"));
  }
  return value;
}

result<std::unique_ptr<producer_id_manager>> producer_id_manager::open(const std::filesystem::path& dir,
                                                                      int64_t block_size) {
  if (block_size <= 0) return fail(std::string("producer id block size must be positive"));
  const std::filesystem::path file = dir / producer_id_block_file_name;
  int64_t next_block_start = 0;
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) {
    auto bytes = read_whole_file(file);
    if (!bytes) return fail(bytes.error());
    auto decoded = decode_block_file(std::string(bytes->begin(), bytes->end()));
    if (!decoded) return fail(file.string() + ": " + decoded.error());
    next_block_start = *decoded;
  } else if (ec) {
    return fail(file.string() + ": " + ec.message());
  }
  return std::unique_ptr<producer_id_manager>(new producer_id_manager(file, block_size, next_block_start));
}

producer_id_manager::producer_id_manager(std::filesystem::path file, int64_t block_size,
                                         int64_t next_block_start)
    : file_(std::move(file)), block_size_(block_size), next_id_(next_block_start),
      block_end_(next_block_start) {}

result<producer_id_and_epoch> producer_id_manager::allocate() {
  std::lock_guard lock(mutex_);
  if (next_id_ == block_end_) {
    if (block_end_ > std::numeric_limits<int64_t>::max() - block_size_) {
      return fail(std::string("producer id space exhausted"));
    }
    const int64_t new_end = block_end_ + block_size_;
    const std::string text = encode_block_file(new_end);
    auto written = write_file_atomically(
        file_, std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
    if (!written) return fail("reserve producer ids: " + written.error());
    block_end_ = new_end;
  }
  return producer_id_and_epoch{next_id_++, 0};
}

}  // namespace gregor::producer
