#include "producer/producer_state_table.h"

#include <algorithm>
#include <limits>

namespace gregor::producer {

namespace {
constexpr int64_t sequence_modulus = int64_t{std::numeric_limits<int32_t>::max()} + 1;
}  // namespace

int32_t add_to_sequence(int32_t sequence, int32_t delta) {
  return static_cast<int32_t>((int64_t{sequence} + int64_t{delta}) % sequence_modulus);
}

bool is_next_sequence(int32_t last, int32_t next) { return add_to_sequence(last, 1) == next; }

int16_t kafka_error_number(const check_result& result) {
  if (std::holds_alternative<outcome::out_of_order_sequence>(result)) return 45;
  if (std::holds_alternative<outcome::invalid_producer_epoch>(result)) return 47;
  return 0;
}

check_result producer_state_table::check(const incoming_batch& batch) const {
  if (batch.producer_id < 0) return outcome::append{};
  if (batch.base_sequence < 0) return outcome::out_of_order_sequence{};

  auto it = producers_.find(batch.producer_id);
  // Unknown producer: only the start of a sequence is accepted (docs/producer-state.md §1, rule 3).
  if (it == producers_.end()) {
    if (batch.base_sequence == 0) return outcome::append{};
    return outcome::out_of_order_sequence{};
  }
  const producer_entry& entry = it->second;

  if (batch.producer_epoch < entry.epoch) return outcome::invalid_producer_epoch{};
  // A new epoch restarts sequences at 0.
  if (batch.producer_epoch > entry.epoch) {
    if (batch.base_sequence == 0) return outcome::append{};
    return outcome::out_of_order_sequence{};
  }

  const int32_t last_sequence = batch.last_sequence();
  for (const batch_metadata& cached : entry.batches) {
    if (cached.first_sequence == batch.base_sequence && cached.last_sequence == last_sequence) {
      return outcome::duplicate{cached.first_offset, cached.last_offset, cached.max_timestamp};
    }
  }

  if (entry.batches.empty()) {
    if (batch.base_sequence == 0) return outcome::append{};
    return outcome::out_of_order_sequence{};
  }
  if (is_next_sequence(entry.batches.back().last_sequence, batch.base_sequence)) {
    return outcome::append{};
  }
  return outcome::out_of_order_sequence{};
}

void producer_state_table::record_append(const incoming_batch& batch, int64_t first_offset,
                                         int64_t last_offset, int64_t max_timestamp, int64_t now_ms) {
  if (batch.producer_id < 0) return;
  auto [it, inserted] = producers_.try_emplace(batch.producer_id);
  producer_entry& entry = it->second;
  if (inserted) {
    entry.epoch = batch.producer_epoch;
  } else if (batch.producer_epoch < entry.epoch) {
    return;
  } else if (batch.producer_epoch > entry.epoch) {
    entry.epoch = batch.producer_epoch;
    entry.batches.clear();
  }
  entry.batches.push_back(batch_metadata{batch.base_sequence, batch.last_sequence(), first_offset,
                                         last_offset, max_timestamp});
  if (entry.batches.size() > max_cached_batches) entry.batches.erase(entry.batches.begin());
  entry.last_activity_ms = std::max(entry.last_activity_ms, now_ms);
}

void producer_state_table::replay_batch(const incoming_batch& batch, int64_t first_offset,
                                        int64_t last_offset, int64_t max_timestamp) {
  record_append(batch, first_offset, last_offset, max_timestamp, max_timestamp);
}

size_t producer_state_table::expire(int64_t now_ms, int64_t producer_id_expiration_ms) {
  return std::erase_if(producers_, [&](const auto& item) {
    return now_ms - item.second.last_activity_ms >= producer_id_expiration_ms;
  });
}

size_t producer_state_table::remove_before(int64_t log_start_offset) {
  return std::erase_if(producers_, [&](const auto& item) {
    const auto& batches = item.second.batches;
    return !batches.empty() && batches.back().last_offset < log_start_offset;
  });
}

const producer_entry* producer_state_table::find(int64_t producer_id) const {
  auto it = producers_.find(producer_id);
  return it == producers_.end() ? nullptr : &it->second;
}

void producer_state_table::restore(int64_t producer_id, producer_entry entry) {
  producers_.insert_or_assign(producer_id, std::move(entry));
}

}  // namespace gregor::producer
