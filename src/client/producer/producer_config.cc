#include "client/producer/producer_config.h"

#include <algorithm>

#include "gregor/errors.h"

namespace gregor::client {

namespace {

// Other spellings -> kafka-python names (after gregor::config turned dots into underscores).
const std::map<std::string, std::string>& aliases() {
  static const std::map<std::string, std::string> table{
      {"queue_buffering_max_ms", "linger_ms"},   {"compression_codec", "compression_type"},
      {"request_required_acks", "acks"},         {"message_timeout_ms", "delivery_timeout_ms"},
      {"message_send_max_retries", "retries"},   {"max_in_flight", "max_in_flight_requests_per_connection"},
      {"message_max_bytes", "max_request_size"},
  };
  return table;
}

records::compression parse_compression(config_reader& r) {
  // kafka-python writes None for no compression; get_optional_string maps "none"/"null" to nullopt.
  auto text = r.get_optional_string("compression_type");
  if (!text) return records::compression::none;
  config probe{{"compression_type", *text}};
  config_reader one(probe, "producer");
  auto name = one.get_enum("compression_type", "none", {"none", "gzip", "snappy", "lz4", "zstd"});
  if (name == "gzip") return records::compression::gzip;
  if (name == "snappy") return records::compression::snappy;
  if (name == "lz4") return records::compression::lz4;
  if (name == "zstd") return records::compression::zstd;
  return records::compression::none;
}

}  // namespace

producer_config read_producer_config(const config& cfg) {
  config_reader r(cfg, "producer", aliases());
  producer_config c;
  c.common = read_common_settings(r, default_client_id("producer"), 30000);
  c.request_timeout_ms = c.common.cluster.connection.request_timeout_ms;

  bool acks_set = r.has("acks");
  std::string acks = r.get_enum("acks", "all", {"all", "-1", "0", "1"});
  c.acks = acks == "all" || acks == "-1" ? int16_t{-1} : static_cast<int16_t>(std::stoi(acks));
  c.compression = parse_compression(r);
  bool retries_set = r.has("retries");
  c.retries = static_cast<int32_t>(r.get_int("retries", INT32_MAX, 0, INT32_MAX));
  c.retry_backoff_ms = static_cast<int32_t>(r.get_int("retry_backoff_ms", 100, 0, INT32_MAX));
  bool delivery_set = r.has("delivery_timeout_ms");
  c.delivery_timeout_ms = static_cast<int32_t>(r.get_int("delivery_timeout_ms", 120000, 1, INT32_MAX));
  c.batch_size = static_cast<int32_t>(r.get_int("batch_size", 16384, 0, INT32_MAX));
  c.linger_ms = static_cast<int32_t>(r.get_int("linger_ms", 0, 0, INT32_MAX));
  c.partitioner = r.get_string("partitioner", "default");
  c.buffer_memory = r.get_int("buffer_memory", 33554432, 1, INT64_MAX);
  c.max_block_ms = static_cast<int32_t>(r.get_int("max_block_ms", 60000, 0, INT32_MAX));
  c.max_request_size = static_cast<int32_t>(r.get_int("max_request_size", 1048576, 1, INT32_MAX));
  bool in_flight_set = r.has("max_in_flight_requests_per_connection");
  c.max_in_flight = static_cast<int32_t>(r.get_int("max_in_flight_requests_per_connection", 5, 1, INT32_MAX));

  // Idempotence (KIP-679: on by default since Kafka 3.0 unless the settings conflict with it).
  bool conflicts =
      (acks_set && c.acks != -1) || (in_flight_set && c.max_in_flight > 5) || (retries_set && c.retries == 0);
  if (r.has("enable_idempotence")) {
    c.idempotence = r.get_bool("enable_idempotence", true);
    c.idempotence_requested = c.idempotence;
    if (c.idempotence && conflicts) {
      throw config_error(
          "producer config enable_idempotence=true requires acks=all, retries > 0 and "
          "max_in_flight_requests_per_connection <= 5 (got acks=" +
          std::to_string(c.acks) + ", retries=" + std::to_string(c.retries) +
          ", max_in_flight_requests_per_connection=" + std::to_string(c.max_in_flight) + ")");
    }
  } else {
    c.idempotence = !conflicts;
  }

  // A batch must get a chance to linger and then wait for one full request (Java checks the same).
  int64_t floor = static_cast<int64_t>(c.linger_ms) + c.request_timeout_ms;
  if (c.delivery_timeout_ms < floor) {
    if (delivery_set) {
      throw config_error("producer config delivery_timeout_ms=" + std::to_string(c.delivery_timeout_ms) +
                         " must be at least linger_ms + request_timeout_ms (" + std::to_string(floor) + ")");
    }
    c.delivery_timeout_ms = static_cast<int32_t>(std::min<int64_t>(floor, INT32_MAX));
  }
  if (r.has("transactional_id")) {
    throw config_error("producer config transactional_id: transactions are not supported yet");
  }
  r.finish();
  return c;
}

}  // namespace gregor::client
