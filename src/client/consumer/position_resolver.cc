#include "client/consumer/position_resolver.h"

#include "client/consumer/committed_offsets.h"

namespace gregor::client {

void position_resolver::run() {
  if (closed_) return;
  fetch_committed();
  reset_positions();
}

void position_resolver::fetch_committed() {
  auto partitions = state_.take_committed_lookups();
  if (partitions.empty()) return;
  if (!channel_) {
    for (const auto& tp : partitions) state_.resolve_committed(tp, std::nullopt);
    return;
  }
  send_offset_fetch(*channel_, partitions, read_committed_, [this, partitions](client_result<committed_map> r) {
    if (closed_) return;
    if (!r) {
      for (const auto& tp : partitions) state_.lookup_failed(tp);
      return retry_later();
    }
    for (const auto& tp : partitions) {
      auto it = r->find(tp);
      std::optional<int64_t> offset;
      if (it != r->end() && it->second) offset = it->second->offset;
      state_.resolve_committed(tp, offset);
    }
    on_resolved_();
    // Partitions without a committed offset now need a reset.
    reset_positions();
  });
}

void position_resolver::reset_positions() {
  auto lookups = state_.take_reset_lookups();
  // take_reset_lookups() also flags partitions that cannot reset (auto_offset_reset=none).
  if (state_.pending_error()) on_resolved_();
  if (lookups.empty()) return;
  std::map<gregor::topic_partition, int64_t> timestamps;
  for (const auto& l : lookups) {
    timestamps[l.tp] = l.strategy == offset_reset_strategy::earliest ? earliest_timestamp : latest_timestamp;
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(lookup_timeout_ms_);
  lookup_.list(std::move(timestamps), read_committed_, deadline, [this, lookups](client_result<listed_offsets> r) {
    if (closed_) return;
    if (!r) {
      for (const auto& l : lookups) state_.lookup_failed(l);
      return retry_later();
    }
    bool missing = false;
    for (const auto& l : lookups) {
      auto it = r->find(l.tp);
      if (it != r->end() && it->second.offset >= 0) {
        state_.resolve_reset(l, it->second.offset);
      } else {
        state_.lookup_failed(l);
        missing = true;
      }
    }
    on_resolved_();
    if (missing) retry_later();
  });
}

void position_resolver::retry_later() {
  if (closed_ || retry_armed_) return;
  retry_armed_ = true;
  retry_timer_.expires_after(std::chrono::milliseconds(std::max(retry_backoff_ms_, 1)));
  retry_timer_.async_wait([this](const asio::error_code& ec) {
    retry_armed_ = false;
    if (ec || closed_) return;
    run();
  });
}

}  // namespace gregor::client
