// api_versions: which request versions the client can speak, and which one to use with a broker.
//
// The client caps each API at the newest version whose semantics it implements (for example Fetch
// stops at v12 because v13 addresses topics by id). On connect the broker's ApiVersions answer is
// intersected with these ranges; a request is sent at the highest version both sides support.
#pragma once

#include <cstdint>
#include <map>
#include <optional>

namespace gregor::client {

struct version_range {
  int16_t min = 0;
  int16_t max = 0;
};

// The client's own range for an API key; nullopt for APIs it never sends.
std::optional<version_range> client_versions(int16_t api_key);

// The broker's ranges as reported by ApiVersions.
class broker_versions {
 public:
  void set(int16_t api_key, version_range range) { ranges_[api_key] = range; }
  bool empty() const { return ranges_.empty(); }
  // The highest version both sides support; nullopt when there is none.
  std::optional<int16_t> pick(int16_t api_key) const;
  std::optional<version_range> broker_range(int16_t api_key) const;

 private:
  std::map<int16_t, version_range> ranges_;
};

}  // namespace gregor::client
