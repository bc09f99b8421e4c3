// Compacted topics through the real broker: keyless records refused, the background cleaner keeps
// the latest value per key, and the result survives kill -9.
#include <chrono>
#include <map>
#include <thread>

#include "integration/test_helpers.h"

namespace gregor::testing {
namespace {

std::vector<uint8_t> keyed_batch(const std::string& key, const std::optional<std::string>& value) {
  records::batch_builder builder;
  std::optional<byte_span> v;
  if (value) v = records::bytes_of(*value);
  builder.append(1700000000000, records::bytes_of(key), v);
  return builder.finish().value();
}

// Every (offset, key, value) in the log, read from the start.
struct entry {
  int64_t offset;
  std::string key;
  std::optional<std::string> value;
};
std::vector<entry> read_all(kafka_client& c, const std::string& topic) {
  std::vector<entry> out;
  int64_t next = 0;
  for (int guard = 0; guard < 1000; ++guard) {
    auto resp = c.call<fetch_response>(fetch_one(topic, 0, next), 11);
    if (!resp) break;
    const auto& p = resp->responses.at(0).partitions.at(0);
    if (p.error_code != 0) break;
    auto batches = records::split_batches(p.records.bytes.span());
    if (!batches || batches->empty()) break;
    int64_t before = next;
    for (auto b : *batches) {
      auto decoded = records::read_records(shared_bytes::copy_of(b));
      if (!decoded) continue;
      for (auto& r : decoded->records) {
        if (r.offset < next) continue;
        out.push_back({r.offset, std::string(r.key->as_string_view()),
                       r.value ? std::optional<std::string>(std::string(r.value->as_string_view())) : std::nullopt});
      }
      next = decoded->header.last_offset() + 1;
    }
    if (next == before) break;
  }
  return out;
}

TEST(BrokerCompaction, CleanerKeepsTheLatestValuePerKeyAndSurvivesKill9) {
  broker_process broker(std::map<std::string, std::string>{{"log.cleaner.backoff.ms", "100"}});
  ASSERT_TRUE(broker.start());
  kafka_client c;
  ASSERT_TRUE(c.connect(broker.port()));
  ASSERT_TRUE(create_topic(c, "compacted", 1,
                           {{"cleanup.policy", "compact"}, {"segment.bytes", "1024"},
                            {"min.cleanable.dirty.ratio", "0.01"}, {"delete.retention.ms", "0"}}));

  // A record without a key can never be compacted: Kafka refuses it.
  records::batch_builder keyless;
  keyless.append(1700000000000, std::nullopt, records::bytes_of("no key"));
  EXPECT_EQ(produce(c, "compacted", 0, keyless.finish().value()).first, 87);  // INVALID_RECORD

  std::map<std::string, std::optional<std::string>> latest;
  for (int i = 0; i < 300; ++i) {
    std::string key = "key-" + std::to_string(i % 10);
    std::optional<std::string> value = "value-" + std::to_string(i);
    if (i % 10 == 3 && i > 200) value.reset();  // a tombstone for key-3 near the end
    ASSERT_EQ(produce(c, "compacted", 0, keyed_batch(key, value)).first, 0);
    latest[key] = value;
  }
  // The cleaner runs in the background; wait until most superseded records are gone.
  std::vector<entry> log;
  for (int i = 0; i < 100; ++i) {
    log = read_all(c, "compacted");
    if (log.size() < 100) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_LT(log.size(), 100u) << "the cleaner did not compact the log";
  EXPECT_EQ(list_offset(c, "compacted", 0, -1), 300);  // offsets are preserved: the end did not move

  auto check = [&](const std::vector<entry>& entries) {
    std::map<std::string, std::optional<std::string>> seen;
    int64_t previous = -1;
    for (const auto& e : entries) {
      EXPECT_GT(e.offset, previous);
      previous = e.offset;
      seen[e.key] = e.value;
    }
    // The newest value of every key is there; a deleted key is absent or still a tombstone.
    for (const auto& [key, value] : latest) {
      if (value) {
        EXPECT_EQ(seen[key], value) << key;
      } else {
        EXPECT_FALSE(seen.count(key) && seen[key].has_value()) << key;
      }
    }
  };
  check(log);

  broker.kill();
  ASSERT_TRUE(broker.start());
  ASSERT_TRUE(c.connect(broker.port()));
  auto after = read_all(c, "compacted");
  check(after);
  EXPECT_EQ(list_offset(c, "compacted", 0, -1), 300);
}

}  // namespace
}  // namespace gregor::testing
