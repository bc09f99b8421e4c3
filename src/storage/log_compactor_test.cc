#include "storage/log_compactor.h"

#include <gtest/gtest.h>

#include <random>

#include "protocol/records/control_record.h"
#include "storage/compaction_test_util.h"
#include "storage/fs/fault_injecting_file_system.h"
#include "storage/key_map.h"
#include "storage/log_files.h"
#include "storage/test_batches.h"

namespace gregor::storage {
namespace {

using records::compression;
using testing::kv;
using testing::model_record;

class LogCompactorTest : public ::testing::Test {
 protected:
  LogCompactorTest() {
    config.segment_bytes = 2048;
    config.compact_enabled = true;
    config.delete_enabled = false;
    config.min_cleanable_dirty_ratio = 0.0;
    config.file_delete_delay_ms = 0;
  }
  std::shared_ptr<log> open_log() {
    log_open_options o;
    o.fs = &fs;
    o.dir = dir.path / "t-0";
    o.topic = "t";
    o.config = config;
    o.clock = [this] { return now; };
    auto l = log::open(std::move(o));
    EXPECT_TRUE(l) << l.error();
    return l ? *l : nullptr;
  }
  // Appends a batch and remembers its records in the model.
  append_result append(log& l, const std::vector<kv>& recs, compression codec = compression::none,
                       testing::producer_fields producer = {}) {
    auto b = testing::keyed_batch(recs, codec, producer);
    auto r = l.append(b, 0);
    EXPECT_TRUE(r) << r.error();
    for (size_t i = 0; i < recs.size(); ++i) {
      model[r->base_offset + static_cast<int64_t>(i)] = {recs[i].key, recs[i].value, recs[i].timestamp};
    }
    codec_of[r->base_offset] = codec;
    return *r;
  }
  compaction_result clean(log& l, bool force = true) {
    compaction_options o;
    o.now_ms = now;
    o.force = force;
    o.key_map_bytes = key_map_bytes;
    auto r = compact_log(l, o);
    EXPECT_TRUE(r) << r.error();
    return r ? *r : compaction_result{};
  }
  int64_t active_base(log& l) { return l.snapshot_for_cleaning().active_base_offset; }
  std::vector<std::string> files_ending_with(std::string_view suffix) {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(dir.path / "t-0")) {
      if (e.path().filename().string().ends_with(suffix)) out.push_back(e.path().filename().string());
    }
    return out;
  }

