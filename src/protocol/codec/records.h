// record_set: the "records" wire type, an opaque run of record batches carried by reference.
#pragma once

#include "base/shared_bytes.h"

namespace gregor::protocol {

struct record_set {
  shared_bytes bytes;
  bool is_null = false;

  friend bool operator==(const record_set& a, const record_set& b) {
    return a.is_null == b.is_null && a.bytes == b.bytes;
  }
};

}  // namespace gregor::protocol
