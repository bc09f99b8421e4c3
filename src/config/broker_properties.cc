// The broker property table. Docs are Gregor's own one-line summaries.
#include "config/broker_properties.h"

namespace gregor::config {
namespace {

using enum config_type;
constexpr auto high = importance::high;
constexpr auto medium = importance::medium;
constexpr auto low = importance::low;
constexpr std::string_view long_max = "9223372036854775807";
constexpr std::string_view int_max = "2147483647";

std::vector<property_def> build() {
  return {
      // Identity and network.
      {"broker.id", int32, "-1", at_least(-1), high,
       "Id of this broker. -1 (unset) means Gregor picks 0, which suits a single-node cluster."},
      {"node.id", int32, "-1", at_least(-1), high,
       "Alias of broker.id; if both are set they must agree."},
      {"broker.rack", string, std::nullopt, no_check(), medium,
       "Rack label reported for this broker in Metadata responses."},
      {"listeners", string, "PLAINTEXT://:9092", no_check(), high,
       "Comma list of NAME://host:port to bind; an empty host binds all interfaces. Only "
       "PLAINTEXT is supported."},
      {"advertised.listeners", string, std::nullopt, no_check(), high,
       "Addresses given to clients in Metadata; defaults to listeners."},
      {"socket.request.max.bytes", int32, "104857600", at_least(1), high,
       "Largest request frame accepted; bigger frames close the connection."},
      {"socket.send.buffer.bytes", int32, "102400", at_least(-1), high,
       "SO_SNDBUF for client sockets; -1 keeps the OS default."},
      {"socket.receive.buffer.bytes", int32, "102400", at_least(-1), high,
       "SO_RCVBUF for client sockets; -1 keeps the OS default."},
      {"num.network.threads", int32, "3", at_least(1), high,
       "Threads running connection I/O."},
      {"num.io.threads", int32, "8", at_least(1), high,
       "Kafka's request-handler pool. No effect in Gregor: requests run on the network threads, which never block on disk for long."},
      {"queued.max.requests", int32, "500", at_least(1), high,
       "Kafka's request queue bound. No effect in Gregor: each connection serves one request at a time, in order."},
      {"zookeeper.connect", string, std::nullopt, no_check(), high,
       "ZooKeeper host:port list for cluster metadata. Not used yet: cluster mode is not implemented, the broker runs standalone."},
      {"zookeeper.session.timeout.ms", int32, "18000", at_least(1), high,
       "ZooKeeper session timeout. Not used yet (no cluster mode)."},

      // Topics.
      {"num.partitions", int32, "1", at_least(1), medium,
       "Partition count of topics created without an explicit count."},
      {"default.replication.factor", int32, "1", at_least(1), medium,
       "Replication factor of topics created without an explicit one."},
      {"auto.create.topics.enable", boolean, "true", no_check(), high,
       "Create a topic when a client asks for metadata of a topic that does not exist."},
      {"delete.topic.enable", boolean, "true", no_check(), high,
       "Allow DeleteTopics; when false, deletions are refused."},
      {"message.max.bytes", int32, "1048588", at_least(0), high,
       "Largest record batch accepted, after compression; topic default for max.message.bytes."},
      {"min.insync.replicas", int32, "1", at_least(1), high,
       "Replicas that must have a write before acks=all succeeds."},
      {"unclean.leader.election.enable", boolean, "false", no_check(), high,
       "Allow an out-of-sync replica to become leader, at the cost of lost records."},
      {"compression.type", string, "producer",
       one_of({"uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"}), high,
       "Codec for stored batches; producer keeps whatever the producer used."},

      // Log segments and retention.
      {"log.dirs", list, std::nullopt, no_check(), high,
       "Data directories; when set it takes precedence over log.dir."},
      {"log.dir", string, "/tmp/kafka-logs", no_check(), high,
       "Single data directory, used when log.dirs is unset."},
      {"log.segment.bytes", int32, "1073741824", at_least(14), high,
       "Size at which the active segment is rolled."},
      {"log.roll.ms", int64, std::nullopt, no_check(), high,
       "Age at which the active segment is rolled; wins over log.roll.hours."},
      {"log.roll.hours", int32, "168", at_least(1), high,
       "Age in hours at which the active segment is rolled."},
      {"log.roll.jitter.ms", int64, std::nullopt, no_check(), high,
       "Random amount subtracted from the roll age; wins over log.roll.jitter.hours."},
      {"log.roll.jitter.hours", int32, "0", at_least(0), high,
       "Random amount in hours subtracted from the roll age."},
      {"log.retention.ms", int64, std::nullopt, no_check(), high,
       "Age after which segments are deleted; -1 keeps them forever. Wins over minutes/hours."},
      {"log.retention.minutes", int32, std::nullopt, no_check(), high,
       "Retention age in minutes; wins over log.retention.hours."},
      {"log.retention.hours", int32, "168", no_check(), high, "Retention age in hours."},
      {"log.retention.bytes", int64, "-1", no_check(), high,
       "Partition size beyond which the oldest segments are deleted; -1 means no limit."},
      {"log.retention.check.interval.ms", int64, "300000", at_least(1), medium,
       "How often the retention task looks for deletable segments."},
      {"log.segment.delete.delay.ms", int64, "60000", at_least(0), high,
       "Delay between a segment leaving the log and its files being removed."},
      {"log.index.interval.bytes", int32, "4096", at_least(0), medium,
       "Bytes of records between two offset index entries."},
      {"log.index.size.max.bytes", int32, "10485760", at_least(4), medium,
       "Maximum size of an offset or time index file."},
      {"log.preallocate", boolean, "false", no_check(), medium,
       "Preallocate segment files to their full size when created. Accepted; no effect (segments grow as written)."},
      {"gregor.log.max.open.files", int32, "0", at_least(0), medium,
       "Gregor only (Kafka has no such key): most segment files (.log, .index, .timeindex) kept "
       "open at once over all partitions; idle files are closed and reopened when used, dirty "
       "ones fdatasync'ed first. 0: the open-file limit (RLIMIT_NOFILE, raised to its hard limit "
       "at start) less a quarter of it, at most 4096, for sockets and other files; a larger value "
       "is lowered to that."},
      {"num.recovery.threads.per.data.dir", int32, "1", at_least(1), high,
       "Threads per data directory used to recover logs at startup and flush at shutdown."},

      // Flushing.
      {"log.flush.interval.messages", int64, long_max, at_least(1), high,
       "Records appended to a partition before it is fsynced."},
      {"log.flush.interval.ms", int64, std::nullopt, no_check(), high,
       "Age of unflushed data that forces an fsync; unset falls back to "
       "log.flush.scheduler.interval.ms."},
      {"log.flush.scheduler.interval.ms", int64, long_max, no_check(), high,
       "How often the flusher checks partitions; also the flush age when "
       "log.flush.interval.ms is unset."},
      {"log.flush.offset.checkpoint.interval.ms", int32, "60000", at_least(0), high,
       "How often the recovery-point checkpoint file is rewritten."},

      // Compaction.
      {"log.cleanup.policy", list, "delete", one_of({"compact", "delete"}), medium,
       "Default cleanup: delete old segments, compact by key, or both."},
      {"log.cleaner.enable", boolean, "true", no_check(), medium,
       "Run the log cleaner that compacts topics with cleanup.policy compact."},
      {"log.cleaner.backoff.ms", int64, "15000", at_least(0), medium,
       "Sleep between cleaner passes when nothing is cleanable."},
      {"log.cleaner.delete.retention.ms", int64, "86400000", at_least(0), medium,
       "How long tombstones survive compaction."},
      {"log.cleaner.min.cleanable.ratio", float64, "0.5", between_double(0, 1), medium,
       "Dirty/total ratio above which a log is compacted."},
      {"log.cleaner.min.compaction.lag.ms", int64, "0", at_least(0), medium,
       "Minimum age of a record before compaction may remove it."},
      {"log.cleaner.max.compaction.lag.ms", int64, long_max, at_least(1), medium,
       "Maximum age of an uncompacted record before its log is compacted regardless of ratio."},

      // Record timestamps and formats.
      {"log.message.timestamp.type", string, "CreateTime", one_of({"CreateTime", "LogAppendTime"}),
       medium, "Keep the producer's timestamp (CreateTime) or stamp the append time."},
      {"log.message.timestamp.difference.max.ms", int64, long_max, at_least(0), medium,
       "Deprecated: allowed skew of CreateTime in both directions; before/after take precedence."},
      {"log.message.timestamp.before.max.ms", int64, long_max, at_least(0), medium,
       "How far in the past a CreateTime timestamp may be."},
      {"log.message.timestamp.after.max.ms", int64, long_max, at_least(0), medium,
       "How far in the future a CreateTime timestamp may be."},
      {"log.message.downconversion.enable", boolean, "true", no_check(), low,
       "Allow converting batches to older formats for old fetch versions. No effect: Gregor serves record batch v2 only."},

      // Group coordinator and offsets.
      {"offsets.topic.num.partitions", int32, "50", at_least(1), high,
       "Partitions of __consumer_offsets (fixed once created)."},
      {"offsets.topic.replication.factor", int16, "3", at_least(1), high,
       "Replication factor of __consumer_offsets; set 1 on a single node."},
      {"offsets.retention.minutes", int32, "10080", at_least(1), high,
       "How long committed offsets of an empty group are kept."},
      {"offsets.retention.check.interval.ms", int64, "600000", at_least(1), high,
       "How often expired offsets are purged."},
      {"offsets.topic.segment.bytes", int32, "104857600", at_least(1), high,
       "Segment size of __consumer_offsets (small, so compaction keeps it small)."},
      {"offsets.topic.compression.codec", int32, "0", between(0, 4), high,
       "Codec of records the coordinator writes: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd."},
      {"offset.metadata.max.bytes", int32, "4096", at_least(0), high,
       "Largest metadata string an offset commit may carry."},
      {"group.initial.rebalance.delay.ms", int32, "3000", no_check(), medium,
       "Wait for more members before the first rebalance of a new group."},
      {"group.min.session.timeout.ms", int32, "6000", no_check(), medium,
       "Smallest session timeout a member may request."},
      {"group.max.session.timeout.ms", int32, "1800000", no_check(), medium,
       "Largest session timeout a member may request."},
      {"group.max.size", int32, int_max, at_least(1), medium, "Most members one group may have."},

      // Producer ids and transactions.
      {"producer.id.expiration.ms", int32, "86400000", at_least(1), low,
       "Idle time after which a producer id's state is forgotten."},
      {"transactional.id.expiration.ms", int32, "604800000", at_least(1), high,
       "Idle time after which a transactional id is expired. Not used yet: transactions are not served."},
      {"transaction.max.timeout.ms", int32, "900000", at_least(1), high,
       "Largest transaction timeout a producer may ask for. Not used yet: transactions are not served."},
      {"transaction.state.log.num.partitions", int32, "50", at_least(1), high,
       "Partitions of __transaction_state. Not used yet: transactions are not served."},
      {"transaction.state.log.replication.factor", int16, "3", at_least(1), high,
       "Replication factor of __transaction_state. Not used yet: transactions are not served."},
      {"transaction.state.log.min.isr", int32, "2", at_least(1), high,
       "min.insync.replicas of __transaction_state. Not used yet: transactions are not served."},
  };
}

}  // namespace

const std::vector<property_def>& broker_properties() {
  static const std::vector<property_def> table = build();
  return table;
}

}  // namespace gregor::config
