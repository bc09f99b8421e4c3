// test_dir: a fresh temporary directory per test, removed afterwards (tests only).
// Thread-safety: one per test; not shared.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

namespace gregor::producer::testing {

class test_dir {
 public:
  test_dir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("gregor-producer-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~test_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  test_dir(const test_dir&) = delete;
  test_dir& operator=(const test_dir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace gregor::producer::testing
