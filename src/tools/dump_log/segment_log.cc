#include "tools/dump_log/segment_log.h"

#include <algorithm>

#include "storage/batch_scanner.h"
#include "tools/common/tool_error.h"
#include "tools/dump_log/read_only_file.h"

namespace gregor::tools {

segment_log::segment_log(const std::string& path) : path_(path), file_(open_read_only(path)) {
  auto size = file_->size();
  if (!size) throw tool_error(size.error());
  size_ = *size;
}

uint64_t segment_log::for_each_batch(uint64_t limit, const std::function<void(const log_batch&)>& visit) const {
  storage::batch_scanner scanner(*file_, 0, std::min(limit, size_), /*validate=*/false);
  while (true) {
    auto next = scanner.next();
    if (!next) throw tool_error(next.error());
    if (!*next) break;
    visit(log_batch{(*next)->position, (*next)->header});
  }
  return scanner.position();
}

const std::vector<log_batch>& segment_log::batches() const {
  if (!batches_) {
    auto all = std::make_unique<std::vector<log_batch>>();
    for_each_batch(size_, [&](const log_batch& b) { all->push_back(b); });
    batches_ = std::move(all);
  }
  return *batches_;
}

std::vector<uint8_t> segment_log::read_batch(const log_batch& batch) const {
  std::vector<uint8_t> bytes(batch.header.total_size());
  auto n = file_->read_at(batch.position, bytes);
  if (!n) throw tool_error(n.error());
  if (*n != bytes.size()) throw tool_error(path_ + " changed while it was read");
  return bytes;
}

}  // namespace gregor::tools
