// Records and offsets through the admin client against the real broker: DeleteRecords moves the
// low watermark, ListOffsets finds earliest, latest, by-timestamp and max-timestamp offsets.
#include "client/admin/admin_test_support.h"
#include "integration/test_helpers.h"

namespace gregor::client::admin::testing {
namespace {

using AdminRecords = AdminTest;
using gregor::testing::kafka_client;

constexpr int64_t base_time = 1700000000000;

// Produces one batch of `count` records to partition 0 with timestamps first_ts, first_ts + 1, ...
void produce(uint16_t port, const std::string& topic, int count, int64_t first_ts = base_time) {
  kafka_client c;
  ASSERT_TRUE(c.connect(port));
  records::batch_builder builder;
  for (int i = 0; i < count; ++i) {
    std::string value = "v" + std::to_string(i);
    builder.append(first_ts + i, std::nullopt, records::bytes_of(value));
  }
  auto [error, offset] = gregor::testing::produce(c, topic, 0, builder.finish().value());
  ASSERT_EQ(error, 0);
}

TEST_F(AdminRecords, DeleteRecordsMovesTheLowWatermark) {
  std::string topic = unique_name("trimmed");
  create(topic, 2);
  ASSERT_NO_FATAL_FAILURE(produce(broker().port(), topic, 10));
  topic_partition p0{topic, 0}, p1{topic, 1};

  auto deleted = admin().delete_records({{p0, 4}});
  EXPECT_EQ(deleted[p0].get().low_watermark, 4);
  auto listed = admin().list_offsets({{p0, offset_spec::earliest()}, {p1, offset_spec::latest()}}).all();
  EXPECT_EQ(listed.at(p0).offset, 4);
  EXPECT_EQ(listed.at(p1).offset, 0);

  // Beyond the high watermark is refused; -1 means "up to the high watermark".
  EXPECT_EQ(error_of(admin().delete_records({{p0, 11}})[p0]), error_code::offset_out_of_range);
  EXPECT_EQ(admin().delete_records({{p0, -1}})[p0].get().low_watermark, 10);
  EXPECT_EQ(admin().list_offsets({{p0, offset_spec::earliest()}})[p0].get().offset, 10);
}

TEST_F(AdminRecords, ListOffsetsFindsOffsetsByTimestamp) {
  std::string topic = unique_name("timed");
  create(topic, 1);
  // Offsets 0-9 at base_time + 0..9, offset 10 the newest record, 11-12 older again.
  ASSERT_NO_FATAL_FAILURE(produce(broker().port(), topic, 10));
  ASSERT_NO_FATAL_FAILURE(produce(broker().port(), topic, 1, base_time + 1000));
  ASSERT_NO_FATAL_FAILURE(produce(broker().port(), topic, 2, base_time + 100));
  topic_partition p{topic, 0};
  EXPECT_EQ(admin().list_offsets({{p, offset_spec::latest()}})[p].get().offset, 13);
  auto by_time = admin().list_offsets({{p, offset_spec::for_timestamp(base_time + 5)}})[p].get();
  EXPECT_EQ(by_time.offset, 5);
  EXPECT_EQ(by_time.timestamp, base_time + 5);
  auto newest = admin().list_offsets({{p, offset_spec::max_timestamp()}})[p].get();
  EXPECT_EQ(newest.offset, 10);
  EXPECT_EQ(newest.timestamp, base_time + 1000);
  EXPECT_EQ(admin().list_offsets({{p, offset_spec::for_timestamp(base_time + 5000)}})[p].get().offset, -1);
}

TEST_F(AdminRecords, UnknownTopicsAndPartitionsFailAtOnce) {
  std::string topic = unique_name("small"), missing = unique_name("missing");
  create(topic, 1);
  auto start = std::chrono::steady_clock::now();
  topic_partition beyond{topic, 5}, nowhere{missing, 0};
  auto deleted = admin().delete_records({{beyond, 0}, {nowhere, 0}});
  EXPECT_EQ(error_of(deleted[beyond]), error_code::unknown_topic_or_partition);
  EXPECT_EQ(error_of(deleted[nowhere]), error_code::unknown_topic_or_partition);
  auto listed = admin().list_offsets({{nowhere, offset_spec::latest()}});
  EXPECT_EQ(error_of(listed[nowhere]), error_code::unknown_topic_or_partition);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

}  // namespace
}  // namespace gregor::client::admin::testing
