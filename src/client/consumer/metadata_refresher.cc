#include "client/consumer/metadata_refresher.h"

#include <set>

namespace gregor::client {

void metadata_refresher::start() {
  request();
  schedule_periodic();
}

void metadata_refresher::close() {
  closed_ = true;
  soon_timer_.cancel();
  periodic_timer_.cancel();
}

void metadata_refresher::schedule_periodic() {
  if (closed_ || max_age_ms_ <= 0) return;
  periodic_timer_.expires_after(std::chrono::milliseconds(max_age_ms_));
  periodic_timer_.async_wait([this](const asio::error_code& ec) {
    if (ec || closed_) return;
    request();
    schedule_periodic();
  });
}

void metadata_refresher::request() {
  if (closed_) return;
  wanted_ = true;
  if (in_flight_ || soon_armed_) return;
  auto earliest = last_started_ + std::chrono::milliseconds(retry_backoff_ms_);
  if (clock::now() >= earliest) return refresh();
  soon_armed_ = true;
  soon_timer_.expires_at(earliest);
  soon_timer_.async_wait([this](const asio::error_code& ec) {
    soon_armed_ = false;
    if (ec || closed_) return;
    if (wanted_ && !in_flight_) refresh();
  });
}

void metadata_refresher::refresh() {
  wanted_ = false;
  std::optional<std::vector<std::string>> topics = state_.metadata_topics();
  if (topics) {
    std::set<std::string> all(topics->begin(), topics->end());
    for (auto& t : extra_topics_()) all.insert(std::move(t));
    if (all.empty()) return;
    topics = std::vector<std::string>(all.begin(), all.end());
  }
  in_flight_ = true;
  last_started_ = clock::now();
  cluster_.refresh_metadata(std::move(topics), [this](client_result<metadata_snapshot> r) {
    in_flight_ = false;
    if (closed_) return;
    if (r) on_update_();
    else wanted_ = true;  // try again after the backoff
    if (wanted_) request();
  });
}

}  // namespace gregor::client
