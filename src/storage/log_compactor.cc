#include "storage/log_compactor.h"

#include <algorithm>
#include <limits>

#include "storage/batch_filter.h"
#include "storage/key_map_builder.h"
#include "storage/log_files.h"
#include "storage/segment_swap.h"

namespace gregor::storage {
namespace {

constexpr size_t read_chunk = 1 << 20;
constexpr int64_t max_relative_offset = std::numeric_limits<int32_t>::max();

// What one input segment contributed to an output; discarded if the segment is redone.
struct segment_outcome {
  enum { written, overflow, stopped } status = written;
  bool changed = false;
  uint64_t bytes_read = 0, bytes_written = 0, records_removed = 0, tombstones_removed = 0;
  uint64_t batches_emptied = 0, undecodable = 0;
  int64_t horizon = -1;

  void merge(const segment_outcome& o) {
    changed = changed || o.changed;
    bytes_read += o.bytes_read;
    bytes_written += o.bytes_written;
    records_removed += o.records_removed;
    tombstones_removed += o.tombstones_removed;
    batches_emptied += o.batches_emptied;
    undecodable += o.undecodable;
    if (o.horizon >= 0 && (horizon < 0 || o.horizon < horizon)) horizon = o.horizon;
  }
  void add_to(compaction_result& r) const {
    r.bytes_read += bytes_read;
    r.bytes_written += bytes_written;
    r.records_removed += records_removed;
    r.tombstones_removed += tombstones_removed;
    r.batches_emptied += batches_emptied;
    r.undecodable_batches += undecodable;
    if (horizon >= 0 && (r.delete_horizon_ms < 0 || horizon < r.delete_horizon_ms)) r.delete_horizon_ms = horizon;
  }
};

struct round {
  log& l;
  const log_snapshot& snap;
  const compaction_options& options;
  const key_map_pass& pass;
  filter_rules rules;
  uint64_t max_output_bytes;   // segment.bytes, at most 2 GiB
  int32_t max_index_bytes;     // segment.index.bytes, the merge bound
  log_config config;
  compaction_result& report;

  bool stopping() const { return options.stop && options.stop->load(std::memory_order_relaxed); }

  // Filters one input segment into `out`. With `merging` (out already holds earlier segments) the
  // output bounds apply and overflow is reported instead of writing past them.
  result<segment_outcome> write_segment(const segment_summary& in, segment& out, bool merging) const {
    segment_outcome o;
    auto scan = in.seg->scan(0, in.size, true, read_chunk);
    while (true) {
      if (stopping()) {
        o.status = segment_outcome::stopped;
        return o;
      }
      auto b = scan.next();
      if (!b) return fail(b.error());
      if (!*b) break;
      const auto& h = (*b)->header;
      o.bytes_read += h.total_size();
      auto producer = pass.last_batch_of_producer.find(h.producer_id);
      bool producer_last = h.producer_id >= 0 && producer != pass.last_batch_of_producer.end() &&
                           producer->second == h.base_offset;
      auto f = filter_batch((*b)->bytes, h, producer_last, rules);
      if (!f) return fail(f.error());
      o.records_removed += static_cast<uint64_t>(f->records_removed);
      o.tombstones_removed += static_cast<uint64_t>(f->tombstones_removed);
      o.undecodable += f->undecodable ? 1 : 0;
      if (f->pending_horizon_ms >= 0 && (o.horizon < 0 || f->pending_horizon_ms < o.horizon)) {
        o.horizon = f->pending_horizon_ms;
      }
      if (f->fate != batch_fate::verbatim) o.changed = true;
      if (f->fate == batch_fate::dropped) continue;
      if (f->fate == batch_fate::emptied) ++o.batches_emptied;
      byte_span bytes = f->fate == batch_fate::verbatim ? (*b)->bytes : byte_span(f->bytes);
      if (merging && (out.size() + bytes.size() > max_output_bytes || out.indexes_exceed(max_index_bytes) ||
                      h.last_offset() - out.base_offset() > max_relative_offset)) {
        o.status = segment_outcome::overflow;
        return o;
      }
      if (out.size() + bytes.size() > static_cast<uint64_t>(std::numeric_limits<int32_t>::max())) {
        return fail("cleaned segment " + std::to_string(out.base_offset()) + " would exceed 2 GiB");
      }
      if (auto r = out.append(bytes, h.last_offset(), h.max_timestamp, h.last_offset()); !r) return fail(r.error());
      o.bytes_written += bytes.size();
    }
    if (scan.status() != scan_status::end) {
      return fail("cannot clean segment " + std::to_string(in.base_offset) + ": bad batch at byte " +
                  std::to_string(scan.position()));
    }
    return o;
  }

