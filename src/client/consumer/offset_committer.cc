#include "client/consumer/offset_committer.h"

#include <future>
#include <thread>

namespace gregor::client {

using protocol::error_code;

namespace {

// Runs `send` on the I/O thread and waits for what it reports, up to `deadline`.
template <class T, class Send>
std::optional<client_result<T>> round_trip(io_thread& io, Send send, std::chrono::steady_clock::time_point deadline) {
  auto promise = std::make_shared<std::promise<client_result<T>>>();
  auto future = promise->get_future();
  io.post([send = std::move(send), promise]() mutable {
    send([promise](client_result<T> r) { promise->set_value(std::move(r)); });
  });
  if (future.wait_until(deadline) != std::future_status::ready) return std::nullopt;
  return future.get();
}

}  // namespace

bool offset_committer::retriable(error_code e) {
  return coordinator_channel::is_coordinator_error(e) || e == error_code::coordinator_load_in_progress ||
         e == error_code::unstable_offset_commit || protocol::is_retriable(e);
}

commit_generation offset_committer::generation_for_commit() const {
  if (membership_ && state_.group_managed()) return membership_->generation();
  return {};  // outside group management: generation -1, no member id
}

bool offset_committer::can_commit() const {
  if (!membership_ || !state_.group_managed()) return true;
  return membership_->generation().generation_id >= 0;
}

std::exception_ptr offset_committer::classify(const client_error& e, const commit_generation& generation) {
  switch (e.code) {
    case error_code::unknown_member_id:
    case error_code::illegal_generation:
    case error_code::fenced_instance_id:
      if (membership_) {
        bool forget = e.code == error_code::unknown_member_id;
        int32_t gen = generation.generation_id;
        auto* m = membership_;
        io_.post([m, gen, forget, why = e.describe()] { m->reset_generation(gen, "commit: " + why, forget); });
      }
      return std::make_exception_ptr(commit_failed_error(
          e.code, "the commit cannot be completed: the group has rebalanced and assigned the partitions to another "
                  "member, or this member left it (poll() not called within max_poll_interval_ms); " + e.message));
    case error_code::rebalance_in_progress:
      if (membership_) {
        auto* m = membership_;
        io_.post([m] { m->request_rejoin("commit: the group is rebalancing"); });
      }
      return std::make_exception_ptr(
          commit_failed_error(e.code, "the group is rebalancing; commit again after the next poll(): " + e.message));
    default:
      return std::make_exception_ptr(kafka_error(e.code, e.message));
  }
}

void offset_committer::commit_sync(const offsets_map& offsets, clock::time_point deadline) {
  if (offsets.empty()) return;
  auto started = clock::now();
  for (;;) {
    commit_generation generation = generation_for_commit();
    if (membership_ && state_.group_managed() && generation.generation_id < 0) {
      throw commit_failed_error(error_code::rebalance_in_progress,
                                "not a member of a group generation right now (joining, or left the group)");
    }
    auto r = round_trip<void>(
        io_,
        [this, generation, offsets](std::function<void(client_result<void>)> done) {
          send_offset_commit(channel_, generation, offsets, std::move(done));
        },
        deadline);
    if (!r) throw kafka_timeout_error("commit timed out");
    if (*r) {
      metrics_.record_commit(std::chrono::duration<double, std::milli>(clock::now() - started).count());
      return;
    }
    const client_error& e = r->error();
    if (!retriable(e.code)) std::rethrow_exception(classify(e, generation));
    if (clock::now() + std::chrono::milliseconds(retry_backoff_ms_) >= deadline) {
      throw kafka_timeout_error("commit did not succeed in time: " + e.describe());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(retry_backoff_ms_));
  }
}

bool offset_committer::commit_quietly(const offsets_map& offsets, clock::time_point deadline) {
  try {
    if (!can_commit()) return false;
    commit_sync(offsets, deadline);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

void offset_committer::commit_async(const offsets_map& offsets, offset_commit_callback callback) {
  if (offsets.empty()) return;
  commit_generation generation = generation_for_commit();
  if (membership_ && state_.group_managed() && generation.generation_id < 0) {
    std::lock_guard lock(mutex_);
    finished_.push_back({offsets, std::move(callback),
                         std::make_exception_ptr(commit_failed_error(
                             error_code::rebalance_in_progress, "not a member of a group generation right now"))});
    return;
  }
  auto started = clock::now();
  io_.post([this, generation, offsets, callback = std::move(callback), started]() mutable {
    send_offset_commit(channel_, generation, offsets,
                       [this, generation, offsets, callback = std::move(callback), started](client_result<void> r) mutable {
                         std::exception_ptr error;
                         if (r) {
                           metrics_.record_commit(
                               std::chrono::duration<double, std::milli>(clock::now() - started).count());
                         } else {
                           // Async commits are not retried (a later one supersedes them).
                           error = retriable(r.error().code)
                                       ? std::make_exception_ptr(kafka_error(r.error().code, r.error().message))
                                       : classify(r.error(), generation);
                         }
                         if (!callback && !error) return;
                         std::lock_guard lock(mutex_);
                         finished_.push_back({std::move(offsets), std::move(callback), error});
                       });
  });
}

void offset_committer::run_callbacks() {
  std::deque<finished_commit> ready;
  {
    std::lock_guard lock(mutex_);
    if (finished_.empty()) return;
    ready.swap(finished_);
  }
  for (auto& f : ready) {
    if (f.callback) f.callback(f.offsets, f.error);
  }
}

committed_map offset_committer::committed(const std::vector<gregor::topic_partition>& partitions,
                                          clock::time_point deadline) {
  if (partitions.empty()) return {};
  for (;;) {
    auto r = round_trip<committed_map>(
        io_,
        [this, partitions](std::function<void(client_result<committed_map>)> done) {
          send_offset_fetch(channel_, partitions, false, std::move(done));
        },
        deadline);
    if (!r) throw kafka_timeout_error("fetching committed offsets timed out");
    if (*r) return std::move(**r);
    const client_error& e = r->error();
    if (!retriable(e.code)) throw kafka_error(e.code, e.message);
    if (clock::now() + std::chrono::milliseconds(retry_backoff_ms_) >= deadline) {
      throw kafka_timeout_error("fetching committed offsets did not succeed in time: " + e.describe());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(retry_backoff_ms_));
  }
}

}  // namespace gregor::client
