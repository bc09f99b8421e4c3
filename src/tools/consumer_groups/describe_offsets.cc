// The offsets view of --describe: where the group stands in each partition. Rows of members come
// first (members owning more partitions first, partitions sorted), then partitions with a
// committed offset that no member owns ("-" for CONSUMER-ID, HOST and CLIENT-ID). LAG is
// LOG-END-OFFSET (the high watermark) minus CURRENT-OFFSET; "-" where either is unknown.
#include <algorithm>
#include <set>

#include "tools/common/text_table.h"
#include "tools/consumer_groups/describe_views.h"

namespace gregor::tools::consumer_groups {

namespace {

constexpr const char* missing = "-";

struct offset_row {
  topic_partition tp;
  std::string member_id = missing;
  std::string host = missing;
  std::string client_id = missing;
};

std::vector<offset_row> collect_rows(const consumer_group_description& group,
                                     const std::map<topic_partition, offset_and_metadata>& committed) {
  std::vector<const member_description*> members;
  for (const auto& m : group.members)
    if (!m.assignment.empty()) members.push_back(&m);
  std::stable_sort(members.begin(), members.end(), [](const member_description* a, const member_description* b) {
    return a->assignment.size() > b->assignment.size();
  });

  std::vector<offset_row> rows;
  std::set<topic_partition> assigned;
  for (const member_description* m : members) {
    std::vector<topic_partition> partitions = m->assignment;
    std::sort(partitions.begin(), partitions.end());
    for (const auto& tp : partitions) {
      rows.push_back({tp, m->member_id, m->host, m->client_id});
      assigned.insert(tp);
    }
  }
  for (const auto& [tp, offset] : committed)  // std::map: sorted by topic, partition
    if (!assigned.contains(tp)) rows.push_back({tp});
  return rows;
}

}  // namespace

void print_offsets_view(group_admin& admin, const consumer_group_description& group, std::ostream& out) {
  std::map<topic_partition, offset_and_metadata> committed = admin.committed(group.group_id);
  std::vector<offset_row> rows = collect_rows(group, committed);
  if (rows.empty()) return;

  std::vector<topic_partition> partitions;
  for (const auto& r : rows) partitions.push_back(r.tp);
  log_offsets ends = admin.lookup(partitions, offset_spec::latest());

  text_table table({"GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST",
                    "CLIENT-ID"});
  for (const auto& r : rows) {
    std::optional<int64_t> current;
    if (auto it = committed.find(r.tp); it != committed.end() && it->second.offset >= 0) current = it->second.offset;
    std::optional<int64_t> end;
    if (auto it = ends.offsets.find(r.tp); it != ends.offsets.end() && it->second >= 0) end = it->second;
    auto text = [](std::optional<int64_t> v) { return v ? std::to_string(*v) : std::string(missing); };
    std::optional<int64_t> lag;
    if (current && end) lag = *end - *current;
    table.add_row({group.group_id, r.tp.topic, std::to_string(r.tp.partition), text(current), text(end), text(lag),
                   r.member_id, r.host, r.client_id});
  }
  out << '\n';
  table.print(out);
}

}  // namespace gregor::tools::consumer_groups
