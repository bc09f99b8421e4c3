// The topic property table. Docs are Gregor's own one-line summaries.
#include "config/topic_properties.h"

namespace gregor::config {
namespace {

using enum config_type;
constexpr auto high = importance::high;
constexpr auto medium = importance::medium;
constexpr auto low = importance::low;
constexpr std::string_view long_max = "9223372036854775807";

std::vector<property_def> build() {
  return {
      {"cleanup.policy", list, "delete", one_of({"delete", "compact"}), medium,
       "delete removes old segments, compact keeps the latest record per key; both may be set.",
       {"log.cleanup.policy"}},
      {"retention.ms", int64, "604800000", at_least(-1), medium,
       "Age after which a segment may be deleted; -1 keeps data forever.",
       {"log.retention.ms", "log.retention.minutes", "log.retention.hours"}},
      {"retention.bytes", int64, "-1", no_check(), medium,
       "Partition size beyond which the oldest segments are deleted; -1 means no limit.",
       {"log.retention.bytes"}},
      {"segment.bytes", int32, "1073741824", at_least(14), medium,
       "Size at which the active segment is rolled.", {"log.segment.bytes"}},
      {"segment.ms", int64, "604800000", at_least(1), medium,
       "Age at which the active segment is rolled even if not full.",
       {"log.roll.ms", "log.roll.hours"}},
      {"segment.jitter.ms", int64, "0", at_least(0), medium,
       "Random amount subtracted from segment.ms so partitions do not roll together.",
       {"log.roll.jitter.ms", "log.roll.jitter.hours"}},
      {"segment.index.bytes", int32, "10485760", at_least(4), medium,
       "Maximum size of a segment's offset and time index files.", {"log.index.size.max.bytes"}},
      {"index.interval.bytes", int32, "4096", at_least(0), medium,
       "Bytes of records between two offset index entries.", {"log.index.interval.bytes"}},
      {"max.message.bytes", int32, "1048588", at_least(0), medium,
       "Largest record batch accepted, after compression.", {"message.max.bytes"}},
      {"compression.type", string, "producer",
       one_of({"uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"}), medium,
       "Codec for stored batches; producer keeps whatever the producer used.",
       {"compression.type"}},
      {"message.timestamp.type", string, "CreateTime", one_of({"CreateTime", "LogAppendTime"}),
       medium, "Keep the producer's timestamp (CreateTime) or stamp the append time.",
       {"log.message.timestamp.type"}},
      {"message.timestamp.difference.max.ms", int64, long_max, at_least(0), medium,
       "Deprecated: allowed CreateTime skew both ways; used only when before/after are unset.",
       {"log.message.timestamp.difference.max.ms"}},
      {"message.timestamp.before.max.ms", int64, long_max, at_least(0), medium,
       "How far in the past a CreateTime timestamp may be.",
       {"log.message.timestamp.before.max.ms"}},
      {"message.timestamp.after.max.ms", int64, long_max, at_least(0), medium,
       "How far in the future a CreateTime timestamp may be.",
       {"log.message.timestamp.after.max.ms"}},
      {"message.downconversion.enable", boolean, "true", no_check(), low,
       "Allow converting batches to older formats for old fetch versions. No effect: Gregor serves record batch v2 only.",
       {"log.message.downconversion.enable"}},
      {"min.insync.replicas", int32, "1", at_least(1), medium,
       "Replicas that must have a write before acks=all succeeds.", {"min.insync.replicas"}},
      {"unclean.leader.election.enable", boolean, "false", no_check(), medium,
       "Allow an out-of-sync replica to become leader, at the cost of lost records.",
       {"unclean.leader.election.enable"}},
      {"flush.messages", int64, long_max, at_least(1), medium,
       "Records appended before the partition is fsynced.", {"log.flush.interval.messages"}},
      {"flush.ms", int64, long_max, at_least(0), medium,
       "Age of unflushed data that forces an fsync.",
       {"log.flush.interval.ms", "log.flush.scheduler.interval.ms"}},
      {"delete.retention.ms", int64, "86400000", at_least(0), medium,
       "How long tombstones survive compaction.", {"log.cleaner.delete.retention.ms"}},
      {"min.cleanable.dirty.ratio", float64, "0.5", between_double(0, 1), medium,
       "Dirty/total ratio above which the log is compacted.",
       {"log.cleaner.min.cleanable.ratio"}},
      {"min.compaction.lag.ms", int64, "0", at_least(0), medium,
       "Minimum age of a record before compaction may remove it.",
       {"log.cleaner.min.compaction.lag.ms"}},
      {"max.compaction.lag.ms", int64, long_max, at_least(1), medium,
       "Maximum age of an uncompacted record before compaction is forced.",
       {"log.cleaner.max.compaction.lag.ms"}},
      {"file.delete.delay.ms", int64, "60000", at_least(0), medium,
       "Delay between a segment leaving the log and its files being removed.",
       {"log.segment.delete.delay.ms"}},
      {"preallocate", boolean, "false", no_check(), medium,
       "Preallocate segment files to their full size when created. Accepted; no effect (segments grow as written).", {"log.preallocate"}},
      {"leader.replication.throttled.replicas", list, "", throttled_replica_list(), medium,
       "Replicas whose leader-side replication traffic is throttled (`*` for all). Not used yet: no replication."},
      {"follower.replication.throttled.replicas", list, "", throttled_replica_list(), medium,
       "Replicas whose follower-side replication traffic is throttled (`*` for all). Not used yet: no replication."},
  };
}

}  // namespace

const std::vector<property_def>& topic_properties() {
  static const std::vector<property_def> table = build();
  return table;
}

}  // namespace gregor::config
