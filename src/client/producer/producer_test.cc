// The producer against the real broker: every send style, codecs, keys, headers, timestamps,
// partitions, acks, linger, flush and close, size limits, and what send() throws.
#include "gregor/producer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <future>
#include <thread>

#include "producer_test_support.h"

namespace gregor::testing {
namespace {

using namespace std::chrono_literals;

class ProducerTest : public ::testing::Test {
 protected:
  // The suite's broker starts in the first test's SetUp, not in SetUpTestSuite: gtest reports the
  // tests of a suite whose SetUpTestSuite failed as skipped, which ctest counts as passing.
  void SetUp() override {
    if (!broker_) {
      broker_ = new broker_process(std::map<std::string, std::string>{{"num.partitions", "3"}});
      started_ = broker_->start();
    }
    ASSERT_TRUE(started_) << "the suite's broker did not start";
  }
  static void TearDownTestSuite() {
    delete broker_;
    broker_ = nullptr;
  }

  static config settings(std::initializer_list<std::pair<std::string_view, config_value>> extra = {}) {
    config c{{"bootstrap_servers", broker_->bootstrap()}, {"max_block_ms", 10000}};
    for (const auto& [k, v] : extra) c.set(k, v);
    return c;
  }
  static std::vector<stored_record> read(const std::string& topic, int32_t p = 0) {
    return read_partition(broker_->port(), topic, p);
  }

