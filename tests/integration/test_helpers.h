// Helpers shared by the broker integration tests: typed calls for the common requests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocol/messages/all_messages.h"
#include "protocol/records/batch_builder.h"
#include "protocol/records/record_batch.h"
#include "support/broker_process.h"
#include "support/kafka_client.h"

namespace gregor::testing {

using namespace gregor::protocol;

inline std::pair<int16_t, int16_t> range(int16_t lo, int16_t hi) { return {lo, hi}; }
inline std::pair<int16_t, int64_t> result_of(int16_t error, int64_t offset) { return {error, offset}; }

inline std::vector<uint8_t> make_batch(const std::vector<std::string>& values, records::batch_options options = {},
                                       int64_t timestamp = 1700000000000) {
  records::batch_builder builder(options);
  for (size_t i = 0; i < values.size(); ++i) {
    std::string key = "k" + std::to_string(i);
    builder.append(timestamp + static_cast<int64_t>(i), records::bytes_of(key), records::bytes_of(values[i]));
  }
  auto batch = builder.finish();
  EXPECT_TRUE(batch.has_value());
  return batch.value_or(std::vector<uint8_t>{});
}

inline bool create_topic(kafka_client& c, const std::string& name, int32_t partitions,
                         std::vector<std::pair<std::string, std::string>> configs = {}) {
  create_topics_request req;
  auto& t = req.topics.emplace_back();
  t.name = name;
  t.num_partitions = partitions;
  t.replication_factor = 1;
  for (auto& [k, v] : configs) t.configs.push_back({k, v});
  auto resp = c.call<create_topics_response>(req, 7);
  return resp && resp->topics.size() == 1 && resp->topics[0].error_code == 0;
}

inline produce_request produce_one(const std::string& topic, int32_t partition, std::vector<uint8_t> batch,
                                   int16_t acks = -1) {
  produce_request req;
  req.acks = acks;
  req.timeout_ms = 10000;
  auto& t = req.topic_data.emplace_back();
  t.name = topic;
  auto& p = t.partition_data.emplace_back();
  p.index = partition;
  p.records.bytes = shared_bytes::adopt(std::move(batch));
  return req;
}

// Produces and returns (error, base_offset).
inline std::pair<int16_t, int64_t> produce(kafka_client& c, const std::string& topic, int32_t partition,
                                           std::vector<uint8_t> batch, int16_t acks = -1, int16_t version = 9) {
  auto resp = c.call<produce_response>(produce_one(topic, partition, std::move(batch), acks), version);
  if (!resp || resp->responses.empty() || resp->responses[0].partition_responses.empty()) return {-100, -1};
  auto& pr = resp->responses[0].partition_responses[0];
  return {pr.error_code, pr.base_offset};
}

inline fetch_request fetch_one(const std::string& topic, int32_t partition, int64_t offset, int32_t max_wait_ms = 0) {
  fetch_request req;
  req.max_wait_ms = max_wait_ms;
  req.min_bytes = 1;
  req.max_bytes = 50 * 1024 * 1024;
  auto& t = req.topics.emplace_back();
  t.topic = topic;
  auto& p = t.partitions.emplace_back();
  p.partition = partition;
  p.fetch_offset = offset;
  p.partition_max_bytes = 10 * 1024 * 1024;
  return req;
}

// All record values of a fetch response's first partition, starting at `from`.
inline std::vector<std::string> fetched_values(const fetch_response& resp, int64_t from = 0) {
  std::vector<std::string> out;
  if (resp.responses.empty() || resp.responses[0].partitions.empty()) return out;
  const auto& bytes = resp.responses[0].partitions[0].records.bytes;
  auto batches = records::split_batches(bytes.span());
  if (!batches) return out;
  for (auto b : *batches) {
    auto decoded = records::read_records(shared_bytes::copy_of(b));
    if (!decoded) continue;
    for (auto& r : decoded->records)
      if (r.offset >= from && r.value) out.emplace_back(r.value->as_string_view());
  }
  return out;
}

inline int64_t list_offset(kafka_client& c, const std::string& topic, int32_t partition, int64_t timestamp) {
  list_offsets_request req;
  req.replica_id = -1;
  auto& t = req.topics.emplace_back();
  t.name = topic;
  t.partitions.push_back({partition, -1, timestamp, 1});
  auto resp = c.call<list_offsets_response>(req, 7);
  if (!resp || resp->topics.empty() || resp->topics[0].partitions.empty()) return -100;
  if (resp->topics[0].partitions[0].error_code != 0) return -200 - resp->topics[0].partitions[0].error_code;
  return resp->topics[0].partitions[0].offset;
}

}  // namespace gregor::testing
