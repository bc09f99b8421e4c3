// error_text: readable sentences for the errors group operations commonly return.
#include "tools/consumer_groups/error_text.h"

namespace gregor::tools::consumer_groups {

namespace {

const char* explanation(error_code code) {
  switch (code) {
    case error_code::non_empty_group: return "The group is not empty.";
    case error_code::group_id_not_found: return "The group id does not exist.";
    case error_code::group_subscribed_to_topic: return "The group's active members are subscribed to the topic.";
    case error_code::unknown_topic_or_partition: return "The topic or partition does not exist.";
    case error_code::unknown_member_id: return "The group has active members; offsets can be changed only while it is empty.";
    case error_code::group_authorization_failed: return "Not authorized to access the group.";
    case error_code::topic_authorization_failed: return "Not authorized to access the topic.";
    case error_code::invalid_group_id: return "The group id is not valid.";
    default: return nullptr;
  }
}

}  // namespace

std::string error_text(const kafka_error& e) {
  const char* text = explanation(e.code());
  if (!text) return e.what();
  return std::string(e.name()) + ": " + text;
}

}  // namespace gregor::tools::consumer_groups
