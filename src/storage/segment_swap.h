// segment_swap: the file steps that replace a run of segments by one cleaned segment, and the
// load-time step that finishes (or discards) a replacement interrupted by a crash.
//
//   write    <base>.log.cleaned  <base>.index.cleaned  <base>.timeindex.cleaned    (fdatasync'ed)
//   commit   .index and .timeindex ".cleaned" -> ".swap", then <base>.log.cleaned -> <base>.log.swap;
//            fsync dir. The existence of <base>.log.swap is the commit point.
//   retire   every replaced segment's three files -> "<name>.deleted"; fsync dir
//   install  .index and .timeindex ".swap" -> final, then <base>.log.swap -> <base>.log; fsync dir
//
// <base> is the first replaced segment's base offset. On load the replaced segments are taken to be
// the live ones with a base offset in [<base>, max(<base>, last offset in the .swap file)]. The
// cleaned output may end before the last replaced segment begins (when every record of that
// segment was dropped); such a segment then survives the recovery whole. That is a valid log: its
// records are offsets above everything in the .swap file, and a log where part of a group was
// cleaned and the rest was not is what an earlier, smaller round would have left. The cleaner
// checkpoint is only advanced after the round, so the next round cleans them again.
//
// finish_interrupted_swaps(), run on load before any segment is opened:
//   - removes *.tmp, *.deleted and *.cleaned files (a .cleaned output was never committed;
//     .deleted files belong to segments already replaced or deleted);
//   - removes .index.swap/.timeindex.swap files without a matching .log.swap (commit not reached);
//   - for each <base>.log.swap: reads its batches (CRC-checked) to find its last offset L, deletes
//     the files of every live segment with base in [<base>, max(<base>, L)], then installs the
//     .swap files.
//
// Thread-safety: free functions; the log calls them under its mutex or before it is shared.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "storage/fs/file.h"

namespace gregor::storage {

// Renames <base>.index<from>, <base>.timeindex<from>, then <base>.log<from> to the `to` suffix
// ("" = the final names). A missing index file is skipped (the load rebuilds it).
result<void> rename_segment_files(fs::file_system& fs, const fs::path& dir, int64_t base, std::string_view from,
                                  std::string_view to);
// Best-effort removal of <base>.log<suffix>, .index<suffix>, .timeindex<suffix>.
void remove_segment_files(fs::file_system& fs, const fs::path& dir, int64_t base, std::string_view suffix);

struct swap_recovery_stats {
  size_t completed_swaps = 0;
  size_t replaced_segments = 0;
  size_t removed_leftovers = 0;
};

// `names`: the entries of dir (fs::file_system::list_dir), listed by the caller.
result<swap_recovery_stats> finish_interrupted_swaps(fs::file_system& fs, const fs::path& dir,
                                                     const std::vector<std::string>& names);

}  // namespace gregor::storage
