// tool_error: a failure a tool reports to its user as one line on stderr (exit code 1), e.g. a
// missing required flag combination or a topic that does not exist.
#pragma once

#include <stdexcept>
#include <string>

namespace gregor::tools {

class tool_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace gregor::tools
