// A consumer in a group (kafka-python README: KafkaConsumer('my_favorite_topic',
// group_id='my_favorite_group')): subscribe, iterate records until consumer_timeout_ms passes
// without one, commit the positions and read the committed offsets back.
//
// Usage: consumer_group [BOOTSTRAP] [SUFFIX]
#include <iostream>
#include <string>

#include "example_util.h"
#include "gregor/consumer.h"
#include "gregor/producer.h"

int main(int argc, char** argv) try {
  auto args = examples::parse_args(argc, argv);
  const std::string topic = args.name("example-group");
  const std::string group = args.name("example-group");
  constexpr int records = 20;
  examples::ensure_topic(args.bootstrap, topic, 2);

  gregor::kafka_producer producer({{"bootstrap_servers", args.bootstrap}});
  for (int i = 0; i < records; ++i) producer.send(topic, "message-" + std::to_string(i), "key-" + std::to_string(i));
  producer.flush();
  std::cout << "produced " << records << " records to " << topic << std::endl;

  // Offsets are committed explicitly below, so auto commit is off.
  gregor::kafka_consumer consumer({{"bootstrap_servers", args.bootstrap},
                                   {"group_id", group},
                                   {"auto_offset_reset", "earliest"},
                                   {"enable_auto_commit", false},
                                   {"consumer_timeout_ms", 10000}});
  consumer.subscribe({topic});
  int seen = 0;
  for (auto& record : consumer) {  // ends after consumer_timeout_ms without a record
    std::cout << record.topic << ":" << record.partition << ":" << record.offset << " key=" << record.key.value_or("")
              << " value=" << record.value.value_or("") << std::endl;
    if (++seen == records) break;
  }
  std::cout << "consumed " << seen << " records as group " << group << std::endl;
  if (seen != records) return 1;

  consumer.commit();
  int64_t committed_total = 0;
  for (const auto& tp : consumer.assignment()) {
    auto c = consumer.committed(tp);
    std::cout << "committed " << tp.topic << ":" << tp.partition << " = " << (c ? c->offset : -1) << std::endl;
    if (c) committed_total += c->offset;
  }
  std::cout << "committed offsets sum to " << committed_total << std::endl;
  consumer.close();
  if (committed_total != records) return 1;
  std::cout << "OK" << std::endl;
  return 0;
} catch (const std::exception& e) {
  std::cerr << "FAILED: " << e.what() << std::endl;
  return 1;
}
