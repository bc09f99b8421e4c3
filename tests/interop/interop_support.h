// Helpers shared by the interop gtests: run a client script against a broker started by the test,
// show its output and the broker log when it fails, and fail (never skip) when a client is missing.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "support/broker_process.h"

namespace gregor::testing::interop {

inline constexpr const char* python = "/usr/bin/python3";
// The default upper bound per script run; the scenarios themselves take a few seconds.
inline constexpr int default_script_timeout_s = 150;

struct run_result {
  int exit_code = -1;
  std::string output;
};

inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs a shell command with stderr folded into stdout; returns its exit code and output.
inline run_result run(const std::string& command, int timeout_s = default_script_timeout_s) {
  run_result result;
  std::string full = "timeout -k 5 " + std::to_string(timeout_s) + " " + command + " 2>&1";
  FILE* pipe = ::popen(full.c_str(), "r");
  if (pipe == nullptr) {
    result.output = "popen failed for: " + full;
    return result;
  }
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) result.output.append(buf.data(), n);
  int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (result.exit_code == 124) result.output += "\n(timed out after " + std::to_string(timeout_s) + "s)";
  return result;
}

inline std::filesystem::path interop_dir() { return source_root() / "tests" / "interop"; }

inline std::string log_tail(const broker_process& broker, size_t max_bytes = 8000) {
  std::ifstream in(broker.log_file());
  std::stringstream ss;
  ss << in.rdbuf();
  std::string all = ss.str();
  return all.size() > max_bytes ? "...\n" + all.substr(all.size() - max_bytes) : all;
}

// Runs one script phase and asserts that it succeeded, showing everything useful when it did not.
inline void expect_script_ok(const broker_process& broker, const std::string& command,
                             int timeout_s = default_script_timeout_s) {
  run_result r = run(command, timeout_s);
  EXPECT_EQ(r.exit_code, 0) << "command: " << command << "\n--- client output ---\n"
                            << r.output << "\n--- broker log (tail) ---\n"
                            << log_tail(broker);
}

// Fails (not skips) when a client is missing, naming what to install.
inline void require(const std::string& probe, const std::string& missing_what) {
  run_result r = run(probe);
  ASSERT_EQ(r.exit_code, 0) << missing_what << " is not installed (probe `" << probe << "` said: " << r.output
                            << "). `make test` installs it (scripts/install-deps.sh, tests/interop/setup.sh).";
}

inline void require_kafka_python() {
  require(std::string(python) + " -c 'import kafka, snappy, lz4.frame, zstandard'",
          "kafka-python with its codecs (Debian packages python3-kafka python3-snappy python3-lz4 python3-zstandard)");
}
inline void require_confluent_kafka() {
  require(std::string(python) + " -c 'import confluent_kafka.admin'",
          "confluent-kafka (Debian package python3-confluent-kafka)");
}
inline void require_kcat() { require("kcat -V", "kcat (Debian package kcat)"); }
inline void require_kafkajs() {
  ASSERT_NO_FATAL_FAILURE(require("node --version", "node (Debian package nodejs)"));
  require("test -f " + shell_quote((interop_dir() / "kafkajs/node_modules/kafkajs/package.json").string()),
          "kafkajs 2.2.4 (run `bash tests/interop/setup.sh`)");
}

inline std::string python_script(const char* name) {
  return std::string(python) + " " + shell_quote((interop_dir() / name).string());
}
inline std::string kafkajs_script() {
  return "node " + shell_quote((interop_dir() / "kafkajs/kafkajs_client.js").string());
}

}  // namespace gregor::testing::interop
