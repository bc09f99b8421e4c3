// rdkafka_mock_process: librdkafka's mock Kafka cluster (tests/support/rdkafka_mock) as a child
// process, the second broker implementation the client tests run against.
//
// start() launches it with stdin on a pipe and reads its `BOOTSTRAP host:port,...` line; the
// destructor closes the pipe (the mock exits on EOF) and reaps it. Topics must be created up front
// (the mock has no CreateTopics) or are auto-created by Metadata requests.
#pragma once

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

namespace gregor::testing {

class rdkafka_mock_process {
 public:
  rdkafka_mock_process() = default;
  ~rdkafka_mock_process();
  rdkafka_mock_process(const rdkafka_mock_process&) = delete;
  rdkafka_mock_process& operator=(const rdkafka_mock_process&) = delete;

  // topics: name -> partition count. False (with a message on stderr) if it does not come up.
  bool start(int brokers, const std::vector<std::pair<std::string, int>>& topics);
  void stop();
  const std::string& bootstrap() const { return bootstrap_; }

 private:
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  std::string bootstrap_;
};

// The mock cluster binary of this build.
std::string rdkafka_mock_binary();

}  // namespace gregor::testing