  static broker_process* broker_;
  static bool started_;
};
broker_process* ProducerTest::broker_ = nullptr;
bool ProducerTest::started_ = false;

TEST_F(ProducerTest, SyncSendReturnsTheRecordsMetadata) {
  kafka_producer producer(settings());
  EXPECT_TRUE(producer.idempotent()) << "Kafka 3.x default";
  for (int i = 0; i < 3; ++i) {
    auto md = producer.send("sync", "value-" + std::to_string(i), "key", 1, 1700000000000 + i).get();
    EXPECT_EQ(md.topic, "sync");
    EXPECT_EQ(md.partition, 1);
    EXPECT_EQ(md.offset, i);
    EXPECT_EQ(md.timestamp, 1700000000000 + i);
    EXPECT_EQ(md.serialized_key_size, 3);
    EXPECT_EQ(md.serialized_value_size, 7);
    EXPECT_EQ(md.serialized_header_size, -1);
  }
  auto stored = read("sync", 1);
  ASSERT_EQ(stored.size(), 3u);
  EXPECT_EQ(stored[2].value, "value-2");
  EXPECT_GE(stored[0].producer_id, 0) << "idempotent batches carry a producer id";
}

TEST_F(ProducerTest, EveryCodecCarriesKeysHeadersTimestampsAndNulls) {
  for (std::string codec : {"none", "gzip", "snappy", "lz4", "zstd"}) {
    SCOPED_TRACE(codec);
    std::string topic = "codec-" + codec;
    kafka_producer producer(settings({{"compression_type", codec}, {"linger_ms", 50}}));
    record_headers headers{{"h1", std::string("v1")}, {"h-null", std::nullopt}};
    std::vector<send_future> futures;
    futures.push_back(producer.send(topic, "plain", std::nullopt, 0, 1000));
    futures.push_back(producer.send(topic, "keyed", "k", 0, 2000, headers));
    futures.push_back(producer.send(topic, std::nullopt, "tombstone", 0, 3000));
    futures.push_back(producer.send(topic, "", "", 0, 4000));  // empty is not null
    for (int i = 0; i < 100; ++i)
      futures.push_back(producer.send(topic, std::string(200, 'a' + i % 26), std::nullopt, 0));
    producer.flush();
    for (auto& f : futures) ASSERT_TRUE(f.done() && !f.error()) << f.error()->what();
    EXPECT_EQ(futures[1].get().serialized_header_size, 10);  // "h1" "v1" "h-null"

    auto stored = read(topic);
    ASSERT_EQ(stored.size(), futures.size());
    EXPECT_EQ(stored[0].value, "plain");
    EXPECT_FALSE(stored[0].key.has_value());
    EXPECT_EQ(stored[0].timestamp, 1000);
    EXPECT_EQ(stored[1].key, "k");
    EXPECT_EQ(stored[1].headers, headers);
    EXPECT_EQ(stored[1].timestamp, 2000);
    EXPECT_FALSE(stored[2].value.has_value());
    EXPECT_EQ(stored[2].key, "tombstone");
    EXPECT_EQ(stored[3].value, "");
    EXPECT_EQ(stored[3].key, "");
    EXPECT_EQ(stored[50].value, std::string(200, 'a' + 46 % 26));
    EXPECT_STREQ(records::compression_name(stored[0].codec).data(), codec.c_str());
    EXPECT_GT(stored[10].timestamp, 1700000000000) << "default timestamp is now";
    if (codec != "none") {
      EXPECT_LT(producer.metrics().compression_rate_avg, 0.5);
    }
  }
}

TEST_F(ProducerTest, CallbacksAndContinuationsRunForEveryRecord) {
  kafka_producer producer(settings({{"linger_ms", 5}}));
  constexpr int n = 2000;
  std::atomic<int> ok{0}, failed{0}, thens{0};
  std::mutex mutex;
  std::map<int32_t, std::vector<int64_t>> offsets;
  for (int i = 0; i < n; ++i) {
    auto f = producer.send("callbacks", "v" + std::to_string(i), "key-" + std::to_string(i % 10),
                           [&](const record_metadata& md, const kafka_error* error) {
                             if (error) return void(++failed);
                             std::lock_guard lock(mutex);
                             offsets[md.partition].push_back(md.offset);
                             ++ok;
                           });
    if (i % 100 == 0)
      f.then([&](const record_metadata&, const kafka_error* e) {
        if (!e) ++thens;
      });
  }
  producer.flush();
  EXPECT_EQ(ok.load(), n) << "flush returns after the callbacks ran";
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(thens.load(), n / 100);
  size_t total = 0;
  for (auto& [p, list] : offsets) {
    // Callbacks of one partition run in offset order, without gaps.
    for (size_t i = 0; i < list.size(); ++i) EXPECT_EQ(list[i], static_cast<int64_t>(i)) << "partition " << p;
    total += list.size();
  }
  EXPECT_EQ(total, static_cast<size_t>(n));
  EXPECT_EQ(offsets.size(), 3u) << "ten keys spread over three partitions";
  // then() on a finished future runs at once.
  bool ran = false;
  producer.send("callbacks", "late").get();
  producer.send("callbacks", "late2").then([&](const record_metadata&, const kafka_error*) { ran = true; });
  producer.flush();
  EXPECT_TRUE(ran);
}

TEST_F(ProducerTest, CallbacksMaySendButNotFlush) {
  kafka_producer producer(settings());
  producer.partitions_for("from-callback");
  std::promise<std::string> outcome;
  producer.send(producer_record{"from-callback", "first", std::nullopt, 0},
                [&](const record_metadata&, const kafka_error*) {
                  std::string result;
                  try {
                    producer.flush();
                    result = "flush returned";
                  } catch (const illegal_state_error&) {
                    result = "flush refused";
                  }
                  // A send from the I/O thread queues without waiting (the topic is known).
                  producer.send("from-callback", "second", std::nullopt, 0);
                  outcome.set_value(result);
                });
  EXPECT_EQ(outcome.get_future().get(), "flush refused");
  producer.flush();
  EXPECT_EQ(read("from-callback").size(), 2u);
  // An unknown topic cannot be waited for there: send() throws at once instead.
  std::promise<bool> threw;
  producer.send("from-callback", "third", std::nullopt, [&](const record_metadata&, const kafka_error*) {
    try {
      producer.send("never-seen-from-callback", "x");
      threw.set_value(false);
    } catch (const kafka_timeout_error&) {
      threw.set_value(true);
    }
  });
  EXPECT_TRUE(threw.get_future().get());
}

TEST_F(ProducerTest, FireAndForgetThenFlushDeliversEverything) {
  kafka_producer producer(settings({{"batch_size", 4096}}));
  for (int i = 0; i < 5000; ++i) producer.send("fire", std::to_string(i), std::nullopt, 0);
  producer.flush();
  auto stored = read("fire");
  ASSERT_EQ(stored.size(), 5000u);
  for (int i = 0; i < 5000; ++i) ASSERT_EQ(stored[i].value, std::to_string(i));
  auto m = producer.metrics();
  EXPECT_EQ(m.records_sent, 5000);
  EXPECT_EQ(m.record_errors, 0);
  EXPECT_GT(m.batches_sent, 1);
  EXPECT_LE(m.batch_size_max, 4096);
  EXPECT_GT(m.records_per_request_avg, 1.0);
  EXPECT_GT(m.request_latency_avg_ms, 0.0);
  // A batch's memory returns to the pool when the I/O thread destroys it, just after it completed
  // (record_accumulator_test.cc): flush() may return a moment before the last one is back.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (m.buffer_available_bytes != m.buffer_total_bytes && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    m = producer.metrics();
  }
  EXPECT_EQ(m.buffer_available_bytes, m.buffer_total_bytes);
}

TEST_F(ProducerTest, TopicsAreAutoCreatedAndPartitionsChecked) {
  kafka_producer producer(settings());
  EXPECT_EQ(producer.partitions_for("auto-created"), 3);
  auto md = producer.send("auto-created", "x", std::nullopt, 2).get();
  EXPECT_EQ(md.partition, 2);
  try {
    producer.send("auto-created", "x", std::nullopt, 3);
    FAIL() << "partition 3 of 3 accepted";
  } catch (const kafka_error& e) {
    EXPECT_EQ(e.code(), error_code::unknown_topic_or_partition) << e.what();
  }
  EXPECT_THROW(producer.send("bad topic name!", "x"), kafka_error);
}

TEST_F(ProducerTest, AcksZeroOneAndAll) {
  for (std::string acks : {"0", "1", "all"}) {
    SCOPED_TRACE(acks);
    std::string topic = "acks-" + acks;
    kafka_producer producer(settings({{"acks", acks}}));
    EXPECT_EQ(producer.idempotent(), acks == "all");
    std::vector<send_future> futures;
    for (int i = 0; i < 50; ++i) futures.push_back(producer.send(topic, std::to_string(i), std::nullopt, 0));
    producer.flush();
    for (int i = 0; i < 50; ++i) {
      auto md = futures[i].get();
      EXPECT_EQ(md.offset, acks == "0" ? -1 : i);
    }
    // acks=0 completes once the bytes are written: the broker may still be appending them.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (read(topic).size() < 50u && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_EQ(read(topic).size(), 50u);
  }
}

TEST_F(ProducerTest, LogAppendTimeTopicsReportTheBrokersTime) {
  kafka_client admin;
  ASSERT_TRUE(admin.connect(broker_->port()));
  ASSERT_TRUE(create_topic(admin, "append-time", 1, {{"message.timestamp.type", "LogAppendTime"}}));
  kafka_producer producer(settings());
  auto before =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  auto md = producer.send("append-time", "x", std::nullopt, std::nullopt, 42).get();
  EXPECT_GE(md.timestamp, before - 1000);
  EXPECT_TRUE(read("append-time")[0].log_append_time);
}

TEST_F(ProducerTest, LingerWaitsForMoreRecordsButFlushDoesNot) {
  kafka_producer producer(settings({{"linger_ms", 300}}));
  producer.partitions_for("linger");
  auto start = std::chrono::steady_clock::now();
  std::vector<send_future> futures;
  for (int i = 0; i < 20; ++i) futures.push_back(producer.send("linger", "v", std::nullopt, 0));
  futures.back().get();
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, 250ms);
  EXPECT_EQ(producer.metrics().requests_sent, 1) << "twenty records, one lingering batch";

