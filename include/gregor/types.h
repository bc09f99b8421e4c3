// Value types shared by the producer, consumer and admin client.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace gregor {

// Raw bytes of a key or value. std::nullopt is Kafka's null (distinct from empty).
using bytes = std::string;

struct topic_partition {
  std::string topic;
  int32_t partition = 0;

  friend auto operator<=>(const topic_partition&, const topic_partition&) = default;
  friend bool operator==(const topic_partition&, const topic_partition&) = default;
};

struct topic_partition_hash {
  size_t operator()(const topic_partition& tp) const noexcept {
    return std::hash<std::string>()(tp.topic) * 31 + static_cast<size_t>(tp.partition);
  }
};

struct record_header {
  std::string key;
  std::optional<bytes> value;

  friend bool operator==(const record_header&, const record_header&) = default;
};
using record_headers = std::vector<record_header>;

// What the broker acknowledged for one produced record (kafka-python's RecordMetadata).
struct record_metadata {
  std::string topic;
  int32_t partition = -1;
  int64_t offset = -1;     // -1 with acks=0: the broker does not say
  int64_t timestamp = -1;  // the record's timestamp, or the broker's when the topic uses LogAppendTime
  int32_t serialized_key_size = -1;    // -1 for a null key
  int32_t serialized_value_size = -1;  // -1 for a null value
  int32_t serialized_header_size = -1;

  topic_partition tp() const { return {topic, partition}; }
};

enum class timestamp_type : int8_t { no_timestamp = -1, create_time = 0, log_append_time = 1 };

// One consumed record (kafka-python's ConsumerRecord).
template <class K, class V>
struct basic_consumer_record {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;
  int64_t timestamp = -1;
  timestamp_type ts_type = timestamp_type::create_time;
  std::optional<K> key;
  std::optional<V> value;
  record_headers headers;
  std::optional<uint32_t> checksum;  // v2 batches carry a CRC per batch, none per record: nullopt
  int32_t serialized_key_size = -1;
  int32_t serialized_value_size = -1;
  int32_t serialized_header_size = -1;
  int32_t leader_epoch = -1;

  topic_partition tp() const { return {topic, partition}; }
};
using consumer_record = basic_consumer_record<bytes, bytes>;

struct offset_and_metadata {
  int64_t offset = -1;
  std::string metadata;
  int32_t leader_epoch = -1;

  friend bool operator==(const offset_and_metadata&, const offset_and_metadata&) = default;
};

struct offset_and_timestamp {
  int64_t offset = -1;
  int64_t timestamp = -1;
  int32_t leader_epoch = -1;
};

}  // namespace gregor
