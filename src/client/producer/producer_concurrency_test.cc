// Many threads using one producer at once: sends with futures and callbacks, flushes, metrics,
// and a close() while sends are still coming in. Also meant to be run under ThreadSanitizer
// (librdkafka's in-process mock does not run under it, so this uses the real broker).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "gregor/producer.h"
#include "producer_test_support.h"

namespace gregor {
namespace {

using namespace std::chrono_literals;

TEST(ProducerConcurrency, SendersFlushersAndCloseTogether) {
  testing::broker_process broker(std::map<std::string, std::string>{{"num.partitions", "4"}});
  ASSERT_TRUE(broker.start());
  kafka_producer producer({{"bootstrap_servers", broker.bootstrap()},
                           {"linger_ms", 1},
                           {"batch_size", 2048},
                           {"buffer_memory", 65536},  // small: senders also block on memory
                           {"max_block_ms", 20000}});
  constexpr int threads = 4, per_thread = 3000;
  std::atomic<int> callbacks{0}, errors{0};
  std::mutex mutex;
  std::map<int32_t, std::vector<int64_t>> offsets;
  std::vector<std::thread> senders;
  std::vector<std::vector<send_future>> futures(threads);
  for (int t = 0; t < threads; ++t) {
    senders.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        std::string value = std::to_string(t) + ":" + std::to_string(i);
        if (i % 2 == 0) {
          futures[t].push_back(producer.send("busy", value, "key-" + std::to_string(t)));
        } else {
          producer.send("busy", value, std::nullopt, [&](const record_metadata& md, const kafka_error* e) {
            if (e) return void(++errors);
            std::lock_guard lock(mutex);
            offsets[md.partition].push_back(md.offset);
            ++callbacks;
          });
        }
        if (i % 1000 == 0) producer.metrics();
      }
    });
  }
  std::thread flusher([&] {
    for (int i = 0; i < 5; ++i) {
      producer.flush(20000ms);
      std::this_thread::sleep_for(5ms);
    }
  });
  for (auto& s : senders) s.join();
  flusher.join();
  producer.flush(20000ms);
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(callbacks.load(), threads * per_thread / 2);
  for (auto& list : futures) {
    for (auto& f : list) {
      ASSERT_TRUE(f.done());
      ASSERT_EQ(f.error(), nullptr) << f.error()->what();
      std::lock_guard lock(mutex);
      offsets[f.get().partition].push_back(f.get().offset);
    }
  }
  // Every offset of every partition handed out exactly once.
  size_t total = 0;
  for (auto& [p, list] : offsets) {
    std::sort(list.begin(), list.end());
    for (size_t i = 0; i < list.size(); ++i) ASSERT_EQ(list[i], static_cast<int64_t>(i)) << "partition " << p;
    total += list.size();
  }
  EXPECT_EQ(total, static_cast<size_t>(threads * per_thread));
  EXPECT_EQ(producer.metrics().records_sent, threads * per_thread);

  // close() while other threads are still sending: they either get their record in or see
  // illegal_state_error; nothing hangs or crashes.
  std::atomic<bool> stop{false};
  std::vector<std::thread> late;
  for (int t = 0; t < 2; ++t) {
    late.emplace_back([&] {
      while (!stop) {
        try {
          producer.send("busy", "late");
        } catch (const illegal_state_error&) {
          return;
        }
      }
    });
  }
  std::this_thread::sleep_for(20ms);
  producer.close(5000ms);
  stop = true;
  for (auto& t : late) t.join();
}

}  // namespace
}  // namespace gregor
