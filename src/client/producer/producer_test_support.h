// Helpers for the producer's integration tests: reading a partition back from the broker with
// plain Fetch requests (tests/support's kafka_client), to check what the producer stored.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "gregor/producer.h"
#include "integration/test_helpers.h"

namespace gregor::testing {

// Everything a test wants to check about one stored record.
struct stored_record {
  int64_t offset = -1;
  int64_t timestamp = -1;
  std::optional<std::string> key;
  std::optional<std::string> value;
  record_headers headers;
  records::compression codec = records::compression::none;
  bool log_append_time = false;
  int64_t producer_id = -1;
};

// Reads partition `p` of `topic` from offset 0 to its end.
inline std::vector<stored_record> read_partition(uint16_t port, const std::string& topic, int32_t p) {
  kafka_client c;
  std::vector<stored_record> out;
  if (!c.connect(port)) {
    ADD_FAILURE() << "cannot connect to the broker";
    return out;
  }
  int64_t next = 0;
  for (int round = 0; round < 1000; ++round) {
    auto resp = c.call<fetch_response>(fetch_one(topic, p, next), 11);
    if (!resp || resp->responses.empty() || resp->responses[0].partitions.empty()) {
      ADD_FAILURE() << "fetch failed";
      break;
    }
    const auto& part = resp->responses[0].partitions[0];
    if (part.error_code != 0) {
      ADD_FAILURE() << "fetch error " << part.error_code;
      break;
    }
    auto batches = records::split_batches(part.records.bytes.span());
    size_t before = out.size();
    if (batches) {
      for (auto b : *batches) {
        auto decoded = records::read_records(shared_bytes::copy_of(b));
        if (!decoded) continue;
        for (auto& r : decoded->records) {
          if (r.offset < next) continue;
          stored_record s;
          s.offset = r.offset;
          s.timestamp = r.timestamp;
          if (r.key) s.key = std::string(r.key->as_string_view());
          if (r.value) s.value = std::string(r.value->as_string_view());
          for (auto& h : r.headers) {
            s.headers.push_back(
                {h.key, h.value ? std::optional<bytes>(std::string(h.value->as_string_view())) : std::nullopt});
          }
          s.codec = decoded->header.codec();
          s.log_append_time = decoded->header.log_append_time();
          s.producer_id = decoded->header.producer_id;
          out.push_back(std::move(s));
          next = r.offset + 1;
        }
      }
    }
    if (out.size() == before || next >= part.high_watermark) break;
  }
  return out;
}

inline std::vector<std::string> values_of(const std::vector<stored_record>& records) {
  std::vector<std::string> out;
  for (const auto& r : records) out.push_back(r.value.value_or("<null>"));
  return out;
}

}  // namespace gregor::testing
