// Helpers for the consumer's integration tests: a real broker, topics, and records produced with
// raw Produce requests (tests/support/kafka_client.h + batch_builder), independent of our producer.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "gregor/consumer.h"
#include "protocol/messages/create_topics.h"
#include "protocol/messages/produce.h"
#include "protocol/records/batch_builder.h"
#include "support/broker_process.h"
#include "support/kafka_client.h"

namespace gregor::consumer_test {

using namespace std::chrono_literals;

// Settings that make groups quick to form and sessions quick to expire in tests.
inline std::map<std::string, std::string> fast_group_properties() {
  return {{"group.initial.rebalance.delay.ms", "0"},
          {"group.min.session.timeout.ms", "500"},
          {"offsets.topic.num.partitions", "1"},
          {"num.partitions", "1"}};
}

struct produced_record {
  std::optional<std::string> key;
  std::optional<std::string> value;
  int64_t timestamp = 1700000000000;
  std::vector<std::pair<std::string, std::optional<std::string>>> headers;
};

class test_cluster {
 public:
  explicit test_cluster(std::map<std::string, std::string> properties = fast_group_properties())
      : broker(std::move(properties)) {}

  // Starts the broker; false on failure (the test should stop).
  bool start() { return broker.start() && client_.connect(broker.port()); }
  bool restart() {
    client_.close();
    broker.stop();
    return start();
  }

  std::string bootstrap() const { return broker.bootstrap(); }

  void create_topic(const std::string& name, int32_t partitions) {
    protocol::create_topics_request request;
    auto& t = request.topics.emplace_back();
    t.name = name;
    t.num_partitions = partitions;
    t.replication_factor = 1;
    request.timeout_ms = 10000;
    auto response = client_.call<protocol::create_topics_response>(request, 7);
    ASSERT_TRUE(response && response->topics.size() == 1 && response->topics[0].error_code == 0) << "create " << name;
  }

  // Produces one batch; returns its base offset (-1 on failure, with a test failure).
  int64_t produce(const std::string& topic, int32_t partition, const std::vector<produced_record>& records,
                  records::compression codec = records::compression::none) {
    records::batch_options options;
    options.codec = codec;
    records::batch_builder builder(options);
    for (const auto& r : records) {
      std::vector<records::header_ref> headers;
      for (const auto& [k, v] : r.headers) {
        headers.push_back({k, v ? std::optional<byte_span>(records::bytes_of(*v)) : std::nullopt});
      }
      builder.append(r.timestamp, r.key ? std::optional<byte_span>(records::bytes_of(*r.key)) : std::nullopt,
                     r.value ? std::optional<byte_span>(records::bytes_of(*r.value)) : std::nullopt, headers);
    }
    auto batch = builder.finish();
    EXPECT_TRUE(batch.has_value());
    protocol::produce_request request;
    request.acks = -1;
    request.timeout_ms = 10000;
    auto& t = request.topic_data.emplace_back();
    t.name = topic;
    auto& p = t.partition_data.emplace_back();
    p.index = partition;
    p.records.bytes = shared_bytes::adopt(std::move(*batch));
    auto response = client_.call<protocol::produce_response>(request, 9);
    if (!response || response->responses.empty() || response->responses[0].partition_responses.empty() ||
        response->responses[0].partition_responses[0].error_code != 0) {
      ADD_FAILURE() << "produce to " << topic << "-" << partition << " failed";
      return -1;
    }
    return response->responses[0].partition_responses[0].base_offset;
  }

  // Values "<prefix>0".."<prefix>n-1" with keys "k<i>", in one batch.
  int64_t produce_values(const std::string& topic, int32_t partition, int n, const std::string& prefix = "v",
                         records::compression codec = records::compression::none) {
    std::vector<produced_record> records;
    for (int i = 0; i < n; ++i) records.push_back({"k" + std::to_string(i), prefix + std::to_string(i)});
    return produce(topic, partition, records, codec);
  }

  config consumer_config(std::initializer_list<std::pair<std::string_view, config_value>> extra = {}) const {
    config c{{"bootstrap_servers", bootstrap()},
             {"request_timeout_ms", 10000},
             {"default_api_timeout_ms", 10000},
             {"fetch_max_wait_ms", 100},
             {"retry_backoff_ms", 50},
             {"heartbeat_interval_ms", 200},
             {"session_timeout_ms", 3000},
             {"max_poll_interval_ms", 10000}};
    for (const auto& [k, v] : extra) c.set(k, v);
    return c;
  }

  testing::broker_process broker;

 private:
  testing::kafka_client client_;
};

// Polls every consumer in turn (short polls) until `done` holds or `timeout` passes; the records
// polled are handed to `on_records` with the index of the consumer that got them.
inline bool poll_until(std::vector<kafka_consumer*> consumers, const std::function<bool()>& done,
                       std::chrono::milliseconds timeout = 15s,
                       const std::function<void(size_t, poll_result&)>& on_records = {}) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    for (size_t i = 0; i < consumers.size(); ++i) {
      auto records = consumers[i]->poll(20);
      if (on_records) on_records(i, records);
    }
    if (done()) return true;
  }
  return done();
}

inline size_t count(const poll_result& records) {
  size_t n = 0;
  for (const auto& [tp, list] : records) n += list.size();
  return n;
}

}  // namespace gregor::consumer_test
