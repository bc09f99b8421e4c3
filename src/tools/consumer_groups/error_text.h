// error_text: a broker error as the consumer-groups tool shows it, e.g.
// "NON_EMPTY_GROUP: The group is not empty." The client's message for group errors only names
// the group, so the common ones get a sentence that says what went wrong.
#pragma once

#include <string>

#include "gregor/errors.h"

namespace gregor::tools::consumer_groups {

std::string error_text(const kafka_error& e);

}  // namespace gregor::tools::consumer_groups
