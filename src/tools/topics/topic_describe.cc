// --describe of `gregor topics`, in kafka-topics.sh's (Kafka 3.x) shape:
//
//   Topic: orders	TopicId: 6zWcZ8ZbQ1u2...	PartitionCount: 2	ReplicationFactor: 1	Configs: retention.ms=60000
//   	Topic: orders	Partition: 0	Leader: 1	Replicas: 1	Isr: 1
//   	Topic: orders	Partition: 1	Leader: 1	Replicas: 1	Isr: 1
//
// "Configs" lists the topic's non-default configs (Kafka's rule: overrides, and values set in the
// broker's server.properties). The report filters narrow the output as Kafka's do:
// --under-replicated-partitions and --unavailable-partitions print only the matching partition
// lines; --topics-with-overrides prints only the topic line of topics that have overrides.
#include <algorithm>
#include <iostream>
#include <set>
#include <sstream>

#include "tools/topics/topic_actions.h"
#include "tools/topics/topic_lookup.h"

namespace gregor::tools {

namespace {

std::string join_ids(const std::vector<int32_t>& ids) {
  std::string out;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(ids[i]);
  }
  return out;
}

// "k=v,k=v" of the non-default entries, sorted by name.
std::string non_default_configs(const config_description& configs) {
  std::vector<const config_entry*> entries;
  for (const auto& e : configs.entries)
    if (!e.is_default) entries.push_back(&e);
  std::sort(entries.begin(), entries.end(), [](auto* a, auto* b) { return a->name < b->name; });
  std::string out;
  for (const auto* e : entries) {
    if (!out.empty()) out += ',';
    out += e->name + "=" + e->value.value_or("");
  }
  return out;
}

void print_topic_line(const topic_description& topic, const std::string& configs) {
  size_t replication = topic.partitions.empty() ? 0 : topic.partitions.front().replicas.size();
  std::cout << "Topic: " << topic.name << "\tTopicId: " << topic.topic_id.to_base64()
            << "\tPartitionCount: " << topic.partitions.size() << "\tReplicationFactor: " << replication
            << "\tConfigs: " << configs << "\n";
}

void print_partition_line(const std::string& topic, const partition_description& p) {
  std::cout << "\tTopic: " << topic << "\tPartition: " << p.partition
            << "\tLeader: " << (p.leader < 0 ? std::string("none") : std::to_string(p.leader))
            << "\tReplicas: " << join_ids(p.replicas) << "\tIsr: " << join_ids(p.isr) << "\n";
}

// The description of `name`, or nullopt when the topic was deleted since it was listed.
std::optional<topic_description> described(const admin_results<std::string, topic_description>& results,
                                           const std::string& name) {
  try {
    return results[name].get();
  } catch (const kafka_error& e) {
    if (e.code() == error_code::unknown_topic_or_partition) return std::nullopt;
    throw;
  }
}

}  // namespace

int describe_topics(kafka_admin_client& admin, const topics_options& options) {
  auto matches = matching_topics(admin, options.topic, !options.exclude_internal);
  if (matches.empty()) {
    if (options.topic && !options.if_exists) throw_topic_missing(*options.topic);
    return 0;
  }
  std::vector<std::string> names;
  std::vector<config_resource> resources;
  for (const auto& t : matches) {
    names.push_back(t.name);
    resources.push_back({config_resource_type::topic, t.name});
  }
  auto descriptions = admin.describe_topics(names);
  auto configs = admin.describe_configs(resources);

  // Brokers that are up: a partition whose leader is not among them is unavailable.
  std::set<int32_t> live;
  if (options.unavailable_partitions) {
    auto cluster = admin.describe_cluster().get();  // a copy: the future's value dies with the future
    for (const auto& node : cluster.nodes) live.insert(node.id);
  }

  const bool partition_filter = options.under_replicated_partitions || options.unavailable_partitions;
  for (const auto& name : names) {
    auto topic = described(descriptions, name);
    if (!topic) continue;
    std::string overrides;
    try {
      overrides = non_default_configs(configs[{config_resource_type::topic, name}].get());
    } catch (const kafka_error& e) {
      if (e.code() == error_code::unknown_topic_or_partition) continue;  // deleted meanwhile
      throw;
    }
    if (options.topics_with_overrides) {
      if (!overrides.empty()) print_topic_line(*topic, overrides);
      continue;
    }
    if (!partition_filter) print_topic_line(*topic, overrides);
    for (const auto& p : topic->partitions) {
      bool under_replicated = p.isr.size() < p.replicas.size();
      bool unavailable = p.leader < 0 || !live.count(p.leader);
      if (partition_filter && !(options.under_replicated_partitions && under_replicated) &&
          !(options.unavailable_partitions && unavailable))
        continue;
      print_partition_line(topic->name, p);
    }
  }
  return 0;
}

}  // namespace gregor::tools
