#include "broker/partition.h"

#include <algorithm>
#include <chrono>
#include <spdlog/spdlog.h>

#include "producer/producer_state_snapshot.h"

namespace gregor::broker {
namespace {
int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}
}  // namespace

partition::partition(std::string topic, int32_t index, uuid topic_id, std::shared_ptr<storage::log> log)
    : topic_(std::move(topic)), index_(index), topic_id_(topic_id), log_(std::move(log)) {}

append_outcome partition::append(std::span<uint8_t> batches, const std::vector<records::batch_header>& headers) {
  append_outcome out;
  {
    std::lock_guard lock(mutex_);
    // Appends one span of batches and folds its offsets into `out`; nullopt on a storage failure.
    auto write = [&](std::span<uint8_t> span) -> std::optional<storage::append_result> {
      auto appended = log_->append(span, leader_epoch());
      if (!appended) {
        out.error = protocol::error_code::kafka_storage_error;
        out.message = appended.error();
        return std::nullopt;
      }
      if (out.base_offset < 0) out.base_offset = appended->base_offset;
      out.last_offset = appended->last_offset;
      out.log_append_time = appended->log_append_time;
      out.log_start_offset = appended->log_start_offset;
      return *appended;
    };

    const bool idempotent =
        std::any_of(headers.begin(), headers.end(), [](const auto& h) { return h.has_producer_id(); });
    if (!idempotent) {
      if (!write(batches)) return out;
    } else {
      // Idempotent producers send one batch per partition; several are checked one by one.
      size_t position = 0;
      const int64_t now = now_ms();
      for (const auto& h : headers) {
        auto batch = batches.subspan(position, h.total_size());
        position += h.total_size();
        if (!h.has_producer_id()) {
          if (!write(batch)) return out;
          continue;
        }
        producer::incoming_batch incoming{h.producer_id, h.producer_epoch, h.base_sequence, h.last_offset_delta,
                                          h.is_transactional()};
        auto verdict = producers_.check(incoming);
        if (auto* dup = std::get_if<producer::outcome::duplicate>(&verdict)) {
          if (out.base_offset < 0) out.base_offset = dup->first_offset;
          out.last_offset = dup->last_offset;
          out.log_start_offset = log_->log_start_offset();
          continue;
        }
        if (std::holds_alternative<producer::outcome::out_of_order_sequence>(verdict)) {
          out.error = protocol::error_code::out_of_order_sequence_number;
          out.message = "out of order sequence number for producer " + std::to_string(h.producer_id);
          return out;
        }
        if (std::holds_alternative<producer::outcome::invalid_producer_epoch>(verdict)) {
          out.error = protocol::error_code::invalid_producer_epoch;
          out.message = "producer epoch " + std::to_string(h.producer_epoch) + " is fenced";
          return out;
        }
        auto appended = write(batch);
        if (!appended) return out;
        producers_.record_append(incoming, appended->base_offset, appended->last_offset, h.max_timestamp, now);
      }
    }
  }
  wake_data_waiters();
  return out;
}

void partition::snapshot_producer_state() {
  producer::producer_state_table copy;
  int64_t offset;
  {
    std::lock_guard lock(mutex_);
    offset = log_->log_end_offset();
    if (offset == last_snapshot_offset_) return;
    copy = producers_;
    last_snapshot_offset_ = offset;
  }
  auto written = producer::write_snapshot(log_->dir(), copy, offset);
  if (!written) spdlog::warn("producer snapshot of {}-{}: {}", topic_, index_, written.error());
}

void partition::wait_for_data(std::shared_ptr<net::async_signal> signal, int64_t known_end_offset) {
  {
    std::lock_guard lock(waiters_mutex_);
    if (log_->log_end_offset() == known_end_offset) {
      data_waiters_.push_back(std::move(signal));
      return;
    }
  }
  signal->fire();
}

void partition::wake_data_waiters() {
  std::vector<std::shared_ptr<net::async_signal>> waiters;
  {
    std::lock_guard lock(waiters_mutex_);
    waiters.swap(data_waiters_);
  }
  for (auto& w : waiters) w->fire();
}

void partition::wait_for_flush(std::shared_ptr<net::async_signal> signal, int64_t offset) {
  on_flushed(offset, [signal = std::move(signal)] { signal->fire(); });
}

void partition::on_flushed(int64_t offset, std::function<void()> wake) {
  {
    std::lock_guard lock(waiters_mutex_);
    if (log_->flushed_offset() < offset) {
      flush_waiters_.push_back({offset, std::move(wake)});
      return;
    }
  }
  wake();
}

void partition::flushed() {
  std::vector<std::function<void()>> ready;
  {
    std::lock_guard lock(waiters_mutex_);
    int64_t durable = log_->flushed_offset();
    std::erase_if(flush_waiters_, [&](flush_waiter& w) {
      if (w.offset > durable) return false;
      ready.push_back(std::move(w.wake));
      return true;
    });
  }
  for (auto& wake : ready) wake();
}

}  // namespace gregor::broker
