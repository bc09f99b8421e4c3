#include "protocol/request_header.h"

namespace gregor::protocol {
namespace {
// Tagged fields of a header: none are defined for us, so all are skipped.
bool skip_tagged_fields(reader& r) {
  uint32_t count = r.uvarint32();
  for (uint32_t i = 0; i < count && r.ok(); ++i) {
    r.uvarint32();
    r.skip(r.uvarint32());
  }
  return r.ok();
}
}  // namespace

bool peek_request_header(const uint8_t* frame, size_t size, request_header& out) {
  if (size < 8) return false;
  out.api_key = load_be<int16_t>(frame);
  out.api_version = load_be<int16_t>(frame + 2);
  out.correlation_id = load_be<int32_t>(frame + 4);
  return true;
}

bool read_request_header(reader& r, request_header& out, bool flexible) {
  out.api_key = r.i16();
  out.api_version = r.i16();
  out.correlation_id = r.i32();
  int16_t n = r.i16();
  if (n < -1) return false;
  if (n >= 0) out.client_id = r.take_string(static_cast<size_t>(n));
  else out.client_id.reset();
  if (flexible) skip_tagged_fields(r);
  return r.ok();
}

void write_request_header(writer& w, const request_header& h, bool flexible) {
  w.i16(h.api_key);
  w.i16(h.api_version);
  w.i32(h.correlation_id);
  if (h.client_id) {
    w.i16(static_cast<int16_t>(h.client_id->size()));
    w.raw(std::string_view(*h.client_id));
  } else {
    w.i16(-1);
  }
  if (flexible) w.uvarint(0);
}

void write_response_header(writer& w, int32_t correlation_id, bool flexible) {
  w.i32(correlation_id);
  if (flexible) w.uvarint(0);
}

bool read_response_header(reader& r, int32_t& correlation_id, bool flexible) {
  correlation_id = r.i32();
  if (flexible) skip_tagged_fields(r);
  return r.ok();
}

}  // namespace gregor::protocol
