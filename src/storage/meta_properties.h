// meta_properties: the `meta.properties` file at the root of each log dir (Java properties text).
//
//   version=1            (version=0 files use broker.id instead of node.id)
//   node.id=<int>
//   cluster.id=<string>
//   directory.id=<base64 uuid>   (optional)
//
// Lines starting with '#' are comments. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace gregor::storage {

struct meta_properties {
  int32_t version = 1;
  int32_t node_id = -1;
  std::string cluster_id;
  std::optional<std::string> directory_id;
  friend bool operator==(const meta_properties&, const meta_properties&) = default;
};

std::string format_meta_properties(const meta_properties& m);
result<meta_properties> parse_meta_properties(std::string_view text);

}  // namespace gregor::storage
