#include "gregor/server_command.h"

#include <sys/resource.h>

#include <csignal>
#include <iostream>
#include <spdlog/spdlog.h>

#include "broker/broker.h"
#include "config/server_properties.h"

namespace gregor {
namespace {

// Each partition has segment files, each client a socket: raise the soft open-file limit to the
// hard one, as Kafka operators do with ulimit -n. Segment files beyond what the limit allows are
// closed and reopened as used (storage/fs/open_file_cache.h), so this only makes that rarer.
void raise_open_file_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  rlim_t before = limit.rlim_cur;
  limit.rlim_cur = limit.rlim_max;
  if (::setrlimit(RLIMIT_NOFILE, &limit) == 0) {
    spdlog::debug("open-file limit raised from {} to {}", before, limit.rlim_cur);
  }
}

}  // namespace

int run_server(const server_command_options& options) {
  spdlog::set_level(spdlog::level::from_str(options.log_level));
  spdlog::set_pattern("[%Y-%m-%d %H:%M:%S.%e] %^%l%$ %v");

  auto loaded = config::load_broker_config_file(options.properties_path, options.overrides);
  if (!loaded) {
    std::cerr << "gregor server: invalid configuration: " << loaded.error() << "\n";
    return 2;
  }
  for (const auto& w : loaded->warnings) spdlog::warn("{}", w);

  // Block the termination signals in every thread; this one waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  raise_open_file_limit();
  broker::broker b(std::move(loaded->config));
  if (std::string error = b.start(); !error.empty()) {
    std::cerr << "gregor server: " << error << "\n";
    return 1;
  }
  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("received signal {}, shutting down", received);
  b.stop();
  spdlog::info("shut down cleanly");
  return 0;
}

}  // namespace gregor
