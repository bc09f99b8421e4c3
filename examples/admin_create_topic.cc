// Topic administration (kafka-python README: KafkaAdminClient.create_topics([NewTopic(...)])):
// create a topic with a config override, describe it, list topics, grow it, read its config,
// show the error for creating it twice, and delete it.
//
// Usage: admin_create_topic [BOOTSTRAP] [SUFFIX]
#include <chrono>
#include <iostream>
#include <string>
#include <thread>

#include "example_util.h"
#include "gregor/admin.h"

namespace {

bool listed(gregor::kafka_admin_client& admin, const std::string& topic) {
  for (const auto& t : admin.list_topics().get())
    if (t.name == topic) return true;
  return false;
}

}  // namespace

int main(int argc, char** argv) try {
  auto args = examples::parse_args(argc, argv);
  const std::string topic = args.name("example-admin");
  gregor::kafka_admin_client admin({{"bootstrap_servers", args.bootstrap}});

  auto created = admin.create_topics({{.name = topic,
                                       .num_partitions = 3,
                                       .replication_factor = 1,
                                       .configs = {{"retention.ms", "3600000"}}}})[topic]
                     .get();
  std::cout << "created " << created.name << " with " << created.num_partitions << " partitions" << std::endl;

  auto description = admin.describe_topics({topic})[topic].get();
  for (const auto& p : description.partitions)
    std::cout << "  partition " << p.partition << " leader=" << p.leader << " replicas=" << p.replicas.size()
              << std::endl;
  std::cout << "listed: " << (listed(admin, topic) ? "yes" : "no") << std::endl;

  gregor::config_resource resource{gregor::config_resource_type::topic, topic};
  auto configs = admin.describe_configs({resource})[resource].get();
  const auto* retention = configs.find("retention.ms");
  std::cout << "retention.ms=" << (retention && retention->value ? *retention->value : "?") << std::endl;

  admin.create_partitions({{topic, {.total_count = 4}}}).all();
  std::cout << "grew to " << admin.describe_topics({topic})[topic].get().partitions.size() << " partitions"
            << std::endl;

  try {
    admin.create_topics({{.name = topic, .num_partitions = 1, .replication_factor = 1}}).all();
    std::cout << "creating it again unexpectedly succeeded" << std::endl;
    return 1;
  } catch (const gregor::kafka_error& e) {
    std::cout << "creating it again: " << e.name() << std::endl;
  }

  admin.delete_topics({topic}).all();
  // Deletion is asynchronous on a real cluster: wait briefly for the listing to catch up.
  bool gone = false;
  for (int i = 0; i < 50 && !gone; ++i) {
    gone = !listed(admin, topic);
    if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::cout << "deleted " << topic << ", listed: " << (gone ? "no" : "yes") << std::endl;
  if (!gone || created.num_partitions != 3) return 1;
  std::cout << "OK" << std::endl;
  return 0;
} catch (const std::exception& e) {
  std::cerr << "FAILED: " << e.what() << std::endl;
  return 1;
}