  kafka_producer patient(settings({{"linger_ms", 60000}}));
  patient.partitions_for("linger");
  start = std::chrono::steady_clock::now();
  auto f = patient.send("linger", "flushed");
  patient.flush(5000ms);
  EXPECT_TRUE(f.done());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
}

TEST_F(ProducerTest, OversizedRecordsAreRejectedBySend) {
  kafka_producer producer(settings({{"max_request_size", 10000}, {"buffer_memory", 1000000}}));
  try {
    producer.send("sizes", std::string(20000, 'x'));
    FAIL() << "accepted a record above max_request_size";
  } catch (const kafka_error& e) {
    EXPECT_EQ(e.code(), error_code::message_too_large);
  }
  kafka_producer small_buffer(settings({{"buffer_memory", 5000}}));
  try {
    small_buffer.send("sizes", std::string(8000, 'x'));
    FAIL() << "accepted a record above buffer_memory";
  } catch (const kafka_error& e) {
    EXPECT_EQ(e.code(), error_code::record_list_too_large);
  }
  // Just under the limit works, in a batch of its own.
  EXPECT_EQ(producer.send("sizes", std::string(9000, 'y')).get().serialized_value_size, 9000);
}

TEST_F(ProducerTest, ABatchRejectedForGoodDoesNotTakeTheBatchesBehindItDown) {
  kafka_client admin;
  ASSERT_TRUE(admin.connect(broker_->port()));
  ASSERT_TRUE(create_topic(admin, "rejected-midstream", 1, {{"max.message.bytes", "1000"}}));
  // One record per batch, five requests in flight: the oversized one is rejected while the three
  // behind it are already on the wire, carrying sequences that now have a gap.
  kafka_producer producer(settings({{"enable_idempotence", true},
                                    {"batch_size", 1},
                                    {"max_in_flight_requests_per_connection", 5},
                                    {"max_request_size", 100000}}));
  producer.send("rejected-midstream", "before", std::nullopt, 0).get();
  ASSERT_EQ(::kill(broker_->pid(), SIGSTOP), 0);
  std::vector<send_future> futures;
  futures.push_back(producer.send("rejected-midstream", "first", std::nullopt, 0));
  futures.push_back(producer.send("rejected-midstream", std::string(5000, 'x'), std::nullopt, 0));
  for (const char* v : {"third", "fourth", "fifth"}) futures.push_back(producer.send("rejected-midstream", v, std::nullopt, 0));
  std::this_thread::sleep_for(300ms);
  ::kill(broker_->pid(), SIGCONT);
  producer.flush(20000ms);
  for (size_t i = 0; i < futures.size(); ++i) {
    ASSERT_TRUE(futures[i].done()) << i;
    if (i == 1) {
      ASSERT_NE(futures[i].error(), nullptr);
      EXPECT_EQ(futures[i].error()->code(), error_code::message_too_large);
      EXPECT_EQ(std::string(futures[i].error()->what()).find("MESSAGE_TOO_LARGE: MESSAGE_TOO_LARGE"), std::string::npos)
          << futures[i].error()->what();
    } else {
      EXPECT_EQ(futures[i].error(), nullptr) << i << ": " << futures[i].error()->what();
    }
  }
  std::vector<std::string> stored;
  for (const auto& r : read("rejected-midstream")) stored.push_back(r.value.value_or("<null>"));
  EXPECT_EQ(stored, (std::vector<std::string>{"before", "first", "third", "fourth", "fifth"}));
}

