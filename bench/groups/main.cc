// bench/groups: the consumer-group side of the broker, measured with protocol-level clients.
//
//   groups [--quick] [--only rebalance|idle|offsets] [--json FILE]
//
// Every scenario starts its own `gregor server` (the binary of this build, or $GREGOR_BINARY) on
// a free loopback port with a temporary data directory. It prints figures; it asserts nothing,
// but exits 1 when a scenario could not run to the end. See bench/README.md.
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include "scenarios.h"
#include "support/broker_process.h"

namespace {

void usage() {
  std::puts("usage: groups [--quick] [--only rebalance|idle|offsets] [--json FILE]\n"
            "  --quick  fewer repetitions, groups and commits, shorter windows (a smoke run)\n"
            "  --only   run one scenario\n"
            "  --json   append one JSON object per figure to FILE");
}

}  // namespace

int main(int argc, char** argv) {
  gregor::bench::options opt;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--quick") {
      opt.quick = true;
    } else if (a == "--only" && i + 1 < argc) {
      opt.only = argv[++i];
    } else if (a == "--json" && i + 1 < argc) {
      opt.json_path = argv[++i];
    } else {
      usage();
      return a == "--help" || a == "-h" ? 0 : 2;
    }
  }
  if (!opt.only.empty() && opt.only != "rebalance" && opt.only != "idle" && opt.only != "offsets") {
    usage();
    return 2;
  }

  std::printf("consumer groups benchmark%s: broker %s, %u CPUs\n", opt.quick ? " (--quick)" : "",
              gregor::testing::gregor_binary().c_str(), std::thread::hardware_concurrency());
  gregor::bench::report out(opt.json_path);
  bool ok = true;
  auto want = [&](const char* name) { return opt.only.empty() || opt.only == name; };
  if (want("rebalance")) ok &= gregor::bench::run_rebalance(opt, out);
  if (want("idle")) ok &= gregor::bench::run_idle_groups(opt, out);
  if (want("offsets")) ok &= gregor::bench::run_offsets(opt, out);
  if (!ok) std::printf("\nsome scenario did not complete (see the notes above)\n");
  return ok ? 0 : 1;
}
