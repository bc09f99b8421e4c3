// gregor::kafka_consumer: reads records from Kafka topics (kafka-python's KafkaConsumer in C++).
//
//   gregor::kafka_consumer consumer({{"bootstrap_servers", "localhost:9092"}, {"group_id", "billing"}},
//                                   {"payments"});
//   for (auto& record : consumer) handle(record.topic, record.offset, record.value);
//
// or, one batch at a time:
//
//   while (running)
//     for (auto& [tp, records] : consumer.poll(1000))
//       for (auto& record : records) handle(record);
//
// Threading: the API is for one thread at a time, like kafka-python's (only wakeup() may be called
// from another thread). Network I/O runs on a background thread owned by the consumer: it
// prefetches records from every partition leader while the application works, and it sends group
// heartbeats independently of poll() (KIP-62), so a slow application keeps its partitions as long
// as it calls poll() within max_poll_interval_ms. Rebalance listener callbacks, commit_async
// callbacks and deserializers all run on the application's thread, inside poll() (or commit(),
// close()).
//
// Offsets: position(tp) is the offset of the next record poll() will return; it moves only past
// records poll() has returned. With a group_id and enable_auto_commit (the default), positions are
// committed every auto_commit_interval_ms from poll(), before partitions are revoked, and on close.
// Without a group_id there is no group and nothing can be committed.
//
// Settings (kafka-python names; the dotted Java/librdkafka spellings work too):
//   bootstrap_servers, client_id, group_id (none), group_instance_id (none: dynamic membership),
//   auto_offset_reset (latest | earliest | none; smallest/largest accepted), enable_auto_commit (true),
//   auto_commit_interval_ms (5000), fetch_min_bytes (1), fetch_max_wait_ms (500),
//   fetch_max_bytes (52428800), max_partition_fetch_bytes (1048576), max_poll_records (500),
//   max_poll_interval_ms (300000), session_timeout_ms (10000), heartbeat_interval_ms (3000),
//   partition_assignment_strategy ("range,cooperative-sticky"; also roundrobin, sticky),
//   isolation_level (read_uncommitted | read_committed), consumer_timeout_ms (none: iteration
//   never ends by itself), check_crcs (true), request_timeout_ms (305000), default_api_timeout_ms
//   (60000: how long blocking calls such as commit() or position() wait), retry_backoff_ms (100),
//   reconnect_backoff_ms (50), reconnect_backoff_max_ms (1000), connections_max_idle_ms (540000),
//   metadata_max_age_ms (300000), exclude_internal_topics (true), allow_auto_create_topics (true).
// An unknown name throws config_error.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "gregor/config.h"
#include "gregor/errors.h"
#include "gregor/types.h"

namespace gregor {

// What a group rebalance did to this consumer's partitions. Each callback is optional and runs on
// the application's thread from inside poll() (and close()). on_partitions_revoked runs before a
// partition goes to another member, so it is the place to commit; on_partitions_lost runs when the
// partitions were taken away without a chance to commit (the member was fenced or timed out) and
// defaults to on_partitions_revoked when unset.
struct rebalance_listener {
  std::function<void(const std::vector<topic_partition>&)> on_partitions_revoked;
  std::function<void(const std::vector<topic_partition>&)> on_partitions_assigned;
  std::function<void(const std::vector<topic_partition>&)> on_partitions_lost;
};

// The consumer's place in its group (Java's ConsumerGroupMetadata); generation -1 outside one.
struct consumer_group_metadata {
  std::string group_id;
  int32_t generation_id = -1;
  std::string member_id;
  std::optional<std::string> group_instance_id;
};

// Result of commit_async(): the offsets sent, and nullptr or the failure (a commit_failed_error
// or kafka_error). Runs on the application's thread during a later poll(), commit() or close().
using offset_commit_callback =
    std::function<void(const std::map<topic_partition, offset_and_metadata>& offsets, std::exception_ptr error)>;

// Records of one poll(), by partition (kafka-python's shape).
template <class K, class V>
using basic_poll_result = std::map<topic_partition, std::vector<basic_consumer_record<K, V>>>;
using poll_result = basic_poll_result<bytes, bytes>;

// Input iterator over a consumer's records: each step takes the next record, waiting for one up to
// consumer_timeout_ms; the iteration ends when none came in that time (or after wakeup()).
template <class Source, class Record>
class basic_record_iterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = Record;
  using difference_type = std::ptrdiff_t;
  using pointer = Record*;
  using reference = Record&;

