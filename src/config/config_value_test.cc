// Typed value parsing and validation, and sanity of both property tables.
#include "config/config_value.h"

#include <gtest/gtest.h>
#include <set>

#include "config/broker_properties.h"
#include "config/topic_properties.h"

namespace gregor::config {
namespace {

const property_def& broker(std::string_view name) {
  return *find_property(broker_properties(), name);
}
const property_def& topic(std::string_view name) {
  return *find_property(topic_properties(), name);
}

TEST(ConfigValue, TrimsAndParsesIntegers) {
  EXPECT_EQ(canonicalize(topic("segment.bytes"), "  1024 \t").value(), "1024");
  EXPECT_EQ(canonicalize(topic("segment.bytes"), "+1024").value(), "1024");
}

TEST(ConfigValue, RejectsNonNumbersNamingKeyAndValue) {
  auto r = canonicalize(topic("segment.bytes"), "12abc");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("segment.bytes"), std::string::npos);
  EXPECT_NE(r.error().find("12abc"), std::string::npos);
}

TEST(ConfigValue, EnforcesIntegerWidth) {
  EXPECT_FALSE(canonicalize(topic("segment.bytes"), "2147483648"));
  EXPECT_TRUE(canonicalize(topic("retention.ms"), "2147483648"));
  EXPECT_FALSE(canonicalize(topic("retention.ms"), "9223372036854775808"));
  EXPECT_FALSE(canonicalize(broker("offsets.topic.replication.factor"), "40000"));
}

TEST(ConfigValue, EnforcesRanges) {
  EXPECT_FALSE(canonicalize(topic("segment.bytes"), "13"));
  EXPECT_TRUE(canonicalize(topic("segment.bytes"), "14"));
  EXPECT_FALSE(canonicalize(topic("retention.ms"), "-2"));
  EXPECT_TRUE(canonicalize(topic("retention.ms"), "-1"));
  EXPECT_FALSE(canonicalize(topic("min.cleanable.dirty.ratio"), "1.5"));
  EXPECT_EQ(canonicalize(topic("min.cleanable.dirty.ratio"), "1").value(), "1.0");
  EXPECT_EQ(canonicalize(topic("min.cleanable.dirty.ratio"), "0.25").value(), "0.25");
}

TEST(ConfigValue, BooleansIgnoreCase) {
  EXPECT_EQ(canonicalize(topic("preallocate"), "TRUE").value(), "true");
  EXPECT_EQ(canonicalize(topic("preallocate"), " False ").value(), "false");
  EXPECT_FALSE(canonicalize(topic("preallocate"), "yes"));
}

TEST(ConfigValue, EnumsAreCaseSensitive) {
  EXPECT_TRUE(canonicalize(topic("compression.type"), "zstd"));
  EXPECT_FALSE(canonicalize(topic("compression.type"), "ZSTD"));
  EXPECT_FALSE(canonicalize(topic("message.timestamp.type"), "createtime"));
}

TEST(ConfigValue, ListsAreTrimmedAndValidatedPerItem) {
  EXPECT_EQ(canonicalize(topic("cleanup.policy"), " compact , delete ").value(), "compact,delete");
  EXPECT_EQ(canonicalize(topic("cleanup.policy"), "").value(), "");
  auto bad = canonicalize(topic("cleanup.policy"), "compact,shred");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().find("shred"), std::string::npos);
}

TEST(ConfigValue, ThrottledReplicaLists) {
  const auto& def = topic("leader.replication.throttled.replicas");
  EXPECT_TRUE(canonicalize(def, "*"));
  EXPECT_TRUE(canonicalize(def, "0:1, 1:2"));
  EXPECT_TRUE(canonicalize(def, ""));
  EXPECT_FALSE(canonicalize(def, "0-1"));
  EXPECT_FALSE(canonicalize(def, "*,0:1"));
}

void check_table(const std::vector<property_def>& table) {
  std::set<std::string_view> names;
  for (const auto& def : table) {
    EXPECT_TRUE(names.insert(def.name).second) << "duplicate " << def.name;
    EXPECT_FALSE(def.doc.empty()) << def.name;
    if (def.default_value) {
      EXPECT_TRUE(parse_value(def, *def.default_value)) << def.name;
    }
  }
}

TEST(PropertyTables, NamesUniqueDefaultsValid) {
  check_table(broker_properties());
  check_table(topic_properties());
}

TEST(PropertyTables, TopicSynonymsAreBrokerProperties) {
  for (const auto& def : topic_properties()) {
    for (auto synonym : def.broker_synonyms) {
      EXPECT_NE(find_property(broker_properties(), synonym), nullptr) << synonym;
    }
  }
}

}  // namespace
}  // namespace gregor::config
