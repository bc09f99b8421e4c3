#include "broker/produce_validation.h"

#include "protocol/records/record_batch.h"

namespace gregor::broker {
namespace {

protocol::error_code to_wire(records::batch_error e) {
  switch (e) {
    case records::batch_error::none: return protocol::error_code::none;
    case records::batch_error::corrupt_message: return protocol::error_code::corrupt_message;
    case records::batch_error::invalid_record: return protocol::error_code::invalid_record;
    case records::batch_error::unsupported_compression_type: return protocol::error_code::unsupported_compression_type;
  }
  return protocol::error_code::corrupt_message;
}

prepared_records failed(protocol::error_code code, std::string message) {
  prepared_records out;
  out.error = code;
  out.message = std::move(message);
  return out;
}

// The codec a topic's compression.type asks for; nullopt for "producer" (keep the producer's).
std::optional<records::compression> topic_codec(const std::string& name) {
  if (name == "producer") return std::nullopt;
  if (name == "uncompressed") return records::compression::none;
  if (name == "gzip") return records::compression::gzip;
  if (name == "snappy") return records::compression::snappy;
  if (name == "lz4") return records::compression::lz4;
  if (name == "zstd") return records::compression::zstd;
  return std::nullopt;
}

}  // namespace

prepared_records prepare_records(std::span<uint8_t> input, const config::topic_config& config, int16_t produce_version,
                                 int64_t now_ms) {
  if (input.empty()) return failed(protocol::error_code::invalid_record, "produce request carries no record batch");
  if (input.size() > records::batch_log_overhead + records::magic_offset &&
      input[records::magic_offset] != 2) {
    return failed(protocol::error_code::unsupported_for_message_format,
                  "message format v" + std::to_string(input[records::magic_offset]) +
                      " is not supported yet; produce record batches (magic 2)");
  }
  auto batches = records::split_batches(byte_span(input.data(), input.size()));
  if (!batches) return failed(to_wire(batches.error().error), batches.error().detail);

  const int64_t max_message_bytes = config.max_message_bytes();
  const auto wanted_codec = topic_codec(config.compression_type());

  prepared_records out;
  bool converting = false;  // some batch needed another codec: out.converted holds them all
  for (byte_span batch : *batches) {
    // Uncompressed batches are checked record by record (cheap: varints); compressed ones by
    // header and CRC, so the hot path never decompresses.
    records::validate_options options;
    options.allow_zstd = produce_version >= 7;
    options.deep = batch.size() > records::attributes_offset + 1 &&
                   (batch[records::attributes_offset + 1] & 0x7) == 0;
    auto header = records::validate_batch(batch, options);
    if (!header) return failed(to_wire(header.error().error), header.error().detail);
    if (static_cast<int64_t>(batch.size()) > max_message_bytes)
      return failed(protocol::error_code::message_too_large,
                    "batch of " + std::to_string(batch.size()) + " bytes exceeds max.message.bytes " +
                        std::to_string(max_message_bytes));
    if (header->is_transactional())
      return failed(protocol::error_code::invalid_txn_state, "transactional batches are not supported yet");
    if (config.cleanup_compact() && !header->is_control()) {
      // The cleaner keeps the latest record per key: a record without one could never be kept.
      auto decoded = records::read_records(batch);
      if (!decoded) return failed(to_wire(decoded.error().error), decoded.error().detail);
      for (const auto& r : decoded->records) {
        if (!r.key) return failed(protocol::error_code::invalid_record, "Compacted topic cannot accept message without key.");
      }
    }

    if (wanted_codec && *wanted_codec != header->codec()) {
      if (!converting) {  // the batches before this one, unchanged
        out.converted.reserve(input.size());
        out.converted.assign(static_cast<const uint8_t*>(input.data()), batch.data());
        converting = true;
      }
      auto converted = records::recompress_batch(batch, *wanted_codec);
      if (!converted) return failed(to_wire(converted.error().error), converted.error().detail);
      out.converted.insert(out.converted.end(), converted->begin(), converted->end());
    } else if (converting) {
      out.converted.insert(out.converted.end(), batch.begin(), batch.end());
    }
  }
  out.batches = converting ? std::span<uint8_t>(out.converted) : input;

  // Headers of what will be appended (stamped with the append time first, for LogAppendTime).
  const bool log_append_time = config.log_append_time();
  if (log_append_time) out.log_append_time = now_ms;
  for (size_t at = 0; at < out.batches.size();) {
    uint8_t* batch = out.batches.data() + at;
    auto header = records::parse_batch_header(byte_span(batch, out.batches.size() - at));
    if (!header) return failed(protocol::error_code::corrupt_message, "unreadable batch header after validation");
    if (log_append_time) {
      records::set_log_append_time(batch, header->total_size(), now_ms);
      header = records::parse_batch_header(byte_span(batch, header->total_size()));
    }
    out.headers.push_back(*header);
    at += header->total_size();
  }
  return out;
}

}  // namespace gregor::broker