  basic_record_iterator() = default;
  explicit basic_record_iterator(Source* source) : source_(source) { ++*this; }

  Record& operator*() { return *current_; }
  Record* operator->() { return &*current_; }
  basic_record_iterator& operator++() {
    current_ = source_->next_record();
    if (!current_) source_ = nullptr;
    return *this;
  }
  void operator++(int) { ++*this; }
  friend bool operator==(const basic_record_iterator& it, std::default_sentinel_t) { return it.source_ == nullptr; }

 private:
  Source* source_ = nullptr;
  std::optional<Record> current_;
};

class kafka_consumer {
 public:
  using iterator = basic_record_iterator<kafka_consumer, consumer_record>;

  // Throws config_error for an unknown setting or a bad value. Connecting happens in the
  // background: an unreachable cluster shows up as timeouts of the calls that need it.
  explicit kafka_consumer(const config& cfg);
  // Also subscribes to `topics` (as kafka-python's KafkaConsumer(*topics, ...)).
  kafka_consumer(const config& cfg, const std::vector<std::string>& topics);
  // Closes with close(true) if close() was not called; errors are swallowed.
  ~kafka_consumer();
  kafka_consumer(kafka_consumer&&) noexcept;
  kafka_consumer& operator=(kafka_consumer&&) noexcept;

  // ---- what to read ----

  // Joins the group (group_id) to share these topics' partitions with its other members; without
  // a group_id the consumer takes every partition (and `listener` is never called). Replaces a
  // previous subscription; an empty list unsubscribes.
  // Throws illegal_state_error after assign() (the two do not mix until unsubscribe()).
  void subscribe(const std::vector<std::string>& topics, rebalance_listener listener = {});
  // subscribe({"a", "b"}): a braced list is topic names, never a pattern.
  void subscribe(std::initializer_list<std::string> topics, rebalance_listener listener = {}) {
    subscribe(std::vector<std::string>(topics), std::move(listener));
  }
  // Subscribes to every topic whose whole name matches `pattern`; new matching topics are picked
  // up on metadata refresh (metadata_max_age_ms).
  void subscribe(const std::regex& pattern, rebalance_listener listener = {});
  // Drops the subscription or assignment (leaves the group).
  void unsubscribe();
  // Reads exactly these partitions, outside any group rebalancing (commits still use group_id).
  void assign(const std::vector<topic_partition>& partitions);
  // The partitions currently assigned (by assign() or by the group).
  std::set<topic_partition> assignment() const;
  // The subscribed topics (for a pattern: the topics that currently match it).
  std::set<std::string> subscription() const;

  // ---- reading ----

  // Records fetched since the last call, up to max_records (default max_poll_records), waiting up
  // to timeout_ms for some to arrive. Also runs the group protocol (joins, rebalance callbacks),
  // auto commits and pending commit_async callbacks. Throws illegal_state_error without a
  // subscription or assignment; kafka_error for OFFSET_OUT_OF_RANGE with auto_offset_reset=none,
  // corrupt data (CRC mismatch) or a fatal group error.
  poll_result poll(int64_t timeout_ms = 0, std::optional<int32_t> max_records = std::nullopt);
  // The next record, waiting up to consumer_timeout_ms (forever by default); nullopt on timeout.
  std::optional<consumer_record> next_record();
  // for (auto& record : consumer) ...
  iterator begin() { return iterator(this); }
  std::default_sentinel_t end() { return {}; }
  // Makes a poll() or next_record() that is waiting (or the next one) return at once with nothing.
  // The only method that may be called from another thread.
  void wakeup();

  // ---- positions ----

  // The next offset poll() reads from `tp` (assigned). Looks it up (committed offset, else
  // auto_offset_reset) when not yet known, waiting up to default_api_timeout_ms.
  int64_t position(const topic_partition& tp);
  // Sets the next offset poll() reads from `tp` (assigned).
  void seek(const topic_partition& tp, int64_t offset);
  // Moves to the first / past the last offset of the partitions (all assigned ones when empty).
  void seek_to_beginning(const std::vector<topic_partition>& partitions = {});
  void seek_to_end(const std::vector<topic_partition>& partitions = {});
  // Stops / restarts fetching from these partitions; poll() returns nothing for a paused one.
  void pause(const std::vector<topic_partition>& partitions);
  void resume(const std::vector<topic_partition>& partitions);
  std::set<topic_partition> paused() const;
  // The last high watermark a fetch reported for `tp` (nullopt before the first fetch).
  std::optional<int64_t> highwater(const topic_partition& tp) const;