TEST_F(ProducerTest, FullBufferTimesOutAfterMaxBlock) {
  kafka_producer producer(settings({{"buffer_memory", 65536}, {"max_block_ms", 500}, {"request_timeout_ms", 20000}}));
  producer.send("full", "warm-up", std::nullopt, 0).get();
  // A frozen broker keeps the connection open but answers nothing: batches pile up in memory.
  ASSERT_EQ(::kill(broker_->pid(), SIGSTOP), 0);
  auto start = std::chrono::steady_clock::now();
  bool timed_out = false;
  std::string message;
  for (int i = 0; i < 1000 && !timed_out; ++i) {
    try {
      producer.send("full", std::string(1000, 'x'), std::nullopt, 0);
    } catch (const kafka_timeout_error& e) {
      timed_out = true;
      message = e.what();
    }
  }
  auto elapsed = std::chrono::steady_clock::now() - start;
  ::kill(broker_->pid(), SIGCONT);
  ASSERT_TRUE(timed_out);
  EXPECT_NE(message.find("buffer_memory"), std::string::npos) << message;
  EXPECT_LT(elapsed, 5s);
  EXPECT_GT(producer.metrics().buffer_available_bytes, -1);
  producer.flush(20000ms);  // the broker thaws and everything queued goes through
  EXPECT_EQ(producer.metrics().record_errors, 0);
}

