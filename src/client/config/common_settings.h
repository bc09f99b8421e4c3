// common_settings: the connection settings every client kind shares (kafka-python's names).
//
//   bootstrap_servers            "host:port[,host:port...]"        default localhost:9092
//   client_id                    sent in every request header      default per client kind
//   request_timeout_ms           how long a request may go unanswered       30000 (admin/producer),
//                                                                            305000 (consumer, as kafka-python)
//   connections_max_idle_ms      idle connections are closed after this      540000
//   reconnect_backoff_ms         first wait before reconnecting to a broker  50
//   reconnect_backoff_max_ms     the wait doubles per failure up to this     1000
//   metadata_max_age_ms          metadata is refreshed at least this often   300000
//   socket_connection_setup_timeout_ms  connect + handshake limit            10000
//   security_protocol            only PLAINTEXT for now
#pragma once

#include <string>

#include "client/config/config_reader.h"
#include "client/net/cluster_client.h"

namespace gregor::client {

struct common_settings {
  cluster_options cluster;
  int32_t metadata_max_age_ms = 300000;
};

// Throws config_error for invalid values.
common_settings read_common_settings(config_reader& reader, const std::string& default_client_id,
                                     int32_t default_request_timeout_ms);

// "gregor-producer-1", "gregor-consumer-2", ...: unique per process like kafka-python's ids.
std::string default_client_id(const std::string& kind);

}  // namespace gregor::client
