#include "client/config/common_settings.h"

#include <atomic>

#include "gregor/errors.h"

namespace gregor::client {

common_settings read_common_settings(config_reader& reader, const std::string& default_client_id,
                                     int32_t default_request_timeout_ms) {
  common_settings s;
  auto servers = parse_bootstrap_servers(reader.get_string("bootstrap_servers", "localhost:9092"));
  if (!servers) throw config_error("bootstrap_servers: " + servers.error());
  s.cluster.bootstrap = std::move(*servers);
  s.cluster.connection.client_id = reader.get_string("client_id", default_client_id);
  s.cluster.connection.request_timeout_ms =
      static_cast<int32_t>(reader.get_int("request_timeout_ms", default_request_timeout_ms, 1, INT32_MAX));
  s.cluster.connection.connect_timeout_ms =
      static_cast<int32_t>(reader.get_int("socket_connection_setup_timeout_ms", 10000, 1, INT32_MAX));
  s.cluster.connections_max_idle_ms =
      static_cast<int32_t>(reader.get_int("connections_max_idle_ms", 540000, -1, INT32_MAX));
  s.cluster.reconnect_backoff_ms = static_cast<int32_t>(reader.get_int("reconnect_backoff_ms", 50, 0, INT32_MAX));
  s.cluster.reconnect_backoff_max_ms =
      static_cast<int32_t>(reader.get_int("reconnect_backoff_max_ms", 1000, 0, INT32_MAX));
  s.metadata_max_age_ms = static_cast<int32_t>(reader.get_int("metadata_max_age_ms", 300000, 0, INT32_MAX));
  reader.get_enum("security_protocol", "PLAINTEXT", {"PLAINTEXT"});
  // kafka-python's api_version pins a broker version; we always negotiate with ApiVersions.
  reader.accept("api_version");
  reader.accept("api_version_auto_timeout_ms");
  return s;
}

std::string default_client_id(const std::string& kind) {
  static std::atomic<int> counter{0};
  return "gregor-" + kind + "-" + std::to_string(++counter);
}

}  // namespace gregor::client
