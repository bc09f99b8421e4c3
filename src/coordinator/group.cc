#include "coordinator/group.h"

#include <algorithm>
#include <cctype>

#include "coordinator/consumer_protocol.h"

namespace gregor::coordinator {

std::string_view state_name(group_state s) {
  switch (s) {
    case group_state::empty: return "Empty";
    case group_state::preparing_rebalance: return "PreparingRebalance";
    case group_state::completing_rebalance: return "CompletingRebalance";
    case group_state::stable: return "Stable";
    case group_state::dead: return "Dead";
  }
  return "Unknown";
}

std::optional<group_state> parse_state(std::string_view name) {
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto s : {group_state::empty, group_state::preparing_rebalance, group_state::completing_rebalance,
                 group_state::stable, group_state::dead}) {
    std::string n;
    for (char c : state_name(s)) n += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (n == lower) return s;
  }
  return std::nullopt;
}

const shared_bytes* member::metadata_for(std::string_view protocol) const {
  for (const auto& p : protocols) {
    if (p.name == protocol) return &p.metadata;
  }
  return nullptr;
}

bool group::all_members_joined() const {
  if (!pending_members.empty()) return false;
  return std::all_of(members.begin(), members.end(), [](const auto& m) { return bool(m.second.awaiting_join); });
}

int32_t group::max_rebalance_timeout_ms() const {
  int32_t out = 0;
  for (const auto& [id, m] : members) out = std::max(out, m.rebalance_timeout_ms);
  return out;
}

bool group::supports_protocols(std::string_view type, const std::vector<protocol_entry>& protocols) const {
  if (protocols.empty() || type.empty()) return false;
  if (members.empty()) return true;
  if (type != protocol_type) return false;
  // Some protocol of the joiner must be supported by every current member.
  return std::any_of(protocols.begin(), protocols.end(), [&](const protocol_entry& p) {
    return std::all_of(members.begin(), members.end(),
                       [&](const auto& m) { return m.second.metadata_for(p.name) != nullptr; });
  });
}

std::optional<std::string> group::select_protocol() const {
  if (members.empty()) return std::nullopt;
  // Candidates: protocols every member supports, in the first member's order.
  std::vector<std::string> candidates;
  for (const auto& p : members.begin()->second.protocols) {
    bool everyone = std::all_of(members.begin(), members.end(),
                                [&](const auto& m) { return m.second.metadata_for(p.name) != nullptr; });
    if (everyone) candidates.push_back(p.name);
  }
  if (candidates.empty()) return std::nullopt;
  // Each member votes for its most preferred candidate; the most votes win (ties: first candidate).
  std::map<std::string, int> votes;
  for (const auto& [id, m] : members) {
    for (const auto& p : m.protocols) {
      if (std::find(candidates.begin(), candidates.end(), p.name) != candidates.end()) {
        ++votes[p.name];
        break;
      }
    }
  }
  std::string best = candidates.front();
  for (const auto& c : candidates) {
    if (votes[c] > votes[best]) best = c;
  }
  return best;
}

std::optional<std::unordered_set<std::string>> group::subscribed_topics() const {
  if (protocol_type != "consumer" || !protocol_name) return std::nullopt;
  std::unordered_set<std::string> topics;
  for (const auto& [id, m] : members) {
    const shared_bytes* metadata = m.metadata_for(*protocol_name);
    if (!metadata) continue;
    auto subscription = parse_subscription_topics(*metadata);
    if (!subscription) return std::nullopt;  // unreadable: we cannot tell, so assume everything
    topics.insert(subscription->begin(), subscription->end());
  }
  return topics;
}

}  // namespace gregor::coordinator
