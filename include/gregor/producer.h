// gregor::kafka_producer: publishes records to Kafka topics (kafka-python's KafkaProducer).
//
//   gregor::kafka_producer producer({{"bootstrap_servers", "localhost:9092"}, {"linger_ms", 5}});
//   producer.send("events", "value");                           // fire and forget
//   auto md = producer.send("events", "v", "key").get();        // synchronous: waits for the ack
//   producer.send("events", "v", std::nullopt,                  // asynchronous: a callback
//                 [](const gregor::record_metadata& md, const gregor::kafka_error* error) { ... });
//   producer.flush();
//
// send() appends the record to a batch for its partition and returns at once; a background thread
// (the producer's I/O thread) sends batches when they are full or have waited linger_ms, retries
// what failed with a retriable error until delivery_timeout_ms, and completes each record's
// send_future. With the default settings the producer is idempotent (KIP-98): retries cannot
// duplicate or reorder records within a partition.
//
// Thread-safety: every method may be called from any number of threads at once. Callbacks and
// then() continuations run on the I/O thread: keep them short and never block in them (a send()
// from a callback does not wait for metadata or buffer space; it throws instead).
//
// Settings (kafka-python names; Java/librdkafka dotted names are accepted, see gregor/config.h).
// Unknown names throw config_error.
//   bootstrap_servers        "host:port,..."                                 localhost:9092
//   client_id                sent with every request                         gregor-producer-N
//   acks                     0, 1, all (= -1)                                all
//   compression_type         none, gzip, snappy, lz4, zstd                   none
//                            (alias compression_codec)
//   retries                  resends of a failed batch, bounded by delivery_timeout_ms   2147483647
//                            (alias message_send_max_retries)
//   retry_backoff_ms         wait before a retry                             100
//   delivery_timeout_ms      upper bound from send() to success or failure   120000
//                            (alias message_timeout_ms)
//   request_timeout_ms       how long a Produce request may go unanswered    30000
//   batch_size               bytes of records per partition batch            16384
//                            (a record larger than this gets a batch of its own)
//   linger_ms                wait for more records before sending a batch    0
//                            (alias queue_buffering_max_ms)
//   partitioner              default (= murmur2, sticky), round_robin, murmur2_random   default
//   buffer_memory            bytes of records waiting to be sent             33554432
//   max_block_ms             how long send() may wait for metadata or memory 60000
//   max_request_size         largest Produce request (and record)            1048576
//                            (alias message_max_bytes)
//   max_in_flight_requests_per_connection                                    5
//                            (alias max_in_flight)
//   enable_idempotence       true unless acks, max_in_flight (> 5) or retries (= 0) were set
//                            to something it cannot work with; true with such settings throws
//   connections_max_idle_ms, metadata_max_age_ms, reconnect_backoff_ms, reconnect_backoff_max_ms,
//   socket_connection_setup_timeout_ms: as for every client (see common_settings).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "gregor/config.h"
#include "gregor/errors.h"
#include "gregor/types.h"

namespace gregor {

namespace client {
class delivery_state;
}

// Runs once per record when it was acknowledged (error == nullptr) or failed for good. A
// kafka_timeout_error (delivery_timeout_ms ran out) is passed as its base kafka_error.
using delivery_callback = std::function<void(const record_metadata& metadata, const kafka_error* error)>;

// The bytes of a key or value as send() takes them: a std::string, std::string_view, string
// literal or std::optional<bytes> all convert; std::nullopt is Kafka's null. send() copies the
// bytes into the batch before it returns.
using nullable_bytes = std::optional<std::string_view>;

// The outcome of one send(). Cheap to copy; every copy sees the same result.
class send_future {
 public:
  send_future() = default;

  // False for a default-constructed future.
  bool valid() const { return state_ != nullptr; }
  // True once the record was acknowledged or failed.
  bool done() const;
  // Waits until done; the metadata, or throws the failure (kafka_error; kafka_timeout_error when
  // delivery_timeout_ms expired).
  record_metadata get() const;
  // As get(), but throws kafka_timeout_error if the record is not done within `timeout`.
  record_metadata get(std::chrono::milliseconds timeout) const;
  // Waits up to `timeout`; true when done.
  bool wait_for(std::chrono::milliseconds timeout) const;
  // The failure once done (nullptr on success or while pending).
  const kafka_error* error() const;
  // Runs `callback` when done: on the I/O thread, or at once on this thread if already done.
  void then(delivery_callback callback) const;

