// admin_settings: the admin client's configuration, read strictly from a gregor::config.
//
// The connection settings are the ones every client shares (common_settings.h); the admin client
// adds retry_backoff_ms, the wait between retries of a retriable error. Unknown names throw
// config_error, as kafka-python's KafkaAdminClient refuses configs it does not know.
#pragma once

#include <cstdint>

#include "client/config/common_settings.h"
#include "gregor/config.h"

namespace gregor::client::admin {

struct admin_settings {
  common_settings common;
  int32_t retry_backoff_ms = 100;

  int32_t request_timeout_ms() const { return common.cluster.connection.request_timeout_ms; }
};

// Throws config_error for unknown names and invalid values.
admin_settings read_admin_settings(const config& cfg);

}  // namespace gregor::client::admin
