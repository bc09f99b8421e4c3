#include "tools/dump_log/offsets_record_text.h"

#include <nlohmann/json.hpp>
#include <sstream>
#include <variant>

#include "client/assignors/consumer_protocol.h"
#include "coordinator/offsets_topic_records.h"

namespace gregor::tools {

namespace {

// Upper-case hex of the bytes read as one unsigned number (leading zeros dropped), as Kafka's
// decoder prints opaque assignments and user data.
std::string hex_number(byte_span bytes) {
  static const char digits[] = "0123456789ABCDEF";
  std::string out;
  for (uint8_t b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 0xF];
  }
  size_t first = out.find_first_not_of('0');
  return first == std::string::npos ? (out.empty() ? "" : "0") : out.substr(first);
}

// "member=[t-0, t-1]" (with ":USERDATA" when there is user data) for a consumer group's member.
std::string member_assignment(const coordinator::group_metadata_value::member& m, bool consumer_protocol) {
  std::string out = m.member_id + "=";
  auto decoded = consumer_protocol ? client::decode_assignment(m.assignment) : std::nullopt;
  if (!decoded) return out + hex_number(m.assignment.span());
  out += "[";
  bool first = true;
  for (const auto& tp : client::flatten(decoded->assigned_partitions)) {
    out += (first ? "" : ", ") + tp.topic + "-" + std::to_string(tp.partition);
    first = false;
  }
  out += "]";
  if (decoded->user_data && !decoded->user_data->empty()) out += ":" + hex_number(decoded->user_data->span());
  return out;
}

std::string group_payload(const coordinator::group_metadata_value& g) {
  std::string assignment = "{";
  for (size_t i = 0; i < g.members.size(); ++i)
    assignment += (i ? "," : "") + member_assignment(g.members[i], g.protocol_type == "consumer");
  assignment += "}";
  nlohmann::ordered_json json;
  json["protocolType"] = g.protocol_type;
  json["protocol"] = g.protocol ? nlohmann::ordered_json(*g.protocol) : nlohmann::ordered_json(nullptr);
  json["generationId"] = g.generation;
  json["assignment"] = assignment;
  return json.dump();
}

}  // namespace

record_text offsets_record_text(const std::optional<byte_span>& key, const std::optional<byte_span>& value) {
  if (!key) return {"<not a __consumer_offsets record: it has no key>", std::nullopt};
  std::optional<shared_bytes> value_bytes;
  if (value) value_bytes = shared_bytes::copy_of(*value);
  auto decoded = coordinator::decode_record(shared_bytes::copy_of(*key), value_bytes);
  if (!decoded) return {"<not a __consumer_offsets record: " + decoded.error() + ">", std::nullopt};

  if (auto* offset = std::get_if<coordinator::offset_record>(&*decoded)) {
    std::string key_text = "offset_commit::group=" + offset->key.group + ",partition=" + offset->key.topic + "-" +
                           std::to_string(offset->key.partition);
    if (!offset->value) return {key_text, "<DELETE>"};
    std::string payload = "offset=" + std::to_string(offset->value->offset);
    if (!offset->value->metadata.empty()) payload += ",metadata=" + offset->value->metadata;
    return {key_text, payload};
  }
  const auto& group = std::get<coordinator::group_record>(*decoded);
  std::string key_text = "group_metadata::group=" + group.key.group;
  if (!group.value) return {key_text, "<DELETE>"};
  return {key_text, group_payload(*group.value)};
}

}  // namespace gregor::tools
