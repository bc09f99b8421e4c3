#include "storage/log_batches.h"

namespace gregor::storage {

void for_each_batch(log& l, int64_t from, int64_t end,
                    const std::function<void(byte_span, const records::batch_header&)>& visit) {
  constexpr size_t read_bytes = 1 << 20;
  while (from < end) {
    auto read = l.read(from, read_bytes, true, end);
    if (!read || read->data.empty()) return;
    byte_span data = read->data.span();
    size_t pos = 0;
    int64_t next = from;
    while (pos + records::batch_header_size <= data.size()) {
      auto h = records::parse_batch_header(data.subspan(pos));
      if (!h || pos + h->total_size() > data.size()) break;
      if (h->last_offset() >= from) visit(data.subspan(pos, h->total_size()), *h);
      next = h->last_offset() + 1;
      pos += h->total_size();
    }
    if (next <= from) return;
    from = next;
  }
}

}  // namespace gregor::storage
