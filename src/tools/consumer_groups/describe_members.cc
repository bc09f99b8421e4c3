// The --members and --state views of --describe.
#include <algorithm>
#include <map>

#include "tools/common/text_table.h"
#include "tools/consumer_groups/describe_views.h"

namespace gregor::tools::consumer_groups {

namespace {

// "orders(0,2), payments(1)", topics sorted; "-" for no partitions.
std::string assignment_text(const std::vector<topic_partition>& assignment) {
  if (assignment.empty()) return "-";
  std::map<std::string, std::vector<int32_t>> by_topic;
  for (const auto& tp : assignment) by_topic[tp.topic].push_back(tp.partition);
  std::string out;
  for (auto& [topic, partitions] : by_topic) {
    std::sort(partitions.begin(), partitions.end());
    if (!out.empty()) out += ", ";
    out += topic + "(";
    for (size_t i = 0; i < partitions.size(); ++i) {
      if (i) out += ',';
      out += std::to_string(partitions[i]);
    }
    out += ")";
  }
  return out;
}

}  // namespace

void print_members_view(const consumer_group_description& group, bool verbose, std::ostream& out) {
  if (group.members.empty()) return;
  // Static members (KIP-345) get a GROUP-INSTANCE-ID column, as in Kafka's tool.
  bool instance_ids = std::any_of(group.members.begin(), group.members.end(),
                                  [](const member_description& m) { return m.group_instance_id.has_value(); });

  std::vector<std::string> header{"GROUP", "CONSUMER-ID"};
  if (instance_ids) header.push_back("GROUP-INSTANCE-ID");
  for (const char* h : {"HOST", "CLIENT-ID", "#PARTITIONS"}) header.push_back(h);
  if (verbose) header.push_back("ASSIGNMENT");
  text_table table(std::move(header));

  for (const auto& m : group.members) {
    std::vector<std::string> row{group.group_id, m.member_id};
    if (instance_ids) row.push_back(m.group_instance_id.value_or("-"));
    row.push_back(m.host);
    row.push_back(m.client_id);
    row.push_back(std::to_string(m.assignment.size()));
    if (verbose) row.push_back(assignment_text(m.assignment));
    table.add_row(std::move(row));
  }
  out << '\n';
  table.print(out);
}

void print_state_view(const consumer_group_description& group, std::ostream& out) {
  const cluster_node& c = group.coordinator;
  std::string coordinator = c.host + ":" + std::to_string(c.port) + " (" + std::to_string(c.id) + ")";
  text_table table({"GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "#MEMBERS"});
  table.add_row({group.group_id, coordinator, group.protocol.empty() ? "-" : group.protocol,
                 std::string(to_string(group.state)), std::to_string(group.members.size())});
  out << '\n';
  table.print(out);
}

}  // namespace gregor::tools::consumer_groups
