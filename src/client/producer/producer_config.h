// producer_config: the producer's settings read from a gregor::config (kafka-python names).
//
// Defaults follow the Java producer of Kafka 3.x where kafka-python differs: acks=all,
// retries=INT32_MAX bounded by delivery_timeout_ms, linger_ms=0, and idempotence on unless the
// application explicitly chose settings it cannot work with (acks other than all, more than 5
// requests in flight, or retries=0); asking for idempotence together with such settings is a
// config_error. librdkafka spellings that differ by more than dots are aliases (see
// gregor/producer.h for the list); batch.num.messages is deliberately not one of them: it counts
// records, batch_size counts bytes.
#pragma once

#include <cstdint>
#include <string>

#include "client/config/common_settings.h"
#include "gregor/config.h"
#include "protocol/records/batch_header.h"
#include "protocol/records/compression.h"

namespace gregor::client {

struct producer_config {
  common_settings common;
  int16_t acks = -1;
  records::compression compression = records::compression::none;
  int32_t retries = INT32_MAX;
  int32_t retry_backoff_ms = 100;
  int32_t delivery_timeout_ms = 120000;
  int32_t request_timeout_ms = 30000;
  int32_t batch_size = 16384;
  int32_t linger_ms = 0;
  std::string partitioner = "default";
  int64_t buffer_memory = 33554432;
  int32_t max_block_ms = 60000;
  int32_t max_request_size = 1048576;
  int32_t max_in_flight = 5;
  bool idempotence = true;
  // enable_idempotence=true was written in the config (not just defaulted): a broker without
  // InitProducerId is then an error instead of a silent fallback.
  bool idempotence_requested = false;
};

// Throws config_error for unknown names and invalid values.
producer_config read_producer_config(const config& cfg);

}  // namespace gregor::client
