// Flow control with pause() and resume() (kafka-python's KafkaConsumer.pause/resume): a paused
// partition returns nothing from poll() until it is resumed, while the others keep flowing.
//
// Usage: pause_resume [BOOTSTRAP] [SUFFIX]
#include <chrono>
#include <iostream>
#include <map>
#include <string>

#include "example_util.h"
#include "gregor/consumer.h"
#include "gregor/producer.h"

int main(int argc, char** argv) try {
  auto args = examples::parse_args(argc, argv);
  const std::string topic = args.name("example-pause");
  examples::ensure_topic(args.bootstrap, topic, 2);
  const gregor::topic_partition p0{topic, 0}, p1{topic, 1};

  gregor::kafka_producer producer({{"bootstrap_servers", args.bootstrap}});
  for (int i = 0; i < 5; ++i) {
    producer.send(topic, "p0-" + std::to_string(i), std::nullopt, 0);
    producer.send(topic, "p1-" + std::to_string(i), std::nullopt, 1);
  }
  producer.flush();
  std::cout << "produced 5 records to each of 2 partitions" << std::endl;

  gregor::kafka_consumer consumer({{"bootstrap_servers", args.bootstrap}, {"auto_offset_reset", "earliest"}});
  consumer.assign({p0, p1});
  consumer.pause({p0});
  std::cout << "paused partition 0 (paused() has " << consumer.paused().size() << " partition)" << std::endl;

  std::map<int32_t, int> counts;
  // Poll a while: partition 1 delivers everything, partition 0 nothing.
  auto poll_for = [&](std::chrono::milliseconds how_long, auto done) {
    auto deadline = std::chrono::steady_clock::now() + how_long;
    while (!done() && std::chrono::steady_clock::now() < deadline)
      for (auto& [tp, records] : consumer.poll(100)) counts[tp.partition] += static_cast<int>(records.size());
  };
  poll_for(std::chrono::seconds(10), [&] { return counts[1] == 5; });
  poll_for(std::chrono::milliseconds(500), [] { return false; });  // give partition 0 a chance to leak
  std::cout << "while paused: partition 0 gave " << counts[0] << ", partition 1 gave " << counts[1] << std::endl;
  if (counts[0] != 0 || counts[1] != 5) return 1;

  consumer.resume({p0});
  std::cout << "resumed partition 0 (paused() has " << consumer.paused().size() << " partitions)" << std::endl;
  poll_for(std::chrono::seconds(10), [&] { return counts[0] == 5; });
  std::cout << "after resume: partition 0 gave " << counts[0] << std::endl;
  consumer.close();
  if (counts[0] != 5) return 1;
  std::cout << "OK" << std::endl;
  return 0;
} catch (const std::exception& e) {
  std::cerr << "FAILED: " << e.what() << std::endl;
  return 1;
}
