// e2e_latency: end-to-end latency through a broker at a fixed rate (bench scenario P4), with
// Gregor's own producer and consumer in one process.
//
//   e2e_latency -b HOST:PORT -t TOPIC [--rate 10000] [--seconds 10] [--warmup 2] [--size 1024]
//               [--acks 1|all] [-X key=value]...      (-X goes to the producer)
//
// The producer sends --rate records per second to partition 0 of TOPIC on a fixed schedule:
// record i is due at start + i / rate. Each record carries its due time (the "intended send
// time") and its sequence number in the first 16 bytes of its value. The consumer, a thread of the
// same process reading the partition, takes the time when poll() hands it a record and subtracts
// the due time. Measuring from the due time rather than from when send() was called keeps
// coordinated omission out: when the producer (or anything else) stalls, the records that should
// have left meanwhile count their wait. Records of the first --warmup seconds are not counted.
//
// Prints (nearest-rank percentiles over the measured records)
//   RESULT rate=R sent=N received=N measured=M p50_us=A p99_us=B p999_us=C max_us=D errors=E
// and exits 1 when records went missing or failed.
#include <sys/prctl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "gregor/consumer.h"
#include "gregor/producer.h"

namespace {

using steady = std::chrono::steady_clock;

struct options {
  std::string bootstrap = "127.0.0.1:9092", topic, acks = "1";
  double rate = 10000, seconds = 10, warmup = 2;
  size_t size = 1024;
  std::vector<std::pair<std::string, std::string>> extra;
};

[[noreturn]] void usage() {
  std::fprintf(stderr,
               "usage: e2e_latency -b BOOTSTRAP -t TOPIC [--rate R] [--seconds S] [--warmup S] [--size BYTES] "
               "[--acks 1|all] [-X key=value]...\n");
  std::exit(2);
}

options parse(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; i += 2) {
    if (i + 1 >= argc) usage();
    std::string flag = argv[i], v = argv[i + 1];
    if (flag == "-b") o.bootstrap = v;
    else if (flag == "-t") o.topic = v;
    else if (flag == "--rate") o.rate = std::stod(v);
    else if (flag == "--seconds") o.seconds = std::stod(v);
    else if (flag == "--warmup") o.warmup = std::stod(v);
    else if (flag == "--size") o.size = std::stoul(v);
    else if (flag == "--acks") o.acks = v;
    else if (flag == "-X") {
      auto eq = v.find('=');
      if (eq == std::string::npos) usage();
      o.extra.emplace_back(v.substr(0, eq), v.substr(eq + 1));
    } else usage();
  }
  if (o.topic.empty() || o.rate <= 0 || o.seconds <= 0 || o.size < 16) usage();
  return o;
}

// The first 16 bytes of every value.
struct stamp {
  int64_t due_ns;  // steady_clock time since its epoch
  int64_t sequence;
};

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t rank = static_cast<size_t>(p / 100.0 * static_cast<double>(sorted.size()) + 0.999999);
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

int64_t since_epoch_ns(steady::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

}  // namespace

int main(int argc, char** argv) try {
  options o = parse(argc, argv);
  // Sleeps end within a microsecond or so of their deadline instead of the default 50 us slack.
  prctl(PR_SET_TIMERSLACK, 1UL);

  const auto total = static_cast<int64_t>(o.rate * (o.warmup + o.seconds));
  const auto first_measured = static_cast<int64_t>(o.rate * o.warmup);
  const gregor::topic_partition tp{o.topic, 0};

  gregor::config producer_cfg{{"bootstrap_servers", o.bootstrap}, {"acks", o.acks}, {"linger_ms", 0}};
  for (const auto& [k, v] : o.extra) producer_cfg.set(k, v);
  gregor::kafka_producer producer(producer_cfg);
  producer.partitions_for(o.topic);  // creates the topic (auto.create.topics.enable) and connects

  gregor::kafka_consumer consumer({{"bootstrap_servers", o.bootstrap},
                                   {"auto_offset_reset", "latest"},
                                   {"enable_auto_commit", false}});
  consumer.assign({tp});
  consumer.seek_to_end();
  consumer.position(tp);  // resolves the offset now, so the consumer is ready before the first record

  std::vector<double> latency_us;
  latency_us.reserve(static_cast<size_t>(total - first_measured));
  std::atomic<bool> producer_done{false};
  int64_t received = 0;
  std::thread reader([&] {
    auto give_up = steady::time_point::max();
    while (received < total && steady::now() < give_up) {
      auto batch = consumer.poll(100);
      auto now = since_epoch_ns(steady::now());
      for (const auto& [partition, records] : batch)
        for (const auto& r : records) {
          stamp s{};
          if (r.value && r.value->size() >= sizeof s) std::memcpy(&s, r.value->data(), sizeof s);
          if (s.sequence >= first_measured) latency_us.push_back(static_cast<double>(now - s.due_ns) / 1e3);
          ++received;
        }
      // Once everything is sent, wait at most 10 s more for the rest.
      if (producer_done && give_up == steady::time_point::max()) give_up = steady::now() + std::chrono::seconds(10);
    }
  });

  std::string value(o.size, 'x');
  for (size_t i = sizeof(stamp); i < value.size(); ++i) value[i] = static_cast<char>('a' + i % 26);
  const auto start = steady::now() + std::chrono::milliseconds(10);
  const double interval_ns = 1e9 / o.rate;
  for (int64_t i = 0; i < total; ++i) {
    auto due = start + std::chrono::nanoseconds(static_cast<int64_t>(static_cast<double>(i) * interval_ns));
    if (steady::now() < due) std::this_thread::sleep_until(due);
    stamp s{since_epoch_ns(due), i};
    std::memcpy(value.data(), &s, sizeof s);
    producer.send(o.topic, value, std::nullopt, 0);  // fire and forget; failures counted by metrics
  }
  producer.flush();
  producer_done = true;
  reader.join();
  int64_t errors = producer.metrics().record_errors;
  producer.close();
  consumer.close(false);

  std::sort(latency_us.begin(), latency_us.end());
  std::printf("RESULT rate=%.0f sent=%lld received=%lld measured=%zu p50_us=%.1f p99_us=%.1f p999_us=%.1f "
              "max_us=%.1f errors=%lld\n",
              o.rate, static_cast<long long>(total), static_cast<long long>(received), latency_us.size(),
              percentile(latency_us, 50), percentile(latency_us, 99), percentile(latency_us, 99.9),
              latency_us.empty() ? 0.0 : latency_us.back(), static_cast<long long>(errors));
  return received == total && errors == 0 ? 0 : 1;
} catch (const std::exception& e) {
  std::fprintf(stderr, "e2e_latency: %s\n", e.what());
  return 1;
}
