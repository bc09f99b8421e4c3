// Request and response headers (docs/wire-protocol.md §Headers).
//
//  request header v1: api_key int16, api_version int16, correlation_id int32, client_id STRING
//  request header v2: v1 + tagged fields (used exactly by flexible request versions);
//                     client_id keeps its int16 length even here
//  response header v0: correlation_id int32; v1 adds tagged fields (flexible versions),
//                      except that ApiVersions responses always use v0
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "protocol/codec/reader.h"
#include "protocol/codec/writer.h"

namespace gregor::protocol {

struct request_header {
  int16_t api_key = 0;
  int16_t api_version = 0;
  int32_t correlation_id = 0;
  std::optional<std::string> client_id;
};

// Reads api_key, api_version and correlation_id only: enough to decide how to read the rest.
bool peek_request_header(const uint8_t* frame, size_t size, request_header& out);

// Reads the whole header; `flexible` selects header v2. False on malformed input.
bool read_request_header(reader& r, request_header& out, bool flexible);
void write_request_header(writer& w, const request_header& h, bool flexible);

void write_response_header(writer& w, int32_t correlation_id, bool flexible);
bool read_response_header(reader& r, int32_t& correlation_id, bool flexible);

}  // namespace gregor::protocol
