// The poll loop of kafka_consumer::impl: group housekeeping, then draining fetched records.
//
// Records come from one record_reader at a time (the "current" completed fetch of one partition),
// which decodes them straight out of the response buffer; the position moves with every record
// handed out. Errors found while draining (corrupt data, OFFSET_OUT_OF_RANGE with
// auto_offset_reset=none) are raised at once when nothing was drained yet in this call, else
// kept and raised by the next call, so records already taken from the buffers are never lost.
#include "client/consumer/consumer_impl.h"

namespace gregor {

// Not `using namespace client`: its assignors define a topic_partition of their own.
using client::completed_fetch;
using client::record_reader;

namespace {

// Records handed out by next_record() before poll's housekeeping runs again.
constexpr int fast_path_records = 64;
// The longest poll() sleeps without looking around (a safety net; the I/O thread notifies).
constexpr auto max_idle_wait = std::chrono::milliseconds(200);

}  // namespace

void kafka_consumer::impl::raise_deferred() {
  if (!deferred_error_) return;
  auto e = deferred_error_;
  deferred_error_ = nullptr;
  std::rethrow_exception(e);
}

void kafka_consumer::impl::flush_consumed() {
  if (pending_records_ == 0 && pending_bytes_ == 0) return;
  metrics_.record_consumed(pending_records_, pending_bytes_);
  pending_records_ = 0;
  pending_bytes_ = 0;
}

void kafka_consumer::impl::maybe_auto_commit() {
  if (!committer_ || !config_.enable_auto_commit) return;
  auto now = clock::now();
  if (now < next_auto_commit_) return;
  next_auto_commit_ = now + std::chrono::milliseconds(config_.auto_commit_interval_ms);
  if (!committer_->can_commit()) return;
  auto offsets = state_.consumed_offsets();
  if (offsets.empty() || offsets == last_auto_commit_) return;
  committer_->commit_async(offsets, {});
  last_auto_commit_ = std::move(offsets);
}

void kafka_consumer::impl::housekeeping() {
  if (membership_) membership_->note_poll();
  flush_consumed();
  if (committer_) committer_->run_callbacks();
  if (driver_) driver_->poll();
  maybe_auto_commit();
  if (auto e = state_.pending_error()) throw kafka_error(e->code, e->message);
  if (state_.has_unresolved()) io_.post([this] { resolver_->run(); });
}

void kafka_consumer::impl::handle_fetch_error(const completed_fetch& fetch) {
  state_.release_fetch(fetch.tp, fetch.epoch, std::nullopt);
  std::string where = fetch.tp.topic + "-" + std::to_string(fetch.tp.partition) + " at offset " +
                      std::to_string(fetch.fetch_offset);
  if (fetch.error == error_code::offset_out_of_range) {
    if (state_.reset_after_out_of_range(fetch.tp, fetch.epoch, fetch.fetch_offset)) {
      io_.post([this] { resolver_->run(); });
      return;
    }
    throw kafka_error(fetch.error, "fetch from " + where + ": out of range and auto_offset_reset is none");
  }
  state_.invalidate(fetch.tp);
  throw kafka_error(fetch.error, "fetch from " + where);
}

template <class Sink>
size_t kafka_consumer::impl::drain(size_t max, Sink&& sink) {
  size_t n = 0;
  bool released = false;
  try {
    while (n < max) {
      if (reader_ && !state_.is_current(reader_->fetch().tp, reader_epoch_)) reader_.reset();
      if (!reader_) {
        auto taken = state_.take_fetch();
        if (!taken) break;
        if (taken->fetch.error != error_code::none) {
          released = true;
          handle_fetch_error(taken->fetch);
          continue;
        }
        reader_epoch_ = taken->fetch.epoch;
        // Counted when a fetch is taken up, not when it is used up: a consumer that stops
        // mid-fetch (max_poll_records, consumer-perf-test) still reports the bytes it read.
        pending_bytes_ += taken->fetch.records.size();
        reader_.emplace(std::move(taken->fetch), taken->position, reader_options_);
      }
      const topic_partition& tp = reader_->fetch().tp;
      std::vector<consumer_record>& out = sink(tp);
      size_t before = n;
      auto status = record_reader::status::end;
      while (n < max) {
        out.emplace_back();
        status = reader_->next(out.back());
        if (status != record_reader::status::record) {
          out.pop_back();
          break;
        }
        ++n;
      }
      if (status == record_reader::status::record && n > before) {
        state_.advance(tp, reader_epoch_, reader_->next_offset());
      }
      if (status == record_reader::status::end) {
        state_.release_fetch(tp, reader_epoch_, reader_->next_offset());
        reader_.reset();
        released = true;
      } else if (status == record_reader::status::error) {
        std::string why = reader_->error();
        state_.advance(tp, reader_epoch_, reader_->next_offset());
        state_.release_fetch(tp, reader_epoch_, std::nullopt);
        state_.invalidate(tp);
        reader_.reset();
        released = true;
        throw kafka_error(error_code::corrupt_message, why);
      }
    }
  } catch (...) {
    if (n == 0) throw;
    deferred_error_ = std::current_exception();
  }
  pending_records_ += n;
  if (released) io_.post([this] { fetcher_->maybe_send(); });
  return n;
}

template <class Sink>
size_t kafka_consumer::impl::collect(size_t max, clock::time_point deadline, Sink&& sink) {
  ensure_open();
  ensure_subscribed();
  raise_deferred();
  for (;;) {
    uint64_t seen = signal_.sequence();
    housekeeping();
    size_t n = drain(max, sink);
    if (n > 0) return n;
    if (wakeup_.exchange(false)) return 0;
    auto now = clock::now();
    if (now >= deadline) return 0;
    auto until = std::min(deadline, now + max_idle_wait);
    if (committer_ && config_.enable_auto_commit) until = std::min(until, next_auto_commit_);
    signal_.wait_until(seen, until);
  }
}

poll_result kafka_consumer::impl::poll(int64_t timeout_ms, std::optional<int32_t> max_records) {
  auto started = clock::now();
  auto deadline = started + std::chrono::milliseconds(std::max<int64_t>(timeout_ms, 0));
  size_t max = static_cast<size_t>(std::max(1, max_records.value_or(config_.max_poll_records)));
  fast_budget_ = 0;
  poll_result out;
  collect(max, deadline, [&out, max](const topic_partition& tp) -> std::vector<consumer_record>& {
    auto& v = out[tp];
    // Room for a full poll at once: growing would move every record already decoded.
    if (v.capacity() == 0) v.reserve(std::min<size_t>(max, 4096));
    return v;
  });
  // A reader that ran out exactly at a partition's end leaves an empty entry behind.
  std::erase_if(out, [](const auto& entry) { return entry.second.empty(); });
  auto total = std::chrono::duration<double, std::milli>(clock::now() - started).count();
  metrics_.record_poll(out.empty() ? total : 0, total);
  return out;
}

std::optional<consumer_record> kafka_consumer::impl::next_record() {
  // Fast path: keep reading the current fetch; the housekeeping runs every few dozen records.
  if (reader_ && fast_budget_ > 0 && !deferred_error_ && !wakeup_.load(std::memory_order_relaxed)) {
    --fast_budget_;
    consumer_record r;
    if (reader_->next(r) == record_reader::status::record) {
      state_.advance(reader_->fetch().tp, reader_epoch_, reader_->next_offset());
      ++pending_records_;
      if (membership_) membership_->note_poll();
      return r;
    }
    // End or error: the poll loop below deals with it (next() keeps reporting it).
  }
  fast_budget_ = fast_path_records;
  auto deadline = config_.consumer_timeout_ms
                      ? clock::now() + std::chrono::milliseconds(*config_.consumer_timeout_ms)
                      : clock::time_point::max();
  std::vector<consumer_record> one;
  size_t n = collect(1, deadline, [&one](const topic_partition&) -> std::vector<consumer_record>& { return one; });
  if (n == 0) return std::nullopt;
  return std::move(one.front());
}

void kafka_consumer::impl::wakeup() {
  wakeup_.store(true);
  signal_.notify();
}

}  // namespace gregor
