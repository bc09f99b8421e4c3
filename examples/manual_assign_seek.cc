// Manual partition assignment and seeking (kafka-python README: consumer.assign([TopicPartition(
// 'foo', 2)]), seek(), seek_to_beginning(), seek_to_end(), position()): no group, the
// application chooses the partition and where to read from.
//
// Usage: manual_assign_seek [BOOTSTRAP] [SUFFIX]
#include <iostream>
#include <string>

#include "example_util.h"
#include "gregor/consumer.h"
#include "gregor/producer.h"

namespace {

bool check(bool ok, const std::string& what) {
  std::cout << what << (ok ? "" : "  <-- unexpected") << std::endl;
  return ok;
}

}  // namespace

int main(int argc, char** argv) try {
  auto args = examples::parse_args(argc, argv);
  const std::string topic = args.name("example-assign");
  examples::ensure_topic(args.bootstrap, topic, 2);
  const gregor::topic_partition tp{topic, 1};

  gregor::kafka_producer producer({{"bootstrap_servers", args.bootstrap}});
  for (int i = 0; i < 10; ++i) producer.send(topic, "record-" + std::to_string(i), std::nullopt, tp.partition);
  producer.flush();
  std::cout << "produced 10 records to " << topic << ":" << tp.partition << std::endl;

  gregor::kafka_consumer consumer({{"bootstrap_servers", args.bootstrap}});
  consumer.assign({tp});
  bool ok = true;
  ok &= check(consumer.assignment().size() == 1, "assigned " + topic + ":1");

  consumer.seek_to_end({tp});
  ok &= check(consumer.position(tp) == 10, "after seek_to_end position=" + std::to_string(consumer.position(tp)));
  consumer.seek_to_beginning({tp});
  ok &= check(consumer.position(tp) == 0, "after seek_to_beginning position=" + std::to_string(consumer.position(tp)));

  consumer.seek(tp, 5);
  ok &= check(consumer.position(tp) == 5, "after seek(5) position=" + std::to_string(consumer.position(tp)));
  int64_t expected = 5;
  for (int attempt = 0; attempt < 50 && expected < 10; ++attempt) {
    for (auto& [p, records] : consumer.poll(200)) {
      for (auto& r : records) {
        std::cout << "read offset " << r.offset << " value=" << r.value.value_or("") << std::endl;
        ok &= r.offset == expected && r.value == "record-" + std::to_string(expected);
        ++expected;
      }
    }
  }
  ok &= check(expected == 10, "read offsets 5..9 after seek(5)");
  ok &= check(consumer.position(tp) == 10, "position after reading=" + std::to_string(consumer.position(tp)));

  auto begin = consumer.beginning_offsets({tp});
  auto end = consumer.end_offsets({tp});
  std::cout << "beginning_offsets=" << begin[tp] << " end_offsets=" << end[tp] << std::endl;
  ok &= begin[tp] == 0 && end[tp] == 10;
  consumer.close();
  if (!ok) return 1;
  std::cout << "OK" << std::endl;
  return 0;
} catch (const std::exception& e) {
  std::cerr << "FAILED: " << e.what() << std::endl;
  return 1;
}