  // ---- committed offsets (need group_id) ----

  // The group's committed offset for `tp`, nullopt when none.
  std::optional<offset_and_metadata> committed(const topic_partition& tp);
  // Commits the current positions of every assigned partition (or `offsets`), waiting for the
  // answer (retrying coordinator moves up to default_api_timeout_ms). Throws commit_failed_error
  // when the group rebalanced or this member left it: the commit can no longer succeed.
  void commit();
  void commit(const std::map<topic_partition, offset_and_metadata>& offsets);
  // Same, without waiting; `callback` runs from a later poll(), commit() or close().
  void commit_async(offset_commit_callback callback = {});
  void commit_async(const std::map<topic_partition, offset_and_metadata>& offsets, offset_commit_callback callback = {});

  // ---- offsets and topics from the cluster ----

  // First / next-to-be-written offsets (last stable offset under read_committed).
  std::map<topic_partition, int64_t> beginning_offsets(const std::vector<topic_partition>& partitions);
  std::map<topic_partition, int64_t> end_offsets(const std::vector<topic_partition>& partitions);
  // The earliest offset whose timestamp is >= the given one; nullopt when there is none.
  std::map<topic_partition, std::optional<offset_and_timestamp>> offsets_for_times(
      const std::map<topic_partition, int64_t>& timestamps);
  // Partition ids of a topic; nullopt when the topic does not exist.
  std::optional<std::set<int32_t>> partitions_for_topic(const std::string& topic);
  // Every topic in the cluster (internal ones only when exclude_internal_topics=false).
  std::set<std::string> topics();

  // ---- state ----

  consumer_group_metadata group_metadata() const;
  // Counters and gauges by name: records-consumed-total, bytes-consumed-total, fetch-total,
  // fetch-latency-avg/max (ms), records-lag-max, commit-total, commit-latency-avg/max (ms),
  // rebalance-total, assigned-partitions, poll-idle-ratio-avg, ...
  std::map<std::string, double> metrics() const;

  // Commits (autocommit && enable_auto_commit), runs on_partitions_revoked for what it owns, leaves
  // the group (not for static members: their session simply expires), closes connections.
  // Idempotent; every other method throws illegal_state_error afterwards.
  void close(bool autocommit = true);

  // The implementation (shared with consumer<K, V>).
  class impl;

 private:
  std::unique_ptr<impl> impl_;
};

// Turns raw bytes (nullopt = null) into a typed key or value; may throw (poll() then throws
// serialization_error and the consumer stays before the record that failed).
template <class T>
using deserializer = std::function<std::optional<T>(const std::string& topic, const std::optional<bytes>& data)>;

// The identity deserializer for std::string (= bytes).
inline std::optional<std::string> string_deserializer(const std::string&, const std::optional<bytes>& data) {
  return data;
}

// A consumer yielding typed records. Every method besides poll/next_record/iteration is the
// kafka_consumer one; raw() reaches the untyped consumer.
template <class K, class V>
class consumer {
 public:
  using record_type = basic_consumer_record<K, V>;
  using iterator = basic_record_iterator<consumer, record_type>;

  consumer(const config& cfg, deserializer<K> key_deserializer, deserializer<V> value_deserializer)
      : raw_(cfg), key_(std::move(key_deserializer)), value_(std::move(value_deserializer)) {}
  consumer(const config& cfg, const std::vector<std::string>& topics, deserializer<K> key_deserializer,
           deserializer<V> value_deserializer)
      : raw_(cfg, topics), key_(std::move(key_deserializer)), value_(std::move(value_deserializer)) {}

  basic_poll_result<K, V> poll(int64_t timeout_ms = 0, std::optional<int32_t> max_records = std::nullopt) {
    poll_result raw = raw_.poll(timeout_ms, max_records);
    basic_poll_result<K, V> out;
    try {
      for (auto& [tp, records] : raw) {
        auto& typed = out[tp];
        typed.reserve(records.size());
        for (auto& r : records) typed.push_back(convert(std::move(r)));
      }
    } catch (...) {
      // Nothing of this poll reaches the application: go back to its first record everywhere.
      for (auto& [tp, records] : raw)
        if (!records.empty()) raw_.seek(tp, records.front().offset);
      throw;
    }
    return out;
  }
  std::optional<record_type> next_record() {
    auto r = raw_.next_record();
    if (!r) return std::nullopt;
    topic_partition tp = r->tp();
    int64_t offset = r->offset;
    try {
      return convert(std::move(*r));
    } catch (...) {
      raw_.seek(tp, offset);
      throw;
    }
  }
  iterator begin() { return iterator(this); }
  std::default_sentinel_t end() { return {}; }

