// record_set: the "records" wire type, an opaque run of record batches carried by reference.
//
// Decoded record sets are always bytes (a slice of the frame). The broker's Fetch path may carry
// the batches as a region of a segment file instead (`file`), which the connection sends with
// sendfile(2) without reading it (docs/broker.md, "Fetch"); `bytes` is then empty.
#pragma once

#include "base/file_region.h"
#include "base/shared_bytes.h"

namespace gregor::protocol {

struct record_set {
  shared_bytes bytes;
  file_region file;
  bool is_null = false;

  size_t size() const { return file ? file.size() : bytes.size(); }

  friend bool operator==(const record_set& a, const record_set& b) {
    return a.is_null == b.is_null && a.bytes == b.bytes && a.file == b.file;
  }
};

}  // namespace gregor::protocol
