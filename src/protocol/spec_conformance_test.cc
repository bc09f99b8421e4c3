// Checks every message definition against Apache Kafka's JSON message specs, read at test time
// from ../shared/reference (never copied into this repository): valid and flexible versions, and
// per field its name, wire type, versions, nullable versions, tag and order.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "protocol/codec/describe.h"
#include "protocol/messages/all_messages.h"

namespace gregor::protocol {
namespace {

using json = nlohmann::json;

std::filesystem::path spec_dir() {
  return std::filesystem::path(GREGOR_SHARED_DIR) / "reference" / "kafka-3.9-message-specs";
}

json load_spec(std::string_view name) {
  std::ifstream in(spec_dir() / (std::string(name) + ".json"));
  if (!in) return json();
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str(), nullptr, true, /*ignore_comments=*/true);
}

versions parse_versions(const json& v) {
  if (v.is_null()) return never;
  std::string s = v.get<std::string>();
  if (s == "none") return never;
  if (s.ends_with("+")) return since(static_cast<int16_t>(std::stoi(s)));
  auto dash = s.find('-');
  if (dash == std::string::npos) return between(static_cast<int16_t>(std::stoi(s)), static_cast<int16_t>(std::stoi(s)));
  return between(static_cast<int16_t>(std::stoi(s.substr(0, dash))), static_cast<int16_t>(std::stoi(s.substr(dash + 1))));
}

std::string snake_case(const std::string& camel) {
  std::string s = std::regex_replace(camel, std::regex("([A-Z]+)([A-Z][a-z])"), "$1_$2");
  s = std::regex_replace(s, std::regex("([a-z0-9])([A-Z])"), "$1_$2");
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string describe_versions(versions v) {
  if (v.empty()) return "none";
  if (v.hi == latest) return std::to_string(v.lo) + "+";
  return std::to_string(v.lo) + "-" + std::to_string(v.hi);
}

const std::set<std::string> scalar_types = {"bool", "int8", "int16", "uint16", "int32", "uint32", "int64",
                                            "float64", "string", "bytes", "records", "uuid"};

void compare_fields(const json& spec_fields, const std::vector<field_info>& ours, const std::map<std::string, json>& common,
                    const std::string& path) {
  ASSERT_EQ(ours.size(), spec_fields.size()) << path << ": field count differs";
  for (size_t i = 0; i < ours.size(); ++i) {
    const json& sf = spec_fields[i];
    const field_info& of = ours[i];
    std::string where = path + "." + of.name;
    std::string expected_name = snake_case(sf["name"].get<std::string>());
    EXPECT_TRUE(of.name == expected_name || of.name == expected_name + "_") << where << ": expected " << expected_name;
    EXPECT_EQ(describe_versions(of.present), describe_versions(parse_versions(sf["versions"]))) << where << " versions";
    EXPECT_EQ(describe_versions(of.nullable), describe_versions(parse_versions(sf.value("nullableVersions", json()))))
        << where << " nullableVersions";
    EXPECT_EQ(of.tag, sf.value("tag", -1)) << where << " tag";
    if (sf.contains("taggedVersions")) {
      EXPECT_EQ(describe_versions(parse_versions(sf["taggedVersions"])), describe_versions(of.present))
          << where << ": taggedVersions differ from versions (unsupported)";
    }
    std::string type = sf["type"].get<std::string>();
    bool array = type.starts_with("[]");
    std::string base = array ? type.substr(2) : type;
    if (scalar_types.count(base)) {
      EXPECT_EQ(of.type, type) << where << " type";
    } else {
      EXPECT_EQ(of.type, array ? "[]struct" : "struct") << where << " type";
      json children = sf.contains("fields") ? sf["fields"] : (common.count(base) ? common.at(base)["fields"] : json());
      ASSERT_FALSE(children.is_null()) << where << ": unknown struct " << base;
      compare_fields(children, of.children, common, where);
    }
  }
}

template <class M>
void check_message() {
  SCOPED_TRACE(std::string(M::name));
  json spec = load_spec(M::name);
  ASSERT_FALSE(spec.is_null()) << "spec " << M::name << " not found under " << spec_dir();
  EXPECT_EQ(M::api_key, spec["apiKey"].get<int>());
  EXPECT_EQ(describe_versions(M::valid), describe_versions(parse_versions(spec["validVersions"])));
  EXPECT_EQ(describe_versions(M::flexible), describe_versions(parse_versions(spec["flexibleVersions"])));
  std::map<std::string, json> common;
  if (spec.contains("commonStructs"))
    for (const auto& c : spec["commonStructs"]) common[c["name"].get<std::string>()] = c;
  compare_fields(spec["fields"], describe<M>(), common, std::string(M::name));
}

template <class... M>
void check_all(type_list<M...>) {
  (check_message<M>(), ...);
}

TEST(SpecConformance, EveryMessageMatchesKafkaReferenceSpecs) {
  ASSERT_TRUE(std::filesystem::exists(spec_dir())) << "reference specs missing: " << spec_dir();
  check_all(all_messages{});
}

}  // namespace
}  // namespace gregor::protocol