  void subscribe(const std::vector<std::string>& topics, rebalance_listener listener = {}) {
    raw_.subscribe(topics, std::move(listener));
  }
  void subscribe(std::initializer_list<std::string> topics, rebalance_listener listener = {}) {
    raw_.subscribe(topics, std::move(listener));
  }
  void subscribe(const std::regex& pattern, rebalance_listener listener = {}) {
    raw_.subscribe(pattern, std::move(listener));
  }
  void unsubscribe() { raw_.unsubscribe(); }
  void assign(const std::vector<topic_partition>& partitions) { raw_.assign(partitions); }
  std::set<topic_partition> assignment() const { return raw_.assignment(); }
  std::set<std::string> subscription() const { return raw_.subscription(); }
  void wakeup() { raw_.wakeup(); }
  int64_t position(const topic_partition& tp) { return raw_.position(tp); }
  void seek(const topic_partition& tp, int64_t offset) { raw_.seek(tp, offset); }
  void seek_to_beginning(const std::vector<topic_partition>& partitions = {}) { raw_.seek_to_beginning(partitions); }
  void seek_to_end(const std::vector<topic_partition>& partitions = {}) { raw_.seek_to_end(partitions); }
  void pause(const std::vector<topic_partition>& partitions) { raw_.pause(partitions); }
  void resume(const std::vector<topic_partition>& partitions) { raw_.resume(partitions); }
  std::set<topic_partition> paused() const { return raw_.paused(); }
  std::optional<offset_and_metadata> committed(const topic_partition& tp) { return raw_.committed(tp); }
  void commit() { raw_.commit(); }
  void commit(const std::map<topic_partition, offset_and_metadata>& offsets) { raw_.commit(offsets); }
  void commit_async(offset_commit_callback callback = {}) { raw_.commit_async(std::move(callback)); }
  void commit_async(const std::map<topic_partition, offset_and_metadata>& offsets,
                    offset_commit_callback callback = {}) {
    raw_.commit_async(offsets, std::move(callback));
  }
  std::map<topic_partition, int64_t> beginning_offsets(const std::vector<topic_partition>& partitions) {
    return raw_.beginning_offsets(partitions);
  }
  std::map<topic_partition, int64_t> end_offsets(const std::vector<topic_partition>& partitions) {
    return raw_.end_offsets(partitions);
  }
  std::map<topic_partition, std::optional<offset_and_timestamp>> offsets_for_times(
      const std::map<topic_partition, int64_t>& timestamps) {
    return raw_.offsets_for_times(timestamps);
  }
  std::optional<std::set<int32_t>> partitions_for_topic(const std::string& topic) {
    return raw_.partitions_for_topic(topic);
  }
  std::set<std::string> topics() { return raw_.topics(); }
  consumer_group_metadata group_metadata() const { return raw_.group_metadata(); }
  std::map<std::string, double> metrics() const { return raw_.metrics(); }
  void close(bool autocommit = true) { raw_.close(autocommit); }

  kafka_consumer& raw() { return raw_; }

 private:
  record_type convert(consumer_record&& r) {
    record_type out;
    try {
      if (key_) out.key = key_(r.topic, r.key);
      if (value_) out.value = value_(r.topic, r.value);
    } catch (const serialization_error&) {
      throw;
    } catch (const std::exception& e) {
      throw serialization_error("cannot deserialize record " + r.topic + "-" + std::to_string(r.partition) + "@" +
                                std::to_string(r.offset) + ": " + e.what());
    }
    out.topic = std::move(r.topic);
    out.partition = r.partition;
    out.offset = r.offset;
    out.timestamp = r.timestamp;
    out.ts_type = r.ts_type;
    out.headers = std::move(r.headers);
    out.checksum = r.checksum;
    out.serialized_key_size = r.serialized_key_size;
    out.serialized_value_size = r.serialized_value_size;
    out.serialized_header_size = r.serialized_header_size;
    out.leader_epoch = r.leader_epoch;
    return out;
  }

  kafka_consumer raw_;
  deserializer<K> key_;
  deserializer<V> value_;
};

}  // namespace gregor
