// Helpers for the assignor tests: building members and checking the properties every assignment
// must have (each partition once, only to subscribers, every member listed).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "client/assignors/group_member.h"

namespace gregor::client::testing {

// prefix + n. (Not `"m" + std::to_string(n)`: GCC 12 warns falsely on that at -O2, -Wrestrict.)
inline std::string name(std::string_view prefix, uint64_t n) {
  std::string out(prefix);
  out.append(std::to_string(n));
  return out;
}

inline group_member member(std::string id, std::vector<std::string> topics, std::vector<topic_partition> owned = {},
                           int32_t generation = -1) {
  return group_member{std::move(id), std::nullopt, std::move(topics), std::move(owned), generation};
}

inline std::vector<topic_partition> tps(std::initializer_list<std::pair<const char*, int32_t>> list) {
  std::vector<topic_partition> out;
  for (auto& [t, p] : list) out.push_back({t, p});
  return out;
}

// Each existing partition of a subscribed topic is assigned exactly once, to a subscriber;
// nothing else is assigned; each member appears, with a sorted list.
inline ::testing::AssertionResult is_valid(const std::vector<group_member>& members,
                                           const topic_partition_counts& counts, const group_assignment& a) {
  if (a.size() != members.size()) return ::testing::AssertionFailure() << "member count " << a.size();
  std::set<topic_partition> seen;
  for (const auto& m : members) {
    auto it = a.find(m.member_id);
    if (it == a.end()) return ::testing::AssertionFailure() << "missing member " << m.member_id;
    if (!std::is_sorted(it->second.begin(), it->second.end()))
      return ::testing::AssertionFailure() << "unsorted list of " << m.member_id;
    for (const auto& tp : it->second) {
      if (std::find(m.topics.begin(), m.topics.end(), tp.topic) == m.topics.end())
        return ::testing::AssertionFailure() << m.member_id << " got " << tp << " without subscribing";
      auto count = counts.find(tp.topic);
      if (count == counts.end() || tp.partition < 0 || tp.partition >= count->second)
        return ::testing::AssertionFailure() << m.member_id << " got nonexistent " << tp;
      if (!seen.insert(tp).second) return ::testing::AssertionFailure() << tp << " assigned twice";
    }
  }
  for (const auto& [topic, n] : counts) {
    bool subscribed = std::any_of(members.begin(), members.end(), [&](const group_member& m) {
      return std::find(m.topics.begin(), m.topics.end(), topic) != m.topics.end();
    });
    if (!subscribed) continue;
    for (int32_t p = 0; p < n; ++p)
      if (!seen.contains({topic, p})) return ::testing::AssertionFailure() << topic_partition{topic, p} << " unassigned";
  }
  return ::testing::AssertionSuccess();
}

inline size_t spread(const group_assignment& a) {
  size_t lo = SIZE_MAX, hi = 0;
  for (const auto& [id, list] : a) {
    lo = std::min(lo, list.size());
    hi = std::max(hi, list.size());
  }
  return a.empty() ? 0 : hi - lo;
}

// Members with owned partitions = their assignment in `a`, at `generation`.
inline std::vector<group_member> with_owned(std::vector<group_member> members, const group_assignment& a,
                                            int32_t generation) {
  for (auto& m : members) {
    auto it = a.find(m.member_id);
    m.owned_partitions = it == a.end() ? std::vector<topic_partition>{} : it->second;
    m.generation = generation;
  }
  return members;
}

// How many partitions held in `before` by someone are held by someone else in `after`.
inline size_t moved(const group_assignment& before, const group_assignment& after) {
  std::map<topic_partition, std::string> owner;
  for (const auto& [id, list] : after)
    for (const auto& tp : list) owner[tp] = id;
  size_t n = 0;
  for (const auto& [id, list] : before)
    for (const auto& tp : list) {
      auto it = owner.find(tp);
      if (it != owner.end() && it->second != id) ++n;
    }
  return n;
}

}  // namespace gregor::client::testing
