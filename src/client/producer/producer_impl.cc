#include "client/producer/producer_impl.h"

#include <array>

#include "client/partitioning/partitioner_factory.h"
#include "client/producer/clock.h"
#include "client/producer/delivery_state.h"
#include "client/producer/partitioner_adapter.h"

namespace gregor {

namespace {

using namespace gregor::client;

std::unique_ptr<client::partitioner> choose_partitioner(const producer_config& c,
                                                        std::shared_ptr<gregor::partitioner> custom) {
  if (custom) return std::make_unique<partitioner_adapter>(std::move(custom));
  auto p = make_partitioner(c.partitioner);
  if (!p) {
    throw config_error("producer config partitioner=\"" + c.partitioner +
                       "\" is invalid: expected default, murmur2, sticky, murmur2_random or round_robin");
  }
  return p;
}

// Widest varint (int32) and the widest fixed part of a record: length, attributes, timestamp
// delta (varlong), offset delta, key and value lengths, header count.
constexpr size_t max_varint32 = 5;
constexpr size_t max_record_overhead = max_varint32 + 1 + 10 + max_varint32 + 2 * max_varint32 + max_varint32;

// Each sending thread remembers the last topic it sent to, so that a stream of sends to one topic
// neither hashes its name nor touches shared reference counts. Producer ids are never reused, so
// an entry of a destroyed producer can never match.
struct topic_cache_entry {
  uint64_t producer = 0;
  uint64_t metadata_version = 0;
  std::string topic;
  record_accumulator::topic_view view;
};
thread_local topic_cache_entry last_topic;

std::atomic<uint64_t> next_producer_id{1};

accumulator_settings accumulator_settings_for(const producer_config& c) {
  // A batch never outgrows a request; a larger batch_size would only produce rejected batches.
  return {std::min(c.batch_size, c.max_request_size), c.compression == records::compression::none};
}

std::shared_ptr<buffer_recycler> recycler_for(const producer_config& c) {
  int64_t size = std::min(c.batch_size, c.max_request_size);
  // As many as buffer_memory can hold at once (the Java client pools all of it too): a buffer
  // handed back to malloc comes back as fresh pages, and on this kind of VM a first touch costs
  // 1.5-9 us per 4 KiB page, more than filling the page with records.
  int64_t keep = std::max<int64_t>(c.buffer_memory / std::max<int64_t>(size, 1), 1);
  return buffer_recycler::create(static_cast<size_t>(size), static_cast<size_t>(keep));
}

cluster_options cluster_options_for(const producer_config& c) {
  cluster_options o = c.common.cluster;
  o.allow_auto_create_topics = true;  // kafka-python's producer asks for auto-creation
  return o;
}

}  // namespace

kafka_producer::impl::impl(const config& cfg, std::shared_ptr<gregor::partitioner> custom)
    : id_(next_producer_id.fetch_add(1)),
      config_(read_producer_config(cfg)),
      partitioner_(choose_partitioner(config_, std::move(custom))),
      pool_(config_.buffer_memory),
      buffers_(recycler_for(config_)),
      accumulator_(accumulator_settings_for(config_), batch_services{&pool_, buffers_.get(), &stats_, &incomplete_}),
      cluster_(io_.io(), cluster_options_for(config_)),
      metadata_({config_.common.metadata_max_age_ms, config_.retry_backoff_ms}, cluster_, accumulator_, stats_,
                [this] { sender_.wake(); }),
      sender_(config_, cluster_, accumulator_, metadata_, stats_, pool_) {
  io_thread_id_ = io_.call([] { return std::this_thread::get_id(); });
  io_.post([this] { sender_.start(); });
}

kafka_producer::impl::~impl() { close(std::chrono::milliseconds::max()); }

const record_accumulator::topic_view& kafka_producer::impl::lookup_topic(std::string_view topic,
                                                                         lazy_deadline& deadline, bool on_io) {
  uint64_t version = accumulator_.metadata_version();
  if (last_topic.producer == id_ && last_topic.metadata_version == version && last_topic.topic == topic) {
    return last_topic.view;
  }
  auto view = metadata_.await_topic(topic, deadline, !on_io);
  last_topic.producer = id_;
  last_topic.metadata_version = version;  // read before the lookup: a newer update misses next time
  last_topic.topic.assign(topic);
  last_topic.view = std::move(view);
  return last_topic.view;
}

lazy_deadline kafka_producer::impl::block_deadline(bool on_io_thread) const {
  // On the I/O thread nothing we could wait for can happen: do not wait at all.
  return lazy_deadline(std::chrono::milliseconds(on_io_thread ? 0 : config_.max_block_ms));
}

send_future kafka_producer::impl::send(std::string_view topic, nullable_bytes value, nullable_bytes key,
                                       std::optional<int32_t> partition, std::optional<int64_t> timestamp_ms,
                                       const record_headers& headers, const delivery_callback* callback) {
  if (closed_.load(std::memory_order_relaxed)) throw illegal_state_error("Cannot send after the producer is closed.");
  sender_.check_usable();
  if (topic.empty()) throw kafka_error(error_code::invalid_topic_exception, "the topic name is empty");

  // Headers as borrowed views; a small fixed array covers the usual handful without allocating.
  std::array<records::header_ref, 8> local;
  std::vector<records::header_ref> spilled;
  std::span<const records::header_ref> header_refs;
  int32_t header_size = headers.empty() ? -1 : 0;
  if (!headers.empty()) {
    records::header_ref* out = local.data();
    if (headers.size() > local.size()) {
      spilled.resize(headers.size());
      out = spilled.data();
    }
    for (size_t i = 0; i < headers.size(); ++i) {
      out[i].key = headers[i].key;
      out[i].value = headers[i].value ? std::optional<byte_span>(records::bytes_of(*headers[i].value)) : std::nullopt;
      header_size += static_cast<int32_t>(headers[i].key.size() + (headers[i].value ? headers[i].value->size() : 0));
    }
    header_refs = {out, headers.size()};
  }

  record_input in;
  in.timestamp = timestamp_ms ? *timestamp_ms : wall_ms();
  if (key) in.key = records::bytes_of(*key);
  if (value) in.value = records::bytes_of(*value);
  in.headers = header_refs;
  in.facts = {0, key ? static_cast<int32_t>(key->size()) : -1, value ? static_cast<int32_t>(value->size()) : -1,
              header_size, in.timestamp};

  // An upper bound of the record's encoding in a batch of its own: every varint at its widest.
  // Plain arithmetic; the exact size is computed once, when the record is encoded.
  size_t upper =
      records::batch_header_size + max_record_overhead + (key ? key->size() : 0) + (value ? value->size() : 0);
  for (const auto& h : headers) upper += 2 * max_varint32 + h.key.size() + (h.value ? h.value->size() : 0);
  if (upper > static_cast<size_t>(config_.max_request_size)) {
    throw kafka_error(error_code::message_too_large,
                      "The message is " + std::to_string(upper) + " bytes when serialized which is larger than " +
                          std::to_string(config_.max_request_size) + ", the value of max_request_size");
  }
  if (static_cast<int64_t>(upper) > config_.buffer_memory) {
    throw kafka_error(error_code::record_list_too_large,
                      "The message is " + std::to_string(upper) +
                          " bytes when serialized which is larger than the total memory buffer (buffer_memory=" +
                          std::to_string(config_.buffer_memory) + ")");
  }

  bool on_io = on_io_thread();
  auto deadline = block_deadline(on_io);
  const record_accumulator::topic_view& view = lookup_topic(topic, deadline, on_io);
  const topic_info& info = *view.info;
  int32_t count = info.partition_count;

  int32_t p;
  std::optional<std::string> key_copy;  // the partitioner takes the key as an owned string
  bool chosen = !partition.has_value();
  if (partition) {
    if (*partition < 0 || *partition >= count) {
      throw kafka_error(error_code::unknown_topic_or_partition,
                        "Invalid partition given with record: " + std::to_string(*partition) +
                            " is not in the range [0..." + std::to_string(count - 1) + "] of topic " +
                            std::string(topic));
    }
    p = *partition;
  } else {
    if (key) key_copy.emplace(*key);
    p = partitioner_->partition(topic, key_copy, count, info.available);
  }
  auto pick = [&](int32_t candidate) {
    if (candidate < 0 || candidate >= count) {
      throw kafka_error(error_code::unknown_topic_or_partition,
                        "the partitioner chose partition " + std::to_string(candidate) + " of topic " +
                            std::string(topic) + ", which has " + std::to_string(count));
    }
    return static_cast<size_t>(candidate) < info.queues.size() ? info.queues[candidate]
                                                               : accumulator_.queue(*view.topic, candidate);
  };
  partition_queue* q = pick(p);
  auto r = accumulator_.append(*q, view.topic->name, in, upper, callback, deadline, chosen);
  if (r.aborted) {
    // KIP-480: a new batch is due, so a sticky partitioner may move this record elsewhere.
    partitioner_->on_new_batch(topic, p);
    p = partitioner_->partition(topic, key_copy, count, info.available);
    q = pick(p);
    r = accumulator_.append(*q, view.topic->name, in, upper, callback, deadline, false);
  }
  if (r.new_batch) sender_.wake();
  in.facts.index = r.index;
  return delivery_state::make_future(std::move(r.state), in.facts);
}

void kafka_producer::impl::flush(std::chrono::milliseconds timeout) {
  if (on_io_thread()) {
    throw illegal_state_error("flush() from a producer callback would wait for the thread running it");
  }
  uint64_t below = incomplete_.next_id();
  auto deadline = deadline_after(timeout);
  sender_.begin_flush();
  bool done = incomplete_.wait_below(below, deadline);
  sender_.end_flush();
  if (!done) {
    throw kafka_timeout_error("Failed to flush accumulated records within " + std::to_string(timeout.count()) + " ms");
  }
}

void kafka_producer::impl::close(std::chrono::milliseconds timeout) {
  std::lock_guard lock(close_mutex_);
  if (stopped_) return;
  closed_.store(true);
  bool on_io = on_io_thread();
  if (!on_io && timeout.count() > 0) {
    uint64_t below = incomplete_.next_id();
    sender_.begin_close();
    incomplete_.wait_below(below, deadline_after(timeout));
  }
  // Whatever is still pending now fails; blocked send() calls give up.
  metadata_.close();
  pool_.close();
  auto stop = [this] {
    sender_.shutdown("the producer was closed before the record was delivered");
    cluster_.close();  // answers still owed fail, and their batches with them
  };
  if (on_io)
    stop();
  else
    io_.call(stop);
  io_.stop();
  stopped_ = true;
  // A send() racing with close() may have queued a batch after the shutdown: fail it too.
  if (!on_io) accumulator_.take_all();
}

int32_t kafka_producer::impl::partitions_for(std::string_view topic) {
  if (closed_.load()) throw illegal_state_error("the producer is closed");
  bool on_io = on_io_thread();
  auto deadline = block_deadline(on_io);
  return metadata_.await_topic(topic, deadline, !on_io).info->partition_count;
}

producer_metrics kafka_producer::impl::metrics() const {
  producer_metrics m = stats_.snapshot();
  m.buffer_total_bytes = pool_.total();
  m.buffer_available_bytes = pool_.available();
  m.waiting_threads = pool_.waiters();
  return m;
}

}  // namespace gregor
