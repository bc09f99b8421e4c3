// consumer_perf: reads N records from partition 0 of a topic as fast as it can and prints the
// rate, for comparing kafka_consumer with librdkafka's rdkafka_performance -C (see bench/).
//
//   consumer_perf <bootstrap> <topic> <count> [poll|iterate] [setting=value ...]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "gregor/consumer.h"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s <bootstrap> <topic> <count> [poll|iterate] [setting=value ...]\n", argv[0]);
    return 2;
  }
  std::string topic = argv[2];
  long long want = std::atoll(argv[3]);
  bool iterate = argc > 4 && std::string(argv[4]) == "iterate";
  gregor::config cfg{{"bootstrap_servers", argv[1]}, {"auto_offset_reset", "earliest"}};
  for (int i = 5; i < argc; ++i) {
    std::string kv = argv[i];
    auto eq = kv.find('=');
    if (eq != std::string::npos) cfg.set(kv.substr(0, eq), kv.substr(eq + 1));
  }
  gregor::kafka_consumer consumer(cfg);
  consumer.assign({{topic, 0}});
  consumer.seek({topic, 0}, 0);
  long long got = 0, bytes = 0;
  auto start = std::chrono::steady_clock::now();
  if (iterate) {
    while (got < want) {
      auto r = consumer.next_record();
      if (!r) break;
      ++got;
      bytes += r->value ? static_cast<long long>(r->value->size()) : 0;
    }
  } else {
    while (got < want) {
      for (auto& [tp, records] : consumer.poll(1000)) {
        got += static_cast<long long>(records.size());
        for (auto& r : records) bytes += r.value ? static_cast<long long>(r.value->size()) : 0;
      }
    }
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%lld records (%lld value bytes) in %.3f s: %.0f records/s, %.2f MB/s (%s)\n", got, bytes, secs,
              static_cast<double>(got) / secs, static_cast<double>(bytes) / secs / 1e6, iterate ? "iterate" : "poll");
  consumer.close(false);
  return got >= want ? 0 : 1;
}
