// A broker whose partitions have many more segment files than it may keep open
// (gregor.log.max.open.files): produce and fetch reach every partition, and the data survives a
// clean restart and kill -9, while the process's descriptors stay near the cap.
#include <filesystem>
#include <map>

#include "integration/test_helpers.h"

namespace gregor::testing {
namespace {

constexpr int32_t partitions = 1000;  // 3,000 segment files
constexpr size_t max_open_files = 32;
const std::string topic = "many";

class BrokerManyPartitions : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(broker_.start()); }

  void connect() { ASSERT_TRUE(client_.connect(broker_.port())); }

  // One Produce request with a batch for every partition.
  void produce_round(int round, int16_t acks) {
    produce_request req;
    req.acks = acks;
    req.timeout_ms = 30000;
    auto& t = req.topic_data.emplace_back();
    t.name = topic;
    for (int32_t p = 0; p < partitions; ++p) {
      auto& pd = t.partition_data.emplace_back();
      pd.index = p;
      pd.records.bytes = shared_bytes::adopt(make_batch({value(p, round)}));
    }
    auto resp = client_.call<produce_response>(req, 9);
    ASSERT_TRUE(resp);
    ASSERT_EQ(resp->responses.size(), 1u);
    ASSERT_EQ(resp->responses[0].partition_responses.size(), static_cast<size_t>(partitions));
    for (const auto& pr : resp->responses[0].partition_responses) {
      ASSERT_EQ(pr.error_code, 0) << "partition " << pr.index;
      ASSERT_EQ(pr.base_offset, round) << "partition " << pr.index;
    }
  }

  // Fetches every partition from offset 0 and checks it holds exactly rounds 0..rounds-1.
  void expect_all(int rounds) {
    fetch_request req = fetch_one(topic, 0, 0);
    req.max_bytes = 64 * 1024 * 1024;
    auto& parts = req.topics[0].partitions;
    for (int32_t p = 1; p < partitions; ++p) {
      auto& fp = parts.emplace_back(parts.front());
      fp.partition = p;
    }
    auto resp = client_.call<fetch_response>(req, 11);
    ASSERT_TRUE(resp);
    ASSERT_EQ(resp->responses.size(), 1u);
    std::map<int32_t, std::vector<std::string>> got;
    for (const auto& pd : resp->responses[0].partitions) {
      ASSERT_EQ(pd.error_code, 0) << "partition " << pd.partition_index;
      got[pd.partition_index] = values_of(pd.records.bytes);
    }
    ASSERT_EQ(got.size(), static_cast<size_t>(partitions));
    for (int32_t p = 0; p < partitions; ++p) {
      std::vector<std::string> expected;
      for (int r = 0; r < rounds; ++r) expected.push_back(value(p, r));
      ASSERT_EQ(got[p], expected) << "partition " << p;
    }
  }

  // The broker's open descriptors: the capped segment files plus sockets, epoll and the like.
  size_t broker_fds() const {
    auto dir = std::filesystem::path("/proc") / std::to_string(broker_.pid()) / "fd";
    return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(dir), {}));
  }

  static std::vector<std::string> values_of(const shared_bytes& bytes) {
    std::vector<std::string> out;
    auto batches = records::split_batches(bytes.span());
    EXPECT_TRUE(batches);
    if (!batches) return out;
    for (auto b : *batches) {
      auto decoded = records::read_records(shared_bytes::copy_of(b));
      EXPECT_TRUE(decoded);
      if (!decoded) continue;
      for (auto& r : decoded->records) out.emplace_back(r.value->as_string_view());
    }
    return out;
  }

  static std::string value(int32_t p, int round) {
    std::string v = "p";  // appended piece by piece: "p" + std::to_string(...) trips GCC 12's -Wrestrict
    v += std::to_string(p);
    v += "-r";
    v += std::to_string(round);
    return v;
  }

  broker_process broker_{{{"gregor.log.max.open.files", std::to_string(max_open_files)}}};
  kafka_client client_;
};

TEST_F(BrokerManyPartitions, EveryPartitionServesThroughAFewDescriptorsAcrossRestarts) {
  connect();
  ASSERT_TRUE(create_topic(client_, topic, partitions));
  size_t baseline = broker_fds();
  produce_round(0, 1);
  produce_round(1, -1);  // acks=all: every partition's files fdatasync'ed, most of them closed
  expect_all(2);
  EXPECT_LE(broker_fds(), max_open_files + 64) << "baseline after create: " << baseline;

  ASSERT_TRUE(broker_.restart());
  connect();
  expect_all(2);
  produce_round(2, 1);
  expect_all(3);
  EXPECT_LE(broker_fds(), max_open_files + 64);

  broker_.kill();
  ASSERT_TRUE(broker_.start());
  connect();
  expect_all(3);  // recovery re-read every partition's active segment through the capped cache
  EXPECT_LE(broker_fds(), max_open_files + 64);
}

}  // namespace
}  // namespace gregor::testing