  testing::temp_dir dir;
  fs::fault_injecting_file_system fs{fs::posix_fs()};
  int64_t now = 1'000'000;
  size_t key_map_bytes = 128u << 20;
  log_config config;
  std::map<int64_t, model_record> model;
  std::map<int64_t, compression> codec_of;
};

// Random keys, values, tombstones and keyless records in batches of random codecs, cleaned in
// several rounds between appends: the log must match the model after each round.
TEST_F(LogCompactorTest, RandomStreamsKeepExactlyTheLatestRecordPerKey) {
  for (uint32_t seed : {1u, 2u, 3u}) {
    model.clear();
    codec_of.clear();
    std::filesystem::remove_all(dir.path / "t-0");
    auto l = open_log();
    std::mt19937 rng(seed);
    const compression codecs[] = {compression::none, compression::gzip, compression::snappy, compression::lz4,
                                  compression::zstd};
    for (int round = 0; round < 4; ++round) {
      for (int b = 0; b < 60; ++b) {
        std::vector<kv> recs;
        int n = 1 + static_cast<int>(rng() % 6);
        for (int i = 0; i < n; ++i) {
          kv r;
          if (rng() % 20 != 0) r.key = testing::str("key-", rng() % 40);
          if (rng() % 7 != 0) r.value = testing::str("value-", rng()) + std::string(rng() % 30, 'x');
          r.timestamp = now + static_cast<int64_t>(rng() % 1000);
          recs.push_back(r);
        }
        append(*l, recs, codecs[rng() % 5]);
      }
      int64_t leo = l->log_end_offset();
      int64_t end = active_base(*l);
      size_t segments_before = l->segment_count();
      auto r = clean(*l);
      ASSERT_EQ(r.outcome, compaction_outcome::cleaned) << "seed " << seed << " round " << round;
      EXPECT_EQ(r.end_offset, end);
      EXPECT_EQ(l->cleaner_offset(), end);
      EXPECT_EQ(l->log_end_offset(), leo);
      EXPECT_LE(l->segment_count(), segments_before);
      auto contents = testing::read_everything(*l);
      auto expected = testing::expected_after_cleaning(model, end);
      auto present = testing::check_against_model(contents, model, expected);
      EXPECT_EQ(present, expected) << "seed " << seed << " round " << round;
      EXPECT_EQ(testing::check_segment_files(dir.path / "t-0"), l->segment_count());
      // Batches keep their original offsets and codec (empty batches are uncompressed).
      for (const auto& h : contents.batches) {
        ASSERT_TRUE(codec_of.contains(h.base_offset)) << "batch base " << h.base_offset << " moved";
        if (h.records_count > 0) {
          EXPECT_EQ(h.codec(), codec_of[h.base_offset]);
        }
      }
    }
    EXPECT_TRUE(files_ending_with(".cleaned").empty());
    EXPECT_TRUE(files_ending_with(".swap").empty());
  }
}

TEST_F(LogCompactorTest, ActiveSegmentIsNeverTouched) {
  auto l = open_log();
  for (int i = 0; i < 40; ++i) append(*l, {{"k", testing::str("v", i), now}});
  ASSERT_GT(l->segment_count(), 1u);
  int64_t end = active_base(*l);
  clean(*l);
  auto present = testing::check_against_model(testing::read_everything(*l), model, {});
  for (const auto& [offset, r] : model) {
    if (offset >= end) {
      EXPECT_TRUE(present.contains(offset)) << offset;
    }
  }
  EXPECT_FALSE(present.contains(0));
}

TEST_F(LogCompactorTest, SmallKeyMapCleansInSeveralRoundsWithoutLoss) {
  key_map_bytes = 20 * key_map::entry_cost(8);
  auto l = open_log();
  std::mt19937 rng(7);
  for (int b = 0; b < 120; ++b) {
    append(*l, {{testing::str("key-", rng() % 60), testing::str("v", b), now},
                {testing::str("key-", rng() % 60), std::nullopt, now}});
  }
  int64_t end = active_base(*l);
  int rounds = 0;
  while (l->cleaner_offset() < end && rounds < 100) {
    auto r = clean(*l);
    ASSERT_EQ(r.outcome, compaction_outcome::cleaned);
    EXPECT_TRUE(r.map_full || r.end_offset == end);
    ++rounds;
    // Mid-way the log holds a superset of the final state, never less.
    testing::check_against_model(testing::read_everything(*l), model, testing::expected_after_cleaning(model, end));
  }
  EXPECT_GT(rounds, 1);
  auto present = testing::check_against_model(testing::read_everything(*l), model, {});
  clean(*l);  // one more full round with everything clean: now exact
  present = testing::check_against_model(testing::read_everything(*l), model, {});
  EXPECT_EQ(present, testing::expected_after_cleaning(model, end));
}

TEST_F(LogCompactorTest, TombstonesSurviveUntilDeleteRetentionPassesAfterFirstCleaning) {
  config.delete_retention_ms = 1000;
  config.segment_bytes = 200;  // about one batch per segment
  auto l = open_log();
  append(*l, {{"a", "1", 10}});
  append(*l, {{"b", "2", 11}});
  auto tomb = append(*l, {{"a", std::nullopt, 12}, {"c", "3", 13}}, compression::lz4);
  for (int i = 0; i < 3; ++i) append(*l, {{"d", "x", 20}});
  int64_t first_clean = now;
  auto r = clean(*l);
  ASSERT_EQ(r.outcome, compaction_outcome::cleaned);
  EXPECT_EQ(r.delete_horizon_ms, first_clean + 1000);
  auto c = testing::read_everything(*l);
  auto by = c.by_offset();
  EXPECT_FALSE(by.contains(0));                  // superseded by the tombstone
  ASSERT_TRUE(by.contains(tomb.base_offset));    // the tombstone stays, with its own timestamp
  EXPECT_FALSE(by[tomb.base_offset].value);
  EXPECT_EQ(by[tomb.base_offset].timestamp, 12);
  EXPECT_EQ(by[tomb.base_offset + 1].timestamp, 13);
  for (const auto& h : c.batches) {
    if (h.base_offset != tomb.base_offset) continue;
    EXPECT_TRUE(h.attributes & records::attr_delete_horizon);  // KIP-534 horizon stamped
    EXPECT_EQ(h.base_timestamp, first_clean + 1000);
    EXPECT_EQ(h.codec(), compression::lz4);
  }

  now = first_clean + 999;
  EXPECT_FALSE(assess_cleanable_range(l->snapshot_for_cleaning(), now).horizon_due);
  clean(*l);
  EXPECT_TRUE(testing::read_everything(*l).by_offset().contains(tomb.base_offset));

  now = first_clean + 1000;
  auto range = assess_cleanable_range(l->snapshot_for_cleaning(), now);
  EXPECT_TRUE(range.horizon_due);
  EXPECT_TRUE(range.should_clean);  // due even without dirty bytes or ratio
  r = clean(*l, false);
  ASSERT_EQ(r.outcome, compaction_outcome::cleaned);
  EXPECT_EQ(r.tombstones_removed, 1u);
  EXPECT_EQ(r.delete_horizon_ms, -1);
  by = testing::read_everything(*l).by_offset();
  EXPECT_FALSE(by.contains(tomb.base_offset));
  EXPECT_TRUE(by.contains(tomb.base_offset + 1));  // "c" stays
  EXPECT_TRUE(by.contains(1));                     // "b" stays
  EXPECT_FALSE(assess_cleanable_range(l->snapshot_for_cleaning(), now).should_clean);
}

TEST_F(LogCompactorTest, ControlAndTransactionalBatchesAreKept) {
  config.segment_bytes = 300;
  auto l = open_log();
  append(*l, {{"k", "old", now}});
  records::control_batch_options co;
  co.producer_id = 5;
  co.producer_epoch = 0;
  co.timestamp_ms = now;
  auto marker = records::build_control_batch({records::control_type::commit, 1}, co);
  ASSERT_TRUE(marker);
  auto m = l->append(*marker, 0);
  ASSERT_TRUE(m);
  append(*l, {{"k", "new", now}});
  for (int i = 0; i < 3; ++i) append(*l, {{"z", "z", now}});
  clean(*l);
  auto c = testing::read_everything(*l);
  bool found = false;
  for (const auto& h : c.batches) found = found || (h.base_offset == m->base_offset && h.is_control());
  EXPECT_TRUE(found);
  EXPECT_FALSE(c.by_offset().contains(0));
}

TEST_F(LogCompactorTest, IdempotentProducerKeepsItsLastBatchEvenWhenEmpty) {
  config.segment_bytes = 400;
  auto l = open_log();
  append(*l, {{"a", "p1", now}, {"b", "p1", now}}, compression::none, {7, 3, 0});
  auto last = append(*l, {{"a", "p2", now}, {"b", "p2", now}}, compression::gzip, {7, 3, 2});
  append(*l, {{"a", "plain", now}, {"b", "plain", now}});
  for (int i = 0; i < 6; ++i) append(*l, {{"z", "z", now}});
  clean(*l);
  auto c = testing::read_everything(*l);
  int producer_batches = 0;
  for (const auto& h : c.batches) {
    if (h.producer_id != 7) continue;
    ++producer_batches;
    EXPECT_EQ(h.base_offset, last.base_offset);
    EXPECT_EQ(h.last_offset(), last.last_offset);
    EXPECT_EQ(h.records_count, 0);
    EXPECT_EQ(h.producer_epoch, 3);
    EXPECT_EQ(h.base_sequence, 2);
  }
  EXPECT_EQ(producer_batches, 1);
  EXPECT_FALSE(c.by_offset().contains(last.base_offset));
}

TEST_F(LogCompactorTest, MergesSmallSegmentsWithinSegmentBytes) {
  config.segment_bytes = 1000;
  config.index_interval_bytes = 100;
  auto l = open_log();
  for (int i = 0; i < 200; ++i) append(*l, {{testing::str("k", i % 25), testing::str("value-", i), now + i}});
  size_t before = l->segment_count();
  ASSERT_GT(before, 10u);
  auto r = clean(*l);
  ASSERT_EQ(r.outcome, compaction_outcome::cleaned);
  EXPECT_LT(l->segment_count(), before);
  EXPECT_GT(r.segments_rewritten, r.segments_written);
  for (const auto& name : files_ending_with(".log")) {
    EXPECT_LE(std::filesystem::file_size(dir.path / "t-0" / name), 1000u) << name;
    auto base = parse_segment_file_name(name, log_suffix);
    ASSERT_TRUE(base);
    EXPECT_TRUE(std::filesystem::exists(dir.path / "t-0" / segment_file_name(*base, index_suffix)));
    EXPECT_TRUE(std::filesystem::exists(dir.path / "t-0" / segment_file_name(*base, time_index_suffix)));
  }
  // Every offset still leads to the batch holding it or the next one.
  auto expected = testing::expected_after_cleaning(model, r.end_offset);
  for (int64_t o = 0; o < l->log_end_offset(); ++o) {
    auto read = l->read(o, 100, true, l->log_end_offset());
    ASSERT_TRUE(read);
    auto hs = testing::headers_of(read->data.span());
    ASSERT_FALSE(hs.empty()) << o;
    EXPECT_GE(hs[0].last_offset(), o);
    EXPECT_LE(hs[0].base_offset, *expected.lower_bound(o));
  }
  // Time lookups still work on merged segments.
  auto t = l->offset_for_timestamp(now + 150);
  ASSERT_TRUE(t);
  EXPECT_GE(t->first, 150);
  EXPECT_LE(t->first, *expected.lower_bound(150));  // an emptied batch keeps its timestamp
  // And a second cleaning keeps the bound.
  clean(*l);
  for (const auto& name : files_ending_with(".log")) {
    EXPECT_LE(std::filesystem::file_size(dir.path / "t-0" / name), 1000u) << name;
  }
  EXPECT_EQ(testing::check_against_model(testing::read_everything(*l), model, {}), expected);
}

TEST_F(LogCompactorTest, SegmentsLeftEmptyAreSkippedByReads) {
  config.segment_bytes = 200;  // two batches per segment
  auto l = open_log();
  for (int i = 0; i < 24; ++i) append(*l, {{"k", testing::str("v", i), now}});
  config.segment_bytes = 100;  // now no two segments fit together: nothing merges
  l->update_config(config);
  auto r = clean(*l);
  ASSERT_EQ(r.outcome, compaction_outcome::cleaned);
  EXPECT_GT(r.segments_written, 5u);
  size_t empty = 0;
  for (const auto& s : l->snapshot_for_cleaning().segments) empty += s.size == 0;
  EXPECT_GT(empty, 5u);
  auto c = testing::read_everything(*l);  // must not stop at the first empty segment
  ASSERT_EQ(c.records.size(), 24u - static_cast<size_t>(r.end_offset) + 1);
  EXPECT_EQ(c.records.front().offset, r.end_offset - 1);
  ASSERT_TRUE(l->close());
  l = open_log();
  EXPECT_EQ(testing::read_everything(*l).records.size(), c.records.size());
}

TEST_F(LogCompactorTest, ReopenedLogReadsTheCleanedSegments) {
  auto l = open_log();
  for (int i = 0; i < 100; ++i) append(*l, {{testing::str("k", i % 10), testing::str("v", i), now}});
  auto r = clean(*l);
  ASSERT_TRUE(l->close());
  l.reset();
  l = open_log();
  auto present = testing::check_against_model(testing::read_everything(*l), model, {});
  EXPECT_EQ(present, testing::expected_after_cleaning(model, r.end_offset));
  EXPECT_EQ(l->log_end_offset(), 100);
}

TEST_F(LogCompactorTest, MinCompactionLagKeepsRecentSegmentsDirty) {
  config.segment_bytes = 300;
  config.min_compaction_lag_ms = 10'000;
  auto l = open_log();
  for (int i = 0; i < 12; ++i) append(*l, {{"k", testing::str("old", i), now - 60'000}});
  for (int i = 0; i < 12; ++i) append(*l, {{"k", testing::str("new", i), now - 5'000}});
  auto snap = l->snapshot_for_cleaning();
  int64_t first_recent = -1;
  for (const auto& s : snap.segments) {
    if (s.largest_timestamp > now - 10'000) {
      first_recent = s.base_offset;
      break;
    }
  }
  ASSERT_GT(first_recent, 0);
  auto r = clean(*l, false);
  ASSERT_EQ(r.outcome, compaction_outcome::cleaned);
  EXPECT_EQ(r.range.first_uncleanable, first_recent);
  EXPECT_EQ(r.end_offset, first_recent);
  // Below the boundary only the latest "old" record is left; from it on, nothing was touched.
  EXPECT_EQ(testing::check_against_model(testing::read_everything(*l), model, {}),
            testing::expected_after_cleaning(model, first_recent));
  now += 10'000;  // all old enough now
  r = clean(*l, false);
  ASSERT_EQ(r.outcome, compaction_outcome::cleaned);
  EXPECT_EQ(r.end_offset, active_base(*l));
}

TEST_F(LogCompactorTest, MaxCompactionLagCleansBelowTheRatio) {
  config.segment_bytes = 300;
  config.min_cleanable_dirty_ratio = 0.9;
  config.max_compaction_lag_ms = 60'000;
  auto l = open_log();
  for (int i = 0; i < 30; ++i) append(*l, {{testing::str("k", i), "v", now}});
  ASSERT_EQ(clean(*l, false).outcome, compaction_outcome::cleaned);  // everything dirty: ratio 1
  for (int i = 0; i < 6; ++i) append(*l, {{"k0", testing::str("again", i), now + 1}});
  auto range = assess_cleanable_range(l->snapshot_for_cleaning(), now + 60'000);
  ASSERT_GT(range.dirty_bytes, 0u);
  EXPECT_LT(range.dirty_ratio, 0.9);
  EXPECT_FALSE(range.max_lag_due);
  EXPECT_EQ(clean(*l, false).outcome, compaction_outcome::nothing_to_do);
  now += 60'001;  // the first dirty segment's first batch is now older than the lag
  range = assess_cleanable_range(l->snapshot_for_cleaning(), now);
  EXPECT_TRUE(range.max_lag_due);
  EXPECT_EQ(clean(*l, false).outcome, compaction_outcome::cleaned);
}

TEST_F(LogCompactorTest, ActiveSegmentRollsByMaxCompactionLag) {
  config.segment_bytes = 1 << 20;
  config.max_compaction_lag_ms = 1000;  // KIP-354: the active segment rolls by then, so it can be cleaned
  auto l = open_log();
  append(*l, {{"k", "a", 5'000}});
  append(*l, {{"k", "b", 6'000}});
  EXPECT_EQ(l->segment_count(), 1u);
  append(*l, {{"k", "c", 6'001}});
  EXPECT_EQ(l->segment_count(), 2u);
  config.compact_enabled = false;  // without compaction only segment.ms counts
  l->update_config(config);
  append(*l, {{"k", "d", 9'000}});
  EXPECT_EQ(l->segment_count(), 2u);
}

TEST_F(LogCompactorTest, NothingToDoWithoutCompactionOrBelowTheRatio) {
  config.compact_enabled = false;
  auto l = open_log();
  for (int i = 0; i < 40; ++i) append(*l, {{"k", "v", now}});
  EXPECT_EQ(clean(*l).outcome, compaction_outcome::nothing_to_do);
  config.compact_enabled = true;
  config.min_cleanable_dirty_ratio = 0.9;
  l->update_config(config);
  EXPECT_EQ(clean(*l, false).outcome, compaction_outcome::cleaned);      // all dirty: ratio 1.0
  for (int i = 0; i < 10; ++i) append(*l, {{"k", "v", now}});
  EXPECT_EQ(clean(*l, false).outcome, compaction_outcome::nothing_to_do);  // a little dirt on a clean log
}

}  // namespace
}  // namespace gregor::storage
