#include "storage/segment_swap.h"

#include <algorithm>
#include <vector>

#include "storage/batch_scanner.h"
#include "storage/log_files.h"

namespace gregor::storage {
namespace {

fs::path file_of(const fs::path& dir, int64_t base, std::string_view kind, std::string_view suffix) {
  return dir / (segment_file_name(base, kind) + std::string(suffix));
}

// The last offset of the valid batches in a .swap log file; nullopt if it holds none.
result<std::optional<int64_t>> last_offset_of(fs::file_system& fs, const fs::path& p) {
  auto f = fs.open(p, fs::open_mode::read_write);
  if (!f) return fail(f.error());
  auto size = (*f)->size();
  if (!size) return fail(size.error());
  batch_scanner scan(**f, 0, *size, true, 1 << 20);
  std::optional<int64_t> last;
  while (true) {
    auto b = scan.next();
    if (!b) return fail(b.error());
    if (!*b) break;
    last = (*b)->header.last_offset();
  }
  if (scan.status() != scan_status::end) {
    // Cannot happen after an fsync before the commit, short of disk corruption: keep the valid
    // prefix (the segment load truncates the rest).
    if (last) {
      if (auto r = (*f)->truncate(scan.position()); !r) return fail(r.error());
    }
  }
  return last;
}

}  // namespace

result<void> rename_segment_files(fs::file_system& fs, const fs::path& dir, int64_t base, std::string_view from,
                                  std::string_view to) {
  for (auto kind : {index_suffix, time_index_suffix, log_suffix}) {
    fs::path src = file_of(dir, base, kind, from);
    if (kind != log_suffix && !fs.exists(src)) continue;
    if (auto r = fs.rename(src, file_of(dir, base, kind, to)); !r) return r;
  }
  return {};
}

void remove_segment_files(fs::file_system& fs, const fs::path& dir, int64_t base, std::string_view suffix) {
  for (auto kind : {log_suffix, index_suffix, time_index_suffix}) (void)fs.remove(file_of(dir, base, kind, suffix));
}

result<swap_recovery_stats> finish_interrupted_swaps(fs::file_system& fs, const fs::path& dir,
                                                     const std::vector<std::string>& names) {
  swap_recovery_stats stats;
  std::vector<int64_t> live, swaps;
  std::vector<std::string> swap_indexes;
  for (const auto& name : names) {
    if (name.ends_with(".tmp") || name.ends_with(deleted_suffix) || name.ends_with(cleaned_suffix)) {
      if (auto r = fs.remove(dir / name); !r) return fail(r.error());
      ++stats.removed_leftovers;
    } else if (name.ends_with(swap_suffix)) {
      std::string_view plain(name.data(), name.size() - swap_suffix.size());
      if (auto base = parse_segment_file_name(plain, log_suffix)) {
        swaps.push_back(*base);
      } else {
        swap_indexes.push_back(name);
      }
    } else if (auto base = parse_segment_file_name(name, log_suffix)) {
      live.push_back(*base);
    }
  }
  std::sort(swaps.begin(), swaps.end());
  std::sort(live.begin(), live.end());
  for (const auto& name : swap_indexes) {
    std::string_view plain(name.data(), name.size() - swap_suffix.size());
    auto base = parse_segment_file_name(plain, index_suffix);
    if (!base) base = parse_segment_file_name(plain, time_index_suffix);
    if (base && std::binary_search(swaps.begin(), swaps.end(), *base)) continue;
    if (auto r = fs.remove(dir / name); !r) return fail(r.error());  // commit never reached
    ++stats.removed_leftovers;
  }
  for (int64_t base : swaps) {
    fs::path swap_log = file_of(dir, base, log_suffix, swap_suffix);
    auto last = last_offset_of(fs, swap_log);
    if (!last) return fail(last.error());
    // An empty output (every record of the group dropped) still replaces the segment at <base>.
    int64_t last_replaced = std::max(base, last->value_or(base));
    for (int64_t old : live) {
      if (old < base || old > last_replaced) continue;
      for (auto kind : {log_suffix, index_suffix, time_index_suffix}) {
        if (auto r = fs.remove(file_of(dir, old, kind, "")); !r) return fail(r.error());
      }
      ++stats.replaced_segments;
    }
    if (auto r = rename_segment_files(fs, dir, base, swap_suffix, ""); !r) return fail(r.error());
    ++stats.completed_swaps;
  }
  if (stats.completed_swaps > 0 || stats.removed_leftovers > 0) {
    if (auto r = fs.sync_dir(dir); !r) return fail(r.error());
  }
  return stats;
}

}  // namespace gregor::storage
