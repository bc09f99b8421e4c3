// client_perf: Gregor's C++ client producing or consuming as fast as it can, reporting the same
// figures as librdkafka's rdkafka_performance so bench/run can print the two side by side.
//
//   client_perf produce -b HOST:PORT -t TOPIC -s SIZE -c COUNT [-p PARTITION] [-a ACKS] [-z CODEC] [-X key=value]...
//   client_perf consume -b HOST:PORT -t TOPIC -c COUNT [-p PARTITION] [-X key=value]...
//
// Produce sends COUNT records of SIZE bytes to partition 0 (as rdkafka_performance -p 0 does; -p
// picks another, -p -1 lets the partitioner spread them), fire-and-forget, then flushes; failures
// come from the producer's metrics. Consume assigns partition 0 (or -p PARTITION; -p -1: every
// partition of the topic) from the beginning and polls until COUNT records arrived. Prints one line:
//   RESULT records=N bytes=B seconds=S records_per_s=R mb_per_s=M errors=E
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "gregor/consumer.h"
#include "gregor/producer.h"

namespace {

struct options {
  std::string mode, bootstrap = "127.0.0.1:9092", topic = "perf", acks = "1", codec = "none";
  size_t size = 100;
  int64_t count = 1000000;
  int32_t partition = 0;  // -1: the partitioner (produce) or every partition (consume)
  std::vector<std::pair<std::string, std::string>> extra;
};

[[noreturn]] void usage() {
  std::fprintf(stderr,
               "usage: client_perf produce|consume -b BOOTSTRAP -t TOPIC -c COUNT [-p PARTITION] [-s SIZE] [-a ACKS] [-z CODEC] "
               "[-X key=value]...\n");
  std::exit(2);
}

options parse(int argc, char** argv) {
  if (argc < 2) usage();
  options o;
  o.mode = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string flag = argv[i];
    if (i + 1 >= argc) usage();
    std::string v = argv[++i];
    if (flag == "-b") o.bootstrap = v;
    else if (flag == "-t") o.topic = v;
    else if (flag == "-s") o.size = std::stoul(v);
    else if (flag == "-c") o.count = std::stoll(v);
    else if (flag == "-p") o.partition = std::stoi(v);
    else if (flag == "-a") o.acks = v;
    else if (flag == "-z") o.codec = v;
    else if (flag == "-X") {
      auto eq = v.find('=');
      if (eq == std::string::npos) usage();
      o.extra.emplace_back(v.substr(0, eq), v.substr(eq + 1));
    } else usage();
  }
  if (o.mode != "produce" && o.mode != "consume") usage();
  return o;
}

void report(int64_t records, int64_t bytes, double seconds, int64_t errors) {
  std::printf("RESULT records=%lld bytes=%lld seconds=%.3f records_per_s=%.0f mb_per_s=%.2f errors=%lld\n",
              static_cast<long long>(records), static_cast<long long>(bytes), seconds, records / seconds,
              bytes / seconds / 1e6, static_cast<long long>(errors));
}

int produce(const options& o) {
  gregor::config cfg{{"bootstrap_servers", o.bootstrap}, {"acks", o.acks}, {"compression_type", o.codec}};
  for (const auto& [k, v] : o.extra) cfg.set(k, v);
  gregor::kafka_producer producer(cfg);
  std::string value(o.size, 'x');
  for (size_t i = 0; i < value.size(); ++i) value[i] = static_cast<char>('a' + i % 26);
  producer.partitions_for(o.topic);  // metadata first, so the clock measures sending only
  auto start = std::chrono::steady_clock::now();
  // Fire and forget (futures dropped); failures are counted by the producer's metrics.
  std::optional<int32_t> partition;
  if (o.partition >= 0) partition = o.partition;
  for (int64_t i = 0; i < o.count; ++i) producer.send(o.topic, value, std::nullopt, partition);
  producer.flush();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  int64_t errors = producer.metrics().record_errors;
  report(o.count, o.count * static_cast<int64_t>(o.size), seconds, errors);
  producer.close();
  return errors == 0 ? 0 : 1;
}

int consume(const options& o) {
  gregor::config cfg{{"bootstrap_servers", o.bootstrap}, {"auto_offset_reset", "earliest"},
                     {"enable_auto_commit", false}};
  for (const auto& [k, v] : o.extra) cfg.set(k, v);
  gregor::kafka_consumer consumer(cfg);
  std::vector<gregor::topic_partition> partitions;
  if (o.partition >= 0) {
    partitions.push_back({o.topic, o.partition});
  } else {
    auto known = consumer.partitions_for_topic(o.topic);
    if (!known) throw std::runtime_error("unknown topic " + o.topic);
    for (int32_t p : *known) partitions.push_back({o.topic, p});
  }
  consumer.assign(partitions);
  consumer.seek_to_beginning();
  int64_t records = 0, bytes = 0;
  auto start = std::chrono::steady_clock::now();
  bool started = false;
  while (records < o.count) {
    auto batch = consumer.poll(1000);
    for (const auto& [tp, list] : batch) {
      if (!started && !list.empty()) {
        // Measure from the first record, as rdkafka_performance does.
        start = std::chrono::steady_clock::now();
        started = true;
      }
      for (const auto& r : list) bytes += r.value ? static_cast<int64_t>(r.value->size()) : 0;
      records += static_cast<int64_t>(list.size());
    }
    if (batch.empty() && std::chrono::steady_clock::now() - start > std::chrono::seconds(60)) {
      std::fprintf(stderr, "consumed only %lld of %lld records\n", static_cast<long long>(records),
                   static_cast<long long>(o.count));
      return 1;
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report(records, bytes, seconds, 0);
  consumer.close(false);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  options o = parse(argc, argv);
  try {
    return o.mode == "produce" ? produce(o) : consume(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "client_perf: %s\n", e.what());
    return 1;
  }
}
