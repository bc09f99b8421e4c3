// Shared plumbing of the examples: command-line arguments and creating the topics they use.
//
// Every example takes the bootstrap server as argv[1] (default localhost:9092) and a suffix as
// argv[2] that is appended to its topic and group names, so that tests can run the examples
// side by side against one broker without them seeing each other's records.
#pragma once

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>

#include "gregor/admin.h"

namespace examples {

struct args {
  std::string bootstrap = "localhost:9092";
  std::string suffix;

  // "base" or "base-suffix".
  std::string name(const std::string& base) const { return suffix.empty() ? base : base + "-" + suffix; }
};

inline args parse_args(int argc, char** argv) {
  args a;
  if (argc > 1) a.bootstrap = argv[1];
  if (argc > 2) a.suffix = argv[2];
  return a;
}

// Creates `topic` unless it exists already. Explicit creation (rather than auto-creation on first
// use) lets the examples pick a partition count.
inline void ensure_topic(const std::string& bootstrap, const std::string& topic, int32_t partitions) {
  gregor::kafka_admin_client admin({{"bootstrap_servers", bootstrap}});
  try {
    admin.create_topics({{.name = topic, .num_partitions = partitions, .replication_factor = 1}}).all();
  } catch (const gregor::kafka_error& e) {
    if (e.code() != gregor::error_code::topic_already_exists) throw;
  }
}

}  // namespace examples
