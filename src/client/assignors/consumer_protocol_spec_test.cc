// Checks the consumer protocol field tables against Kafka's ConsumerProtocolSubscription and
// ConsumerProtocolAssignment specs, read at test time from ../shared/reference (never copied):
// field order, names, wire types, versions and nullable versions. Nested fields are compared by
// name and type only: one consumer_topic_partitions type serves both messages, and a nested
// field's versions are implied by its parent's.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "client/assignors/consumer_protocol.h"
#include "protocol/codec/describe.h"

namespace gregor::client {
namespace {

using json = nlohmann::json;
using protocol::field_info;
using protocol::versions;

json load_spec(const std::string& name) {
  auto path = std::filesystem::path(GREGOR_SHARED_DIR) / "reference" / "kafka-3.9-message-specs" / (name + ".json");
  std::ifstream in(path);
  if (!in) return json();
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str(), nullptr, true, /*ignore_comments=*/true);
}

// "OwnedPartitions" -> "owned_partitions", "RackId" -> "rack_id".
std::string snake_case(const std::string& camel) {
  std::string out;
  for (size_t i = 0; i < camel.size(); ++i) {
    char c = camel[i];
    if (std::isupper(static_cast<unsigned char>(c)) && i > 0) out += '_';
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// "0+", "1-3" or "none", as the specs spell version ranges.
std::string spell(versions v) {
  if (v.empty()) return "none";
  if (v.hi == protocol::latest) return std::to_string(v.lo) + "+";
  return std::to_string(v.lo) + "-" + std::to_string(v.hi);
}

std::string spec_type(const json& f) {
  std::string t = f["type"].get<std::string>();
  return f.contains("fields") ? (t.starts_with("[]") ? "[]struct" : "struct") : t;
}

void compare(const json& spec_fields, const std::vector<field_info>& ours, const std::string& path, bool top_level) {
  ASSERT_EQ(ours.size(), spec_fields.size()) << path;
  for (size_t i = 0; i < ours.size(); ++i) {
    const json& sf = spec_fields[i];
    std::string where = path + "." + ours[i].name;
    EXPECT_EQ(ours[i].name, snake_case(sf["name"].get<std::string>())) << where;
    EXPECT_EQ(ours[i].type, spec_type(sf)) << where;
    if (top_level) {
      EXPECT_EQ(spell(ours[i].present), sf["versions"].get<std::string>()) << where;
      EXPECT_EQ(spell(ours[i].nullable), sf.value("nullableVersions", std::string("none"))) << where;
    }
    if (sf.contains("fields")) compare(sf["fields"], ours[i].children, where, false);
  }
}

template <class T>
void check(const std::string& name) {
  SCOPED_TRACE(name);
  json spec = load_spec(name);
  ASSERT_FALSE(spec.is_null()) << name << " spec not found under " << GREGOR_SHARED_DIR;
  EXPECT_EQ(spec["validVersions"], "0-" + std::to_string(T::latest_version));
  EXPECT_EQ(spec["flexibleVersions"], "none");
  compare(spec["fields"], protocol::describe<T>(), name, true);
}

TEST(ConsumerProtocolSpec, SubscriptionMatchesKafkaSpec) { check<consumer_subscription>("ConsumerProtocolSubscription"); }

TEST(ConsumerProtocolSpec, AssignmentMatchesKafkaSpec) { check<consumer_assignment>("ConsumerProtocolAssignment"); }

}  // namespace
}  // namespace gregor::client