  // Writes and swaps in one output starting at input segment `first`; returns the next input.
  // Sets report.outcome = aborted when the log changed or the round was stopped.
  result<size_t> clean_group(size_t first) {
    const int64_t base = snap.segments[first].base_offset;
    // The output indexes batch by batch, so a lone segment may need more index entries than
    // segment.index.bytes allows: give the files room (merging still stops at the real bound).
    log_config output_config = config;
    uint64_t bytes = std::max<uint64_t>(max_output_bytes, snap.segments[first].size);
    int64_t interval = std::max<int64_t>(config.index_interval_bytes, 1);
    int64_t needed = (static_cast<int64_t>(bytes + bytes / 8) / interval + 16) * 12;
    output_config.max_index_bytes = static_cast<int32_t>(
        std::clamp<int64_t>(needed, config.max_index_bytes, std::numeric_limits<int32_t>::max() / 12 * 12));
    auto out = segment::create(l.open_files(), l.dir(), base, output_config, options.now_ms, cleaned_suffix);
    if (!out) return fail(out.error());
    std::vector<std::shared_ptr<segment>> group;
    segment_outcome total;  // of the segments kept in this output
    size_t next = first;
    auto discard = [&] {
      out->reset();
      remove_segment_files(l.file_system(), l.dir(), base, cleaned_suffix);
    };
    while (next < pass.segments) {
      const auto& in = snap.segments[next];
      bool merging = !group.empty();
      if (merging && ((*out)->size() + in.size > max_output_bytes ||
                      next_base_offset(snap, next) - 1 - base > max_relative_offset)) {
        break;
      }
      auto o = write_segment(in, **out, merging);
      if (!o) {
        discard();
        return fail(o.error());
      }
      if (o->status != segment_outcome::written) report.bytes_read += o->bytes_read;
      if (o->status == segment_outcome::stopped) {
        discard();
        report.bytes_read += total.bytes_read;
        report.outcome = compaction_outcome::aborted;
        return next;
      }
      if (o->status == segment_outcome::overflow) {
        if (auto r = (*out)->truncate_to(in.base_offset); !r) {
          discard();
          return fail(r.error());
        }
        break;
      }
      total.merge(*o);
      group.push_back(in.seg);
      ++next;
    }
    if (!total.changed && group.size() == 1) {  // nothing to gain: leave the segment as it is
      discard();
      total.bytes_written = 0;
      total.add_to(report);  // (its tombstones' horizons still count)
      return next;
    }
    if (auto r = (*out)->seal(); !r) {
      discard();
      return fail(r.error());
    }
    if (auto r = (*out)->flush(); !r) {
      discard();
      return fail(r.error());
    }
    out->reset();  // close the .cleaned files before they are renamed
    auto swapped = l.replace_segments(group, base, snap.generation);
    if (!swapped) return fail(swapped.error());
    if (!*swapped) {
      report.bytes_read += total.bytes_read;
      report.outcome = compaction_outcome::aborted;
      return next;
    }
    total.add_to(report);
    report.segments_rewritten += group.size();
    ++report.segments_written;
    return next;
  }
};

}  // namespace

std::string_view to_string(compaction_outcome o) {
  switch (o) {
    case compaction_outcome::cleaned: return "cleaned";
    case compaction_outcome::nothing_to_do: return "nothing_to_do";
    case compaction_outcome::aborted: return "aborted";
  }
  return "unknown";
}

result<compaction_result> compact_log(log& l, const compaction_options& options) {
  compaction_result out;
  log_snapshot snap = l.snapshot_for_cleaning();
  out.range = assess_cleanable_range(snap, options.now_ms);
  const auto& range = out.range;
  bool go = range.should_clean || (options.force && snap.config.compact_enabled && range.rewritable_segments > 0);
  if (!go) return out;

  auto pass = build_key_map(snap, range, options.key_map_bytes, options.stop, options.max_uncompressed_bytes);
  if (!pass) return fail(pass.error());
  out.bytes_read += pass->bytes_read;
  out.map_full = pass->map_full;
  out.end_offset = pass->map_end;
  if (pass->stopped) {
    out.outcome = compaction_outcome::aborted;
    return out;
  }

  const log_config& c = snap.config;
  round r{l, snap, options, *pass, {}, 0, 0, c, out};
  r.rules = filter_rules{&pass->map, pass->map_end, options.now_ms, c.delete_retention_ms,
                         options.max_uncompressed_bytes};
  r.max_output_bytes = static_cast<uint64_t>(std::clamp<int64_t>(c.segment_bytes, 1, std::numeric_limits<int32_t>::max()));
  r.max_index_bytes = c.max_index_bytes;

  out.outcome = compaction_outcome::cleaned;
  size_t next = 0;
  while (next < pass->segments && out.outcome == compaction_outcome::cleaned) {
    auto n = r.clean_group(next);
    if (!n) return fail(n.error());
    next = *n;
  }
  if (out.outcome == compaction_outcome::cleaned) {
    l.finish_cleaning(pass->map_end, out.delete_horizon_ms, snap.generation);
  }
  return out;
}

}  // namespace gregor::storage
