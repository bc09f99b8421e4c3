#include "storage/leader_epoch_cache.h"

namespace gregor::storage {

result<void> leader_epoch_cache::load() {
  entries_.clear();
  if (!fs_.exists(file_)) return {};
  auto text = fs::read_whole_file(fs_, file_);
  if (!text) return fail(text.error());
  auto parsed = parse_leader_epoch_checkpoint(*text);
  if (!parsed) return fail(file_.string() + ": " + parsed.error());
  entries_ = std::move(*parsed);
  return {};
}

result<void> leader_epoch_cache::persist() {
  return fs::write_file_atomically(fs_, file_, format_leader_epoch_checkpoint(entries_));
}

result<void> leader_epoch_cache::assign(int32_t epoch, int64_t start_offset) {
  if (epoch < 0 || epoch <= latest_epoch()) return {};
  while (!entries_.empty() && entries_.back().start_offset >= start_offset) entries_.pop_back();
  entries_.push_back({epoch, start_offset});
  return persist();
}

std::pair<int32_t, int64_t> leader_epoch_cache::end_offset_for(int32_t epoch, int64_t log_end_offset) const {
  if (epoch == undefined_epoch || entries_.empty()) return {undefined_epoch, undefined_offset};
  if (epoch == latest_epoch()) return {epoch, log_end_offset};
  // First entry with a higher epoch; its start offset ends the requested epoch.
  size_t higher = 0;
  while (higher < entries_.size() && entries_[higher].epoch <= epoch) ++higher;
  if (higher == entries_.size()) return {undefined_epoch, undefined_offset};  // newer than we know
  if (higher == 0) return {epoch, entries_[0].start_offset};                  // older than we know
  return {entries_[higher - 1].epoch, entries_[higher].start_offset};
}

result<void> leader_epoch_cache::truncate_from_end(int64_t offset) {
  size_t before = entries_.size();
  while (!entries_.empty() && entries_.back().start_offset >= offset) entries_.pop_back();
  return entries_.size() == before ? result<void>{} : persist();
}

result<void> leader_epoch_cache::truncate_from_start(int64_t offset) {
  size_t below = 0;  // entries starting at or before offset
  while (below < entries_.size() && entries_[below].start_offset <= offset) ++below;
  if (below == 0) return {};
  bool changed = below > 1 || entries_[0].start_offset != offset;
  if (!changed) return {};
  entries_.erase(entries_.begin(), entries_.begin() + static_cast<long>(below - 1));
  entries_.front().start_offset = offset;
  return persist();
}

}  // namespace gregor::storage
