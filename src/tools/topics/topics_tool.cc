// `gregor topics`: kafka-topics.sh with Kafka's flags — declares them, checks that they make sense
// together (one action; each option only with the actions it applies to) and runs the action
// (topic_actions.h) against the cluster.
#include "tools/topics/topics_tool.h"

#include <CLI/CLI.hpp>
#include <memory>

#include "tools/common/tool_error.h"
#include "tools/topics/topic_actions.h"

namespace gregor::tools {

namespace {

void add_flags(CLI::App& cmd, topics_options& o) {
  add_client_options(cmd, o.client);
  // Checked in validate() instead, so that --zookeeper alone gets its own message.
  cmd.get_option("--bootstrap-server")->required(false);
  cmd.add_option("--zookeeper", o.zookeeper,
                 "Not supported: gives an error saying to use --bootstrap-server (there is no ZooKeeper)");

  cmd.add_flag("--create", o.create, "Create a new topic");
  cmd.add_flag("--list", o.list, "List the topics");
  cmd.add_flag("--describe", o.describe, "Describe topics: partitions, leaders, replicas, ISRs and configs");
  cmd.add_flag("--alter", o.alter, "Add partitions to a topic, or set/delete its configs");
  cmd.add_flag("--delete", o.delete_, "Delete the topics --topic matches");

  cmd.add_option("--topic", o.topic,
                 "The topic: an exact name for --create/--alter; a regular expression matched against whole "
                 "names for --list/--describe/--delete (commas separate alternatives)");
  cmd.add_option("--partitions", o.partitions,
                 "Partition count for --create (default: the broker's num.partitions) or the new, larger count "
                 "for --alter");
  cmd.add_option("--replication-factor", o.replication_factor,
                 "Replication factor for --create (default: the broker's default.replication.factor)");
  cmd.add_option("--replica-assignment", o.replica_assignment,
                 "Brokers of each partition for --create (or --alter with --partitions, listing all partitions), "
                 "e.g. 1:2,3:4 puts partition 0 on brokers 1 and 2, partition 1 on 3 and 4");
  cmd.add_option("--config", o.configs,
                 "A topic config override k=v for --create, or set by --alter (repeatable)")
      ->allow_extra_args(false)
      ->take_all();
  cmd.add_option("--delete-config,--deleteConfig", o.delete_configs,
                 "A topic config override removed by --alter (repeatable)")
      ->allow_extra_args(false)
      ->take_all();
  cmd.add_flag("--if-exists", o.if_exists,
               "With --alter, --delete or --describe: do nothing (and succeed) when the topic does not exist");
  cmd.add_flag("--if-not-exists", o.if_not_exists, "With --create: succeed quietly when the topic already exists");
  cmd.add_flag("--exclude-internal", o.exclude_internal,
               "With --list or --describe: leave out internal topics such as __consumer_offsets");
  cmd.add_flag("--under-replicated-partitions", o.under_replicated_partitions,
               "With --describe: only partitions whose ISR is smaller than their replica set");
  cmd.add_flag("--unavailable-partitions", o.unavailable_partitions,
               "With --describe: only partitions without a leader on a live broker");
  cmd.add_flag("--topics-with-overrides", o.topics_with_overrides,
               "With --describe: only topics that have config overrides (their topic line only)");
}

// Throws unless `present` is false or the action is one of those the flag belongs to.
void only_with(bool present, const char* flag, bool allowed, const char* actions) {
  if (present && !allowed) throw tool_error(std::string(flag) + " can only be used with " + actions);
}

void validate(const topics_options& o) {
  if (o.zookeeper)
    throw tool_error("ZooKeeper is not supported by Gregor's tools (--zookeeper); connect to a broker with "
                     "--bootstrap-server HOST:PORT");
  if (o.client.bootstrap_server.empty()) throw tool_error("--bootstrap-server is required");
  int actions = o.create + o.list + o.describe + o.alter + o.delete_;
  if (actions != 1)
    throw tool_error(std::string(actions ? "only one" : "exactly one") +
                     " action must be given: --list, --describe, --create, --alter or --delete");
  if ((o.create || o.alter || o.delete_) && !o.topic)
    throw tool_error(std::string("--topic is required with ") +
                     (o.create ? "--create" : o.alter ? "--alter" : "--delete"));

  only_with(o.partitions.has_value(), "--partitions", o.create || o.alter, "--create or --alter");
  only_with(o.replication_factor.has_value(), "--replication-factor", o.create, "--create");
  only_with(o.replica_assignment.has_value(), "--replica-assignment", o.create || o.alter, "--create or --alter");
  only_with(!o.configs.empty(), "--config", o.create || o.alter, "--create or --alter");
  only_with(!o.delete_configs.empty(), "--delete-config", o.alter, "--alter");
  only_with(o.if_exists, "--if-exists", o.alter || o.delete_ || o.describe, "--alter, --delete or --describe");
  only_with(o.if_not_exists, "--if-not-exists", o.create, "--create");
  only_with(o.exclude_internal, "--exclude-internal", o.list || o.describe, "--list or --describe");
  only_with(o.under_replicated_partitions, "--under-replicated-partitions", o.describe, "--describe");
  only_with(o.unavailable_partitions, "--unavailable-partitions", o.describe, "--describe");
  only_with(o.topics_with_overrides, "--topics-with-overrides", o.describe, "--describe");

  if (o.partitions && *o.partitions < 1) throw tool_error("--partitions must be at least 1");
  if (o.replication_factor && (*o.replication_factor < 1 || *o.replication_factor > 32767))
    throw tool_error("--replication-factor must be between 1 and 32767");
  if (o.create && o.replica_assignment && (o.partitions || o.replication_factor))
    throw tool_error("--replica-assignment cannot be combined with --partitions or --replication-factor in --create");
  if (o.alter && o.replica_assignment && !o.partitions)
    throw tool_error("--replica-assignment with --alter needs --partitions");
  if (o.alter && !o.partitions && o.configs.empty() && o.delete_configs.empty())
    throw tool_error("--alter needs --partitions, --config or --delete-config");
}

int run(const topics_options& o) {
  validate(o);
  kafka_admin_client admin(client_config(o.client));
  if (o.create) return create_topic(admin, o);
  if (o.list) return list_topics(admin, o);
  if (o.describe) return describe_topics(admin, o);
  if (o.alter) return alter_topic(admin, o);
  return delete_topics(admin, o);
}

}  // namespace

tool_command add_topics_tool(CLI::App& parent) {
  auto* cmd = parent.add_subcommand("topics", "Create, list, describe, alter and delete topics (kafka-topics.sh)");
  auto options = std::make_shared<topics_options>();
  add_flags(*cmd, *options);
  return {cmd, [options]() { return run(*options); }};
}

}  // namespace gregor::tools
