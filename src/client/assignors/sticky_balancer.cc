#include "client/assignors/sticky_balancer.h"

#include <algorithm>
#include <set>

#include "client/assignors/member_order.h"
#include "client/assignors/topic_subscribers.h"

namespace gregor::client {

namespace {

constexpr int none = -1;

// The partitions as dense indexes (topic by topic, partition by partition, so index order is
// topic-partition order) and who may hold each.
struct partition_table {
  std::vector<std::string> topics;
  std::vector<std::vector<size_t>> subscribers;  // per topic, member order
  std::vector<std::vector<char>> subscribed;     // per topic, per member index
  std::vector<size_t> first;                     // per topic, index of its partition 0
  std::vector<int32_t> count;                    // per topic
  std::vector<size_t> topic_of;                  // per partition

  partition_table(const std::vector<group_member>& members, const topic_partition_counts& counts) {
    for (auto& [topic, subs] : topic_subscribers(members, counts)) {
      size_t t = topics.size();
      topics.push_back(topic);
      subscribed.emplace_back(members.size(), 0);
      for (size_t m : subs) subscribed[t][m] = 1;
      subscribers.push_back(std::move(subs));
      first.push_back(topic_of.size());
      count.push_back(counts.at(topic));
      topic_of.insert(topic_of.end(), static_cast<size_t>(count[t]), t);
    }
  }

  size_t size() const { return topic_of.size(); }
  topic_partition at(size_t p) const {
    size_t t = topic_of[p];
    return {topics[t], static_cast<int32_t>(p - first[t])};
  }
  // The index of a partition a member may hold, or none.
  int find(const topic_partition& tp, size_t member) const {
    auto it = std::lower_bound(topics.begin(), topics.end(), tp.topic);
    if (it == topics.end() || *it != tp.topic) return none;
    size_t t = static_cast<size_t>(it - topics.begin());
    if (tp.partition < 0 || tp.partition >= count[t] || !subscribed[t][member]) return none;
    return static_cast<int>(first[t] + static_cast<size_t>(tp.partition));
  }
};

struct balancer {
  const std::vector<group_member>& members;
  const partition_table& table;
  std::vector<size_t> rank;                 // member index -> position in member order
  std::vector<int> owner;                   // per partition: member index or none
  std::vector<int> kept_by;                 // per partition: the member whose claim was kept, or none
  std::vector<std::vector<size_t>> held;    // per member: partition indexes
  std::vector<size_t> load;                 // per member: held[m].size()

  balancer(const std::vector<group_member>& m, const partition_table& t)
      : members(m), table(t), rank(m.size()), owner(t.size(), none), kept_by(t.size(), none),
        held(m.size()), load(m.size(), 0) {
    auto order = sorted_member_indexes(members);
    for (size_t i = 0; i < order.size(); ++i) rank[order[i]] = i;
  }

  void give(size_t p, size_t m) {
    owner[p] = static_cast<int>(m);
    held[m].push_back(p);
    ++load[m];
  }

  void resolve_claims() {
    std::vector<int32_t> best_generation(table.size());
    std::vector<char> tied(table.size(), 0);
    std::vector<int> claimant(table.size(), none);
    for (size_t m = 0; m < members.size(); ++m) {
      std::set<topic_partition> owned(members[m].owned_partitions.begin(), members[m].owned_partitions.end());
      for (const auto& tp : owned) {
        int p = table.find(tp, m);
        if (p == none) continue;
        int32_t generation = members[m].generation;
        if (claimant[p] == none || generation > best_generation[p]) {
          claimant[p] = static_cast<int>(m);
          best_generation[p] = generation;
          tied[p] = 0;
        } else if (generation == best_generation[p]) {
          tied[p] = 1;
        }
      }
    }
    for (size_t p = 0; p < table.size(); ++p) {
      if (claimant[p] == none || tied[p]) continue;
      kept_by[p] = claimant[p];
      give(p, static_cast<size_t>(claimant[p]));
    }
  }

  // The least loaded subscriber of topic t, earliest in member order on ties.
  size_t lightest(size_t t) const {
    const auto& subs = table.subscribers[t];
    size_t best = subs.front();
    for (size_t m : subs)
      if (load[m] < load[best]) best = m;
    return best;
  }

  void fill() {
    std::vector<size_t> open;
    for (size_t p = 0; p < table.size(); ++p)
      if (owner[p] == none) open.push_back(p);
    std::stable_sort(open.begin(), open.end(), [&](size_t a, size_t b) {
      return table.subscribers[table.topic_of[a]].size() < table.subscribers[table.topic_of[b]].size();
    });
    for (size_t p : open) give(p, lightest(table.topic_of[p]));
  }

  // One improving move, if any exists; false when balanced.
  bool move_one() {
    std::vector<size_t> lightest_of(table.topics.size());
    for (size_t t = 0; t < lightest_of.size(); ++t) lightest_of[t] = lightest(t);

    std::vector<size_t> sources(members.size());
    for (size_t m = 0; m < sources.size(); ++m) sources[m] = m;
    std::sort(sources.begin(), sources.end(), [&](size_t a, size_t b) {
      return load[a] != load[b] ? load[a] > load[b] : rank[a] < rank[b];
    });

    for (size_t src : sources) {
      if (load[src] < 2) break;  // nobody can hold two fewer
      // Newly placed partitions first: moving them breaks no stickiness.
      for (bool owned_before : {false, true}) {
        auto& list = held[src];
        for (size_t i = list.size(); i-- > 0;) {
          size_t p = list[i];
          if ((kept_by[p] == static_cast<int>(src)) != owned_before) continue;
          size_t dst = lightest_of[table.topic_of[p]];
          if (load[src] < load[dst] + 2) continue;
          list.erase(list.begin() + static_cast<std::ptrdiff_t>(i));
          --load[src];
          give(p, dst);
          return true;
        }
      }
    }
    return false;
  }
};

}  // namespace

group_assignment sticky_balance(const std::vector<group_member>& members, const topic_partition_counts& partition_counts) {
  partition_table table(members, partition_counts);
  balancer b(members, table);
  b.resolve_claims();
  b.fill();
  while (b.move_one()) {
  }

  group_assignment out = empty_assignment(members);
  for (size_t m = 0; m < members.size(); ++m) {
    auto& list = out[members[m].member_id];
    for (size_t p : b.held[m]) list.push_back(table.at(p));
    std::sort(list.begin(), list.end());
  }
  return out;
}

}  // namespace gregor::client
