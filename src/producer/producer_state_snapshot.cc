#include "producer/producer_state_snapshot.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <system_error>
#include <unordered_set>

#include "base/byte_order.h"
#include "base/crc32c.h"
#include "producer/atomic_file.h"

namespace gregor::producer {

namespace {

constexpr uint8_t snapshot_magic[4] = {'G', 'P', 'S', 'T'};
constexpr std::string_view snapshot_suffix = ".snapshot";
constexpr size_t offset_digits = 20;
constexpr size_t header_size = 4 + 2 + 8 + 4;
constexpr size_t producer_fixed_size = 8 + 2 + 8 + 1;
constexpr size_t batch_size = 4 + 4 + 8 + 8 + 8;
constexpr size_t crc_size = 4;

// Appends big-endian values; resizes then stores in place (GCC 12 warns falsely on small inserts).
class byte_writer {
 public:
  explicit byte_writer(size_t expected_size) { out_.reserve(expected_size); }
  template <class T>
  void put(T v) {
    const size_t at = out_.size();
    out_.resize(at + sizeof(T));
    store_be<T>(out_.data() + at, v);
  }
  void put_bytes(const uint8_t* p, size_t n) {
    const size_t at = out_.size();
    out_.resize(at + n);
    std::memcpy(out_.data() + at, p, n);
  }
  std::vector<uint8_t>& bytes() { return out_; }

 private:
  std::vector<uint8_t> out_;
};

// Bounds-checked reader; every get() is preceded by a have() check by the caller.
class byte_reader {
 public:
  explicit byte_reader(std::span<const uint8_t> in) : in_(in) {}
  bool have(size_t n) const { return in_.size() - pos_ >= n; }
  template <class T>
  T get() {
    T v = load_be<T>(in_.data() + pos_);
    pos_ += sizeof(T);
    return v;
  }
  size_t remaining() const { return in_.size() - pos_; }

 private:
  std::span<const uint8_t> in_;
  size_t pos_ = 0;
};

result<decoded_snapshot> decode_body(byte_reader& r) {
  decoded_snapshot out;
  out.offset = r.get<int64_t>();
  if (out.offset < 0) return fail(std::string("negative snapshot offset"));
  const uint32_t count = r.get<uint32_t>();
  // Each producer takes at least producer_fixed_size bytes: rejects absurd counts before looping.
  if (count > r.remaining() / producer_fixed_size) return fail(std::string("producer count too large"));
  std::unordered_set<int64_t> seen;
  for (uint32_t i = 0; i < count; ++i) {
    if (!r.have(producer_fixed_size)) return fail(std::string("truncated producer entry"));
    const int64_t producer_id = r.get<int64_t>();
    producer_entry entry;
    entry.epoch = r.get<int16_t>();
    entry.last_activity_ms = r.get<int64_t>();
    const uint8_t batch_count = r.get<uint8_t>();
    if (producer_id < 0) return fail(std::string("negative producer id"));
    if (entry.epoch < 0) return fail(std::string("negative producer epoch"));
    if (!seen.insert(producer_id).second) return fail(std::string("repeated producer id"));
    if (batch_count > max_cached_batches) return fail(std::string("too many batches for a producer"));
    if (!r.have(size_t{batch_count} * batch_size)) return fail(std::string("truncated batch entry"));
    for (uint8_t b = 0; b < batch_count; ++b) {
      batch_metadata m;
      m.first_sequence = r.get<int32_t>();
      m.last_sequence = r.get<int32_t>();
      m.first_offset = r.get<int64_t>();
      m.last_offset = r.get<int64_t>();
      m.max_timestamp = r.get<int64_t>();
      if (m.first_sequence < 0 || m.last_sequence < 0) return fail(std::string("negative sequence"));
      if (m.last_offset < m.first_offset) return fail(std::string("batch offsets reversed"));
      entry.batches.push_back(m);
    }
    out.table.restore(producer_id, std::move(entry));
  }
  if (r.remaining() != 0) return fail(std::string("trailing bytes"));
  return out;
}

}  // namespace

std::string snapshot_file_name(int64_t offset) {
  char name[64];
  std::snprintf(name, sizeof name, "%020lld.snapshot", static_cast<long long>(offset));
  return name;
}

std::optional<int64_t> parse_snapshot_file_name(const std::string& name) {
  if (name.size() != offset_digits + snapshot_suffix.size()) return std::nullopt;
  if (name.compare(offset_digits, std::string::npos, snapshot_suffix) != 0) return std::nullopt;
  uint64_t value = 0;
  for (size_t i = 0; i < offset_digits; ++i) {
    if (name[i] < '0' || name[i] > '9') return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(name[i] - '0');
    if (value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
  }
  return static_cast<int64_t>(value);
}

std::vector<uint8_t> encode_snapshot(const producer_state_table& table, int64_t offset) {
  std::vector<int64_t> ids;
  ids.reserve(table.size());
  for (const auto& [id, entry] : table.producers()) ids.push_back(id);
  std::sort(ids.begin(), ids.end());

  size_t expected_size = header_size + crc_size;
  for (const auto& [id, entry] : table.producers()) {
    expected_size += producer_fixed_size + entry.batches.size() * batch_size;
  }
  byte_writer w(expected_size);
  w.put_bytes(snapshot_magic, sizeof snapshot_magic);
  w.put<uint16_t>(snapshot_format_version);
  w.put<int64_t>(offset);
  w.put<uint32_t>(static_cast<uint32_t>(ids.size()));
  for (int64_t id : ids) {
    const producer_entry& entry = *table.find(id);
    w.put<int64_t>(id);
    w.put<int16_t>(entry.epoch);
    w.put<int64_t>(entry.last_activity_ms);
    w.put<uint8_t>(static_cast<uint8_t>(entry.batches.size()));
    for (const batch_metadata& m : entry.batches) {
      w.put<int32_t>(m.first_sequence);
      w.put<int32_t>(m.last_sequence);
      w.put<int64_t>(m.first_offset);
      w.put<int64_t>(m.last_offset);
      w.put<int64_t>(m.max_timestamp);
    }
  }
  w.put<uint32_t>(crc32c(w.bytes().data(), w.bytes().size()));
  return std::move(w.bytes());
}

result<decoded_snapshot> decode_snapshot(std::span<const uint8_t> bytes) {
  if (bytes.size() < header_size + crc_size) return fail(std::string("file too short"));
  if (std::memcmp(bytes.data(), snapshot_magic, sizeof snapshot_magic) != 0) {
    return fail(std::string("bad magic"));
  }
  const size_t body_end = bytes.size() - crc_size;
  const uint32_t stored_crc = load_be<uint32_t>(bytes.data() + body_end);
  if (crc32c(bytes.data(), body_end) != stored_crc) return fail(std::string("crc mismatch"));
  byte_reader r(bytes.first(body_end));
  r.get<uint32_t>();  // magic, checked above
  const uint16_t version = r.get<uint16_t>();
  if (version != snapshot_format_version) {
    return fail("unsupported snapshot version " + std::to_string(version));
  }
  return decode_body(r);
}

result<void> write_snapshot(const std::filesystem::path& dir, const producer_state_table& table,
                            int64_t offset) {
  if (offset < 0) return fail(std::string("negative snapshot offset"));
  const std::vector<uint8_t> bytes = encode_snapshot(table, offset);
  if (auto written = write_file_atomically(dir / snapshot_file_name(offset), bytes); !written) {
    return written;
  }
  return delete_old_snapshots(dir, snapshots_to_keep);
}

result<std::vector<int64_t>> list_snapshots(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) return fail("list " + dir.string() + ": " + ec.message());
  std::vector<int64_t> offsets;
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (auto offset = parse_snapshot_file_name(it->path().filename().string())) {
      offsets.push_back(*offset);
    }
  }
  if (ec) return fail("list " + dir.string() + ": " + ec.message());
  std::sort(offsets.begin(), offsets.end());
  return offsets;
}

