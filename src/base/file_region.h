// file_region: a byte range of an open file, carried instead of the bytes themselves.
//
// The broker answers Fetch with record batches that sit in segment files. Rather than reading
// them into memory to write them to the socket, the fetch path hands the network layer a region
// of the file, which it sends with sendfile(2): the kernel moves the page-cache pages to the
// socket without a copy through user space (docs/broker.md, "Fetch").
//
// The region owns a descriptor of its own (a dup of the segment file's), shared by its copies and
// closed with the last one. So the bytes stay readable while the region is pending even if the
// segment file is deleted by retention or its cached descriptor closed meanwhile: an unlinked
// file lives on while a descriptor is open. A region never outgrows the file size it was made
// with; if the file is truncated below it anyway, reading it comes up short (see read()).
//
// Thread-safety: immutable after construction; safe to share across threads.
#pragma once

#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <memory>
#include <vector>

namespace gregor {

class file_region {
 public:
  file_region() = default;
  // Takes ownership of fd (closed when the last copy of the region goes).
  file_region(int fd, uint64_t offset, size_t length)
      : fd_(std::make_shared<const descriptor>(fd)), offset_(offset), length_(length) {}

  int fd() const { return fd_ ? fd_->fd : -1; }
  uint64_t offset() const { return offset_; }
  size_t size() const { return length_; }
  bool empty() const { return length_ == 0; }
  explicit operator bool() const { return fd_ != nullptr; }

  // The bytes, by pread: for writers that need them in memory. Shorter than size() only if the
  // file was truncated meanwhile (or the read failed), so callers compare the size.
  std::vector<uint8_t> read() const {
    std::vector<uint8_t> out(length_);
    size_t done = 0;
    while (fd_ && done < length_) {
      ssize_t n = ::pread(fd_->fd, out.data() + done, length_ - done, static_cast<off_t>(offset_ + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    out.resize(done);
    return out;
  }

  // Same file description and range (not a comparison of contents).
  friend bool operator==(const file_region& a, const file_region& b) {
    return a.fd_ == b.fd_ && a.offset_ == b.offset_ && a.length_ == b.length_;
  }

 private:
  struct descriptor {
    explicit descriptor(int f) : fd(f) {}
    ~descriptor() { ::close(fd); }
    descriptor(const descriptor&) = delete;
    descriptor& operator=(const descriptor&) = delete;
    int fd;
  };

  std::shared_ptr<const descriptor> fd_;
  uint64_t offset_ = 0;
  size_t length_ = 0;
};

}  // namespace gregor
