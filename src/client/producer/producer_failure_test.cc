// The producer when things go wrong: the broker crashes and comes back mid-stream, a topic is
// deleted while records are on their way.
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <thread>

#include "gregor/producer.h"
#include "producer_test_support.h"

namespace gregor::testing {
namespace {

using namespace std::chrono_literals;

// "" when `values` is exactly "0", "1", ..., count-1; else where it first goes wrong.
std::string sequence_problem(const std::vector<std::string>& values, int count) {
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i] != std::to_string(i)) {
      return "offset " + std::to_string(i) + " holds " + values[i] + " (lost, duplicated or reordered records)";
    }
  }
  if (values.size() != static_cast<size_t>(count)) {
    return std::to_string(values.size()) + " records stored, " + std::to_string(count) + " sent";
  }
  return "";
}

// Records produced while the broker is killed (SIGKILL) and restarted: every acknowledged record
// is stored, each partition keeps send order, and idempotence leaves no duplicates.
TEST(ProducerFailure, IdempotentProducerSurvivesABrokerCrash) {
  broker_process broker(std::map<std::string, std::string>{{"num.partitions", "2"}});
  ASSERT_TRUE(broker.start());
  kafka_producer producer({{"bootstrap_servers", broker.bootstrap()},
                           {"linger_ms", 1},
                           {"batch_size", 2048},
                           {"request_timeout_ms", 3000},
                           {"delivery_timeout_ms", 30000},
                           {"retry_backoff_ms", 50},
                           {"reconnect_backoff_max_ms", 200}});
  ASSERT_TRUE(producer.idempotent());
  ASSERT_EQ(producer.partitions_for("crash"), 2);

  constexpr int n = 20000;  // n / 2 records per partition, values 0, 1, 2, ... in each
  std::atomic<int> acked{0}, failed{0};
  std::string first_error;
  std::mutex mutex;
  std::thread sender([&] {
    for (int i = 0; i < n; ++i) {
      producer.send("crash", std::to_string(i / 2), std::nullopt, i % 2, std::nullopt, {});
      producer.send(producer_record{"crash-cb", std::to_string(i / 2), std::nullopt, i % 2},
                    [&](const record_metadata&, const kafka_error* e) {
                      if (!e) return void(++acked);
                      std::lock_guard lock(mutex);
                      if (failed++ == 0) first_error = e->what();
                    });
      // A steady stream over about a second, so that both crashes land in the middle of it with
      // requests in flight.
      if (i % 20 == 0) std::this_thread::sleep_for(1ms);
    }
  });
  // Two crashes. The first hits the broker while it works: likely between appending a batch and
  // acknowledging it, which makes retries that would duplicate without idempotence.
  std::this_thread::sleep_for(250ms);
  broker.kill();
  std::this_thread::sleep_for(150ms);
  ASSERT_TRUE(broker.start());
  // The second freezes it first, so that requests are surely in flight when it dies.
  std::this_thread::sleep_for(250ms);
  ASSERT_EQ(::kill(broker.pid(), SIGSTOP), 0);
  std::this_thread::sleep_for(150ms);
  broker.kill();
  std::this_thread::sleep_for(150ms);
  ASSERT_TRUE(broker.start());
  sender.join();
  producer.flush(40000ms);
  EXPECT_EQ(failed.load(), 0) << first_error;
  EXPECT_EQ(acked.load(), n);
  EXPECT_GT(producer.metrics().record_retries, 0) << "the crash should have forced retries";

  for (std::string topic : {"crash", "crash-cb"}) {
    for (int32_t p = 0; p < 2; ++p) {
      EXPECT_EQ(sequence_problem(values_of(read_partition(broker.port(), topic, p)), n / 2), "") << topic << "-" << p;
    }
  }
}

// A topic deleted while records are queued and in flight: they fail within delivery_timeout_ms
// with an error that names the problem, and new sends fail after max_block_ms.
TEST(ProducerFailure, DeletedTopicFailsRecordsInsteadOfHanging) {
  broker_process broker(std::map<std::string, std::string>{{"auto.create.topics.enable", "false"}});
  ASSERT_TRUE(broker.start());
  kafka_client admin;
  ASSERT_TRUE(admin.connect(broker.port()));
  ASSERT_TRUE(create_topic(admin, "doomed", 1));
  kafka_producer producer({{"bootstrap_servers", broker.bootstrap()},
                           {"request_timeout_ms", 1500},
                           {"delivery_timeout_ms", 3000},
                           {"max_block_ms", 1000},
                           {"linger_ms", 0}});
  ASSERT_EQ(producer.send("doomed", "before").get().offset, 0);

  delete_topics_request del;
  del.topic_names = {"doomed"};
  auto deleted = admin.call<delete_topics_response>(del, 4);
  ASSERT_TRUE(deleted);
  ASSERT_EQ(deleted->responses[0].error_code, 0);

  auto start = std::chrono::steady_clock::now();
  std::vector<send_future> futures;
  std::string send_error;
  for (int i = 0; i < 50; ++i) {
    try {
      futures.push_back(producer.send("doomed", "after-" + std::to_string(i)));
    } catch (const kafka_timeout_error& e) {
      send_error = e.what();  // once metadata says the topic is gone, send() itself gives up
      break;
    }
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_FALSE(futures.empty());
  for (auto& f : futures) {
    ASSERT_TRUE(f.wait_for(10s)) << "a record of a deleted topic is still pending";
    ASSERT_NE(f.error(), nullptr);
    std::string what = f.error()->what();
    EXPECT_NE(what.find("UNKNOWN_TOPIC_OR_PARTITION"), std::string::npos) << what;
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
  if (!send_error.empty()) {
    EXPECT_NE(send_error.find("doomed"), std::string::npos) << send_error;
  }
  EXPECT_THROW(producer.send("doomed", "later"), kafka_timeout_error);
}

}  // namespace
}  // namespace gregor::testing