 private:
  friend class client::delivery_state;
  std::shared_ptr<client::delivery_state> state_;
  int32_t index_ = 0;  // the record's position in its batch
  int32_t key_size_ = -1;
  int32_t value_size_ = -1;
  int32_t header_size_ = -1;
  int64_t timestamp_ = -1;
};

// A record to send, for the send() overload that takes one object.
struct producer_record {
  std::string topic;
  std::optional<bytes> value;
  std::optional<bytes> key;
  std::optional<int32_t> partition;     // nullopt: the partitioner decides
  std::optional<int64_t> timestamp_ms;  // nullopt: now (CreateTime)
  record_headers headers;
};

// Chooses the partition of records whose partition the application left open. Given to the
// producer's constructor to replace the `partitioner` setting. Called from sending threads
// concurrently: implementations must be thread-safe.
class partitioner {
 public:
  virtual ~partitioner() = default;
  // A partition in [0, num_partitions). `key` is the serialized key (nullopt: null key);
  // `available_partitions` lists those with a leader now (may be empty).
  virtual int32_t partition(std::string_view topic, const std::optional<bytes>& key, int32_t num_partitions,
                            const std::vector<int32_t>& available_partitions) = 0;
  // The batch being filled for (topic, prev_partition) is complete and a new one starts: a sticky
  // strategy (KIP-480) moves on here.
  virtual void on_new_batch(std::string_view topic, int32_t prev_partition) {
    (void)topic;
    (void)prev_partition;
  }
};

// Counters since the producer started (averages are over that whole time).
struct producer_metrics {
  int64_t records_sent = 0;    // acknowledged records (acks=0: written to the socket)
  int64_t bytes_sent = 0;      // bytes of the batches those records went in
  int64_t record_errors = 0;   // records that failed for good
  int64_t record_retries = 0;  // records resent after a retriable error
  int64_t batches_sent = 0;
  double batch_size_avg = 0;  // bytes per batch as sent (after compression)
  int64_t batch_size_max = 0;
  int64_t requests_sent = 0;  // Produce requests
  double request_latency_avg_ms = 0;
  double request_latency_max_ms = 0;
  double records_per_request_avg = 0;
  double compression_rate_avg = 0;  // bytes sent / bytes before compression, all batches (1 = none)
  int64_t buffer_total_bytes = 0;   // buffer_memory
  int64_t buffer_available_bytes = 0;
  int64_t waiting_threads = 0;  // send() calls blocked on buffer memory now
  int64_t metadata_requests = 0;
};

class kafka_producer {
 public:
  // Reads and checks `cfg` (config_error on unknown names or bad values) and starts the I/O thread.
  // Connecting happens in the background: construction does not wait for a broker.
  explicit kafka_producer(const config& cfg);
  // Uses `custom` instead of the `partitioner` setting.
  kafka_producer(const config& cfg, std::shared_ptr<partitioner> custom);
  // close() with no time limit (bounded in practice by delivery_timeout_ms).
  ~kafka_producer();
  kafka_producer(const kafka_producer&) = delete;
  kafka_producer& operator=(const kafka_producer&) = delete;

  // Queues a record. Waits up to max_block_ms for the topic's metadata and for buffer memory.
  // Throws (the record is not queued):
  //   kafka_timeout_error  metadata or memory did not become available within max_block_ms
  //                        ("Topic t not present in metadata after N ms.")
  //   kafka_error          MESSAGE_TOO_LARGE (the record alone exceeds max_request_size),
  //                        RECORD_LIST_TOO_LARGE (it exceeds buffer_memory),
  //                        UNKNOWN_TOPIC_OR_PARTITION (explicit partition out of range), or the
  //                        topic's own metadata error (e.g. INVALID_TOPIC_EXCEPTION)
  //   illegal_state_error  the producer is closed
  // Everything that happens after queuing is reported through the future and the callback.
  send_future send(std::string_view topic, nullable_bytes value, nullable_bytes key = std::nullopt,
                   std::optional<int32_t> partition = std::nullopt, std::optional<int64_t> timestamp_ms = std::nullopt,
                   const record_headers& headers = {});
  // As above; `callback` (anything callable as a delivery_callback) runs on the I/O thread once
  // the record is done.
  template <class F, std::enable_if_t<std::is_invocable_v<F&, const record_metadata&, const kafka_error*>, int> = 0>
  send_future send(std::string_view topic, nullable_bytes value, nullable_bytes key, F&& callback) {
    return send_with_callback(topic, value, key, delivery_callback(std::forward<F>(callback)));
  }
  send_future send(const producer_record& record, delivery_callback callback = {});

