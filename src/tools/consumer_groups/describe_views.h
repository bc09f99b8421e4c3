// describe_views: the three tables --describe prints for one group (a blank line first, as
// Kafka's tool does):
//   offsets (default)  GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID
//   --members          GROUP CONSUMER-ID [GROUP-INSTANCE-ID] HOST CLIENT-ID #PARTITIONS [ASSIGNMENT]
//   --state            GROUP COORDINATOR (ID) ASSIGNMENT-STRATEGY STATE #MEMBERS
#pragma once

#include <ostream>

#include "tools/consumer_groups/group_admin.h"

namespace gregor::tools::consumer_groups {

// One row per partition a member owns or the group committed an offset for; nothing when there is
// no such partition.
void print_offsets_view(group_admin& admin, const consumer_group_description& group, std::ostream& out);
// One row per member (--verbose adds its assignment); nothing when the group has no members.
void print_members_view(const consumer_group_description& group, bool verbose, std::ostream& out);
void print_state_view(const consumer_group_description& group, std::ostream& out);

}  // namespace gregor::tools::consumer_groups
