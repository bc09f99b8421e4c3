// topic_partition_filter: which partitions `gregor get-offsets` asks about, with the rules of
// Kafka's kafka-get-offsets.sh:
//
//   --topic REGEX [--partitions 0,2,5]   topics whose whole name matches REGEX (a ',' in it means
//                                        "or"); only the listed partition ids (default: all)
//   --topic-partitions RULE[,RULE...]    RULE := [REGEX][:PARTITIONS]; PARTITIONS is N (one
//                                        partition), N-M (N <= p < M: upper bound exclusive), N-
//                                        (p >= N), -M (p < M) or empty (all). A partition is
//                                        queried when any rule accepts it.
//
// Regular expressions are ECMAScript (std::regex) and must match the whole topic name.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace gregor::tools {

class topic_partition_filter {
 public:
  // From --topic (nullopt: every topic) and --partitions ("" or nullopt: every partition).
  // Throws tool_error for a bad regex or a partition list that is not comma-separated ids.
  static topic_partition_filter from_topic_and_partitions(const std::optional<std::string>& topic,
                                                          const std::optional<std::string>& partitions);
  // From --topic-partitions. Throws tool_error for a rule that does not parse.
  static topic_partition_filter from_rules(const std::string& rules);

  // Whether any rule could accept a partition of `topic` (decides which topics to describe).
  bool topic_allowed(const std::string& topic) const;
  bool partition_allowed(const std::string& topic, int32_t partition) const;

 private:
  struct rule {
    std::regex topic;
    std::set<int32_t> ids;  // when non-empty, only these partitions
    int32_t lower = 0;      // otherwise lower <= partition < upper
    int32_t upper = std::numeric_limits<int32_t>::max();
  };
  std::vector<rule> rules_;
};

}  // namespace gregor::tools