TEST_F(ProducerTest, UnreachableBootstrapTimesOutWithinMaxBlock) {
  config c{{"bootstrap_servers", "127.0.0.1:" + std::to_string(free_loopback_port())}, {"max_block_ms", 1000}};
  auto start = std::chrono::steady_clock::now();
  {
    kafka_producer producer(c);
    try {
      producer.send("nowhere", "x");
      FAIL() << "send succeeded without a broker";
    } catch (const kafka_timeout_error& e) {
      EXPECT_NE(std::string(e.what()).find("not present in metadata"), std::string::npos) << e.what();
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 4s) << "closing does not hang either";
}

TEST_F(ProducerTest, CloseFlushesOrFailsAndThenRejectsSends) {
  {
    kafka_producer producer(settings({{"linger_ms", 60000}}));
    auto f = producer.send("closing", "flushed by close", std::nullopt, 0);
    producer.close();
    ASSERT_TRUE(f.done());
    EXPECT_EQ(f.get().offset, 0);
    EXPECT_THROW(producer.send("closing", "after"), illegal_state_error);
    producer.close();  // again: nothing happens
  }
  {
    kafka_producer producer(settings({{"linger_ms", 60000}}));
    producer.partitions_for("closing");
    std::atomic<int> failures{0};
    auto f = producer.send("closing", "dropped", std::nullopt, [&](const record_metadata&, const kafka_error* e) {
      if (e) ++failures;
    });
    producer.close(0ms);
    ASSERT_TRUE(f.done());
    EXPECT_NE(f.error(), nullptr);
    EXPECT_THROW(f.get(), kafka_error);
    EXPECT_EQ(failures.load(), 1);
  }
  EXPECT_EQ(read("closing").size(), 1u);
}

TEST_F(ProducerTest, ManyThreadsKeepPerKeyOrder) {
  kafka_producer producer(settings({{"linger_ms", 2}}));
  constexpr int threads = 4, per_thread = 5000;
  std::vector<std::thread> senders;
  for (int t = 0; t < threads; ++t) {
    senders.emplace_back([&, t] {
      std::string key = "thread-" + std::to_string(t);
      for (int i = 0; i < per_thread; ++i) producer.send("threads", key + ":" + std::to_string(i), key);
    });
  }
  for (auto& s : senders) s.join();
  producer.flush();
  std::map<std::string, int> next;
  size_t total = 0;
  for (int p = 0; p < 3; ++p) {
    for (const auto& r : read("threads", p)) {
      auto colon = r.value->find(':');
      std::string key = r.value->substr(0, colon);
      int seq = std::stoi(r.value->substr(colon + 1));
      EXPECT_EQ(seq, next[key]) << key;
      next[key] = seq + 1;
      ++total;
    }
  }
  EXPECT_EQ(total, static_cast<size_t>(threads * per_thread));
}

TEST_F(ProducerTest, TypedProducerSerializesKeysAndValues) {
  serializer<int> int_to_text = [](const std::string&, const int& v) {
    return std::optional<bytes>(std::to_string(v));
  };
  serializer<std::string> upper = [](const std::string& topic, const std::string& v) {
    if (v == "bad") throw std::runtime_error("no bad values");
    std::string out = topic + "/" + v;
    return std::optional<bytes>(out);
  };
  producer<int, std::string> typed(settings(), int_to_text, upper);
  auto md = typed.send("typed", std::string("hello"), 7, 0).get();
  EXPECT_EQ(md.serialized_key_size, 1);
  typed.send("typed", std::nullopt, 8, 0).get();
  EXPECT_THROW(typed.send("typed", std::string("bad"), 9), serialization_error);
  auto stored = read("typed");
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].value, "typed/hello");
  EXPECT_EQ(stored[0].key, "7");
  EXPECT_FALSE(stored[1].value.has_value());
}

TEST_F(ProducerTest, CustomAndNamedPartitioners) {
  struct always_last : partitioner {
    int32_t partition(std::string_view, const std::optional<bytes>&, int32_t n, const std::vector<int32_t>&) override {
      return n - 1;
    }
  };
  kafka_producer custom(settings(), std::make_shared<always_last>());
  EXPECT_EQ(custom.send("custom-partitioner", "x", "any key").get().partition, 2);

  kafka_producer round_robin(settings({{"partitioner", "round_robin"}}));
  std::set<int32_t> seen;
  for (int i = 0; i < 6; ++i) seen.insert(round_robin.send("round-robin", "x").get().partition);
  EXPECT_EQ(seen.size(), 3u);
  EXPECT_THROW(kafka_producer(settings({{"partitioner", "nope"}})), config_error);
}

}  // namespace
}  // namespace gregor::testing