  // Sends everything queued now without waiting for linger_ms, and waits until those records
  // are acknowledged or failed (their callbacks have run by then). Records other threads send
  // meanwhile do not hold it up. Throws kafka_timeout_error if that takes longer than `timeout`,
  // illegal_state_error when called from a callback (it would wait for itself).
  void flush(std::chrono::milliseconds timeout = std::chrono::milliseconds::max());
  // Stops accepting records, flushes for up to `timeout`, fails whatever is still pending
  // (close(0ms) fails every pending record at once) and stops the I/O thread. Idempotent.
  // From a callback it cannot wait and acts as close(0ms); never destroy the producer there.
  void close(std::chrono::milliseconds timeout = std::chrono::milliseconds::max());

  // The partition count of `topic`, waiting up to max_block_ms for its metadata.
  int32_t partitions_for(std::string_view topic);
  producer_metrics metrics() const;
  // True when this producer stamps batches with a producer id (enable_idempotence in effect).
  bool idempotent() const;

  class impl;

 private:
  send_future send_with_callback(std::string_view topic, nullable_bytes value, nullable_bytes key,
                                 delivery_callback callback);

  std::unique_ptr<impl> impl_;
};

// Turns an application value into bytes (nullopt: Kafka's null). May throw; send() then throws
// serialization_error.
template <class T>
using serializer = std::function<std::optional<bytes>(const std::string& topic, const T& value)>;

// A typed front over kafka_producer: keys of type K and values of type V pass through
// serializers before they are sent.
template <class K, class V>
class producer {
 public:
  producer(const config& cfg, serializer<K> key_serializer, serializer<V> value_serializer)
      : raw_(cfg), key_serializer_(std::move(key_serializer)), value_serializer_(std::move(value_serializer)) {}
  producer(const config& cfg, std::shared_ptr<partitioner> custom, serializer<K> key_serializer,
           serializer<V> value_serializer)
      : raw_(cfg, std::move(custom)),
        key_serializer_(std::move(key_serializer)),
        value_serializer_(std::move(value_serializer)) {}

  send_future send(const std::string& topic, const std::optional<V>& value, const std::optional<K>& key = std::nullopt,
                   std::optional<int32_t> partition = std::nullopt, std::optional<int64_t> timestamp_ms = std::nullopt,
                   const record_headers& headers = {}) {
    auto k = serialize(key_serializer_, topic, key, "key");
    auto v = serialize(value_serializer_, topic, value, "value");
    return raw_.send(topic, view(v), view(k), partition, timestamp_ms, headers);
  }
  template <class F, std::enable_if_t<std::is_invocable_v<F&, const record_metadata&, const kafka_error*>, int> = 0>
  send_future send(const std::string& topic, const std::optional<V>& value, const std::optional<K>& key, F&& callback) {
    auto k = serialize(key_serializer_, topic, key, "key");
    auto v = serialize(value_serializer_, topic, value, "value");
    return raw_.send(topic, view(v), view(k), std::forward<F>(callback));
  }

  void flush(std::chrono::milliseconds timeout = std::chrono::milliseconds::max()) { raw_.flush(timeout); }
  void close(std::chrono::milliseconds timeout = std::chrono::milliseconds::max()) { raw_.close(timeout); }
  int32_t partitions_for(std::string_view topic) { return raw_.partitions_for(topic); }
  producer_metrics metrics() const { return raw_.metrics(); }
  kafka_producer& raw() { return raw_; }

 private:
  template <class T>
  static std::optional<bytes> serialize(const serializer<T>& s, const std::string& topic, const std::optional<T>& v,
                                        const char* what) {
    if (!v) return std::nullopt;  // null stays null, as in kafka-python
    if (!s) throw serialization_error(std::string("no ") + what + " serializer configured");
    try {
      return s(topic, *v);
    } catch (const serialization_error&) {
      throw;
    } catch (const std::exception& e) {
      throw serialization_error(std::string("cannot serialize ") + what + " for topic " + topic + ": " + e.what());
    }
  }
  static nullable_bytes view(const std::optional<bytes>& b) { return b ? nullable_bytes(*b) : std::nullopt; }

  kafka_producer raw_;
  serializer<K> key_serializer_;
  serializer<V> value_serializer_;
};

}  // namespace gregor