result<std::optional<loaded_snapshot>> load_latest_snapshot(const std::filesystem::path& dir,
                                                            int64_t max_offset) {
  auto offsets = list_snapshots(dir);
  if (!offsets) return fail(offsets.error());
  if (offsets->empty()) return std::optional<loaded_snapshot>();

  std::vector<std::string> skipped;
  for (auto it = offsets->rbegin(); it != offsets->rend(); ++it) {
    const std::string name = snapshot_file_name(*it);
    if (*it > max_offset) {
      skipped.push_back(name + ": beyond offset " + std::to_string(max_offset));
      continue;
    }
    auto bytes = read_whole_file(dir / name);
    if (!bytes) {
      skipped.push_back(name + ": " + bytes.error());
      continue;
    }
    auto decoded = decode_snapshot(*bytes);
    if (!decoded) {
      skipped.push_back(name + ": " + decoded.error());
      continue;
    }
    if (decoded->offset != *it) {
      skipped.push_back(name + ": offset inside differs from the name");
      continue;
    }
    return std::optional<loaded_snapshot>(
        loaded_snapshot{std::move(decoded->table), decoded->offset, std::move(skipped)});
  }
  std::string message = "no usable producer snapshot in " + dir.string();
  for (const std::string& why : skipped) message += "; " + why;
  return fail(std::move(message));
}

result<void> delete_old_snapshots(const std::filesystem::path& dir, size_t keep) {
  auto offsets = list_snapshots(dir);
  if (!offsets) return fail(offsets.error());
  if (offsets->size() <= keep) return {};
  for (size_t i = 0; i + keep < offsets->size(); ++i) {
    std::error_code ec;
    std::filesystem::remove(dir / snapshot_file_name((*offsets)[i]), ec);
    if (ec) return fail("delete " + snapshot_file_name((*offsets)[i]) + ": " + ec.message());
  }
  return {};
}

result<void> delete_snapshots_above(const std::filesystem::path& dir, int64_t offset) {
  auto offsets = list_snapshots(dir);
  if (!offsets) return fail(offsets.error());
  for (int64_t o : *offsets) {
    if (o <= offset) continue;
    std::error_code ec;
    std::filesystem::remove(dir / snapshot_file_name(o), ec);
    if (ec) return fail("delete " + snapshot_file_name(o) + ": " + ec.message());
  }
  return {};
}

}  // namespace gregor::producer
