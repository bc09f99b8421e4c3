// fsync_probe: the latency of a durable 4 KiB append on the data directory's file system, i.e.
// what an acks=all produce must wait for at least (bench scenario P4's reference).
//
//   fsync_probe --dir DIR [--count 1000] [--warmup 50] [--size 4096]
//
// Appends --size bytes to a new file in DIR and fdatasyncs it, --warmup times unmeasured, then
// --count times measuring each write+fdatasync. The file grows, so every fdatasync also persists
// the new length, as a log append's does. Removes the file. Prints (nearest-rank percentiles)
//   RESULT count=N p50_us=A p99_us=B max_us=C
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

[[noreturn]] void fail(const char* what) {
  std::perror(what);
  std::exit(1);
}

double percentile(const std::vector<double>& sorted, double p) {
  size_t rank = static_cast<size_t>(p / 100.0 * static_cast<double>(sorted.size()) + 0.999999);
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir;
  int count = 1000, warmup = 50;
  size_t size = 4096;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--dir") dir = value;
    else if (flag == "--count") count = std::stoi(value);
    else if (flag == "--warmup") warmup = std::stoi(value);
    else if (flag == "--size") size = std::stoul(value);
    else {
      std::fprintf(stderr, "usage: fsync_probe --dir DIR [--count N] [--warmup N] [--size BYTES]\n");
      return 2;
    }
  }
  if (dir.empty() || count < 1) {
    std::fprintf(stderr, "fsync_probe: --dir and a positive --count are required\n");
    return 2;
  }

  std::string path = dir + "/fsync-probe.dat";
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
  if (fd < 0) fail("open");
  std::string block(size, 'x');
  auto append = [&] {
    if (write(fd, block.data(), block.size()) != static_cast<ssize_t>(block.size())) fail("write");
    if (fdatasync(fd) != 0) fail("fdatasync");
  };

  for (int i = 0; i < warmup; ++i) append();
  std::vector<double> micros;
  micros.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    auto start = std::chrono::steady_clock::now();
    append();
    micros.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
  }
  close(fd);
  unlink(path.c_str());

  std::sort(micros.begin(), micros.end());
  std::printf("RESULT count=%d p50_us=%.1f p99_us=%.1f max_us=%.1f\n", count, percentile(micros, 50),
              percentile(micros, 99), micros.back());
  return 0;
}
