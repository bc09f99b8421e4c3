#include "protocol/records/control_record.h"

#include "base/byte_order.h"
#include "protocol/records/batch_builder.h"

namespace gregor::records {

std::array<uint8_t, 4> encode_control_key(control_type type) {
  std::array<uint8_t, 4> out{};
  store_be<int16_t>(out.data(), 0);
  store_be<int16_t>(out.data() + 2, static_cast<int16_t>(type));
  return out;
}

std::array<uint8_t, 6> encode_control_value(int32_t coordinator_epoch) {
  std::array<uint8_t, 6> out{};
  store_be<int16_t>(out.data(), 0);
  store_be<int32_t>(out.data() + 2, coordinator_epoch);
  return out;
}

std::optional<control_type> parse_control_key(byte_span key) {
  if (key.size() < 4 || load_be<int16_t>(key.data()) != 0) return std::nullopt;
  int16_t type = load_be<int16_t>(key.data() + 2);
  if (type != 0 && type != 1) return std::nullopt;
  return static_cast<control_type>(type);
}

result<std::vector<uint8_t>> build_control_batch(const control_marker& marker, const control_batch_options& options) {
  batch_options b;
  b.base_offset = options.base_offset;
  b.partition_leader_epoch = options.partition_leader_epoch;
  b.producer_id = options.producer_id;
  b.producer_epoch = options.producer_epoch;
  b.transactional = true;
  b.control = true;
  batch_builder builder(b, 128);
  auto key = encode_control_key(marker.type);
  auto value = encode_control_value(marker.coordinator_epoch);
  builder.append(options.timestamp_ms, byte_span(key), byte_span(value));
  return builder.finish();
}

}  // namespace gregor::records
