// sendfile_probe: how fast this machine moves a page-cached file to a loopback TCP reader with
// sendfile(2). The reference for consuming from page cache (bench scenario P3): a broker serving
// a fetch does at least this much work, so it cannot beat it by much.
//
//   sendfile_probe --dir DIR [--file-mib 256] [--seconds 2]
//
// Writes a file of --file-mib MiB in DIR (so it is in the page cache), then sends it again and
// again over one loopback connection for about --seconds; a reader thread receives into a 1 MiB
// buffer (copying to user space, as a consumer does) and counts bytes. Removes the file. Prints
//   RESULT bytes=B seconds=S mb_per_s=M        (MB = 10^6 bytes)
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

[[noreturn]] void fail(const char* what) {
  std::perror(what);
  std::exit(1);
}

[[noreturn]] void usage() {
  std::fprintf(stderr, "usage: sendfile_probe --dir DIR [--file-mib N] [--seconds S]\n");
  std::exit(2);
}

struct options {
  std::string dir;
  size_t file_bytes = size_t{256} << 20;
  double seconds = 2;
};

options parse(int argc, char** argv) {
  options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--dir") o.dir = value;
    else if (flag == "--file-mib") o.file_bytes = std::stoul(value) << 20;
    else if (flag == "--seconds") o.seconds = std::stod(value);
    else usage();
  }
  if (o.dir.empty()) usage();
  return o;
}

// Writes `bytes` of a repeating pattern; the data stays in the page cache.
int make_file(const std::string& path, size_t bytes) {
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) fail("open");
  std::vector<char> block(1 << 20);
  for (size_t i = 0; i < block.size(); ++i) block[i] = static_cast<char>('a' + i % 26);
  for (size_t done = 0; done < bytes; done += block.size())
    if (write(fd, block.data(), block.size()) != static_cast<ssize_t>(block.size())) fail("write");
  return fd;
}

}  // namespace

int main(int argc, char** argv) {
  options o = parse(argc, argv);
  std::string path = o.dir + "/sendfile-probe.dat";
  int file = make_file(path, o.file_bytes);

  int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(listener, 1) != 0 ||
      getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    fail("listen");

  size_t received = 0;
  std::chrono::steady_clock::time_point reader_done;
  std::thread reader([&] {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) fail("connect");
    std::vector<char> buffer(1 << 20);
    for (;;) {
      ssize_t n = read(s, buffer.data(), buffer.size());
      if (n < 0) fail("read");
      if (n == 0) break;
      received += static_cast<size_t>(n);
    }
    reader_done = std::chrono::steady_clock::now();
    close(s);
  });

  int conn = accept(listener, nullptr, nullptr);
  if (conn < 0) fail("accept");
  auto start = std::chrono::steady_clock::now();
  auto until = start + std::chrono::duration<double>(o.seconds);
  do {  // whole passes over the file until the time is up
    off_t offset = 0;
    while (static_cast<size_t>(offset) < o.file_bytes)
      if (sendfile(conn, file, &offset, o.file_bytes - static_cast<size_t>(offset)) < 0) fail("sendfile");
  } while (std::chrono::steady_clock::now() < until);
  shutdown(conn, SHUT_WR);
  reader.join();
  close(conn);
  close(listener);
  close(file);
  unlink(path.c_str());

  double seconds = std::chrono::duration<double>(reader_done - start).count();
  std::printf("RESULT bytes=%zu seconds=%.3f mb_per_s=%.1f\n", received, seconds, received / seconds / 1e6);
  return 0;
}
