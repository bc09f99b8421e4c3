// Producer basics (kafka-python README "KafkaProducer" section, in C++): a synchronous send that
// waits on its future, asynchronous sends with a callback, fire-and-forget with flush(), keyed
// sends (same key, same partition) and record headers.
//
// Usage: producer_futures_and_callbacks [BOOTSTRAP] [SUFFIX]
#include <atomic>
#include <iostream>
#include <string>

#include "example_util.h"
#include "gregor/producer.h"

int main(int argc, char** argv) try {
  auto args = examples::parse_args(argc, argv);
  const std::string topic = args.name("example-producer");
  examples::ensure_topic(args.bootstrap, topic, 3);

  gregor::kafka_producer producer({{"bootstrap_servers", args.bootstrap}, {"linger_ms", 5}});

  // 1. Synchronous: get() blocks until the broker acknowledged the record (or throws).
  gregor::record_metadata md = producer.send(topic, "raw_bytes").get();
  std::cout << "sync send: topic=" << md.topic << " partition=" << md.partition << " offset=" << md.offset
            << std::endl;

  // 2. Asynchronous: the callback runs on the producer's I/O thread, so it only counts.
  std::atomic<int> delivered{0}, failed{0};
  for (int i = 0; i < 10; ++i) {
    producer.send(topic, "async-" + std::to_string(i), std::nullopt,
                  [&](const gregor::record_metadata&, const gregor::kafka_error* error) {
                    (error ? failed : delivered)++;
                  });
  }
  producer.flush();  // waits for every callback above to have run
  std::cout << "async send: " << delivered << " delivered, " << failed << " failed via callback" << std::endl;
  if (delivered != 10) return 1;

  // 3. Fire and forget: ignore the futures, flush() before relying on delivery.
  for (int i = 0; i < 100; ++i) producer.send(topic, "fire-and-forget");
  producer.flush();
  std::cout << "fire-and-forget: 100 records flushed" << std::endl;

  // 4. Keyed: the default partitioner hashes the key (murmur2), so a key keeps its partition.
  auto first = producer.send(topic, "v1", "user-42").get();
  auto second = producer.send(topic, "v2", "user-42").get();
  std::cout << "keyed send: key=user-42 partitions " << first.partition << " and " << second.partition
            << (first.partition == second.partition ? " (same)" : " (DIFFERENT)") << std::endl;
  if (first.partition != second.partition) return 1;

  // 5. Headers: string keys, byte values; a header value may be null.
  gregor::record_headers headers{{"trace-id", "abc123"}, {"no-value", std::nullopt}};
  auto with_headers = producer.send(topic, "with-headers", "k", std::nullopt, std::nullopt, headers).get();
  std::cout << "headers send: 2 headers, " << with_headers.serialized_header_size << " header bytes at offset "
            << with_headers.offset << std::endl;

  // 6. The future's then(): a callback attached after send().
  std::atomic<bool> then_ran{false};
  producer.send(topic, "then").then([&](const gregor::record_metadata&, const gregor::kafka_error* e) {
    then_ran = e == nullptr;
  });
  producer.flush();
  std::cout << "then callback: " << (then_ran ? "ran" : "did not run") << std::endl;
  if (!then_ran) return 1;

  producer.close();
  std::cout << "OK" << std::endl;
  return 0;
} catch (const std::exception& e) {
  std::cerr << "FAILED: " << e.what() << std::endl;
  return 1;
}
