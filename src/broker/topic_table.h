// topic_table: the topics this broker knows, by name and by topic id.
//
// Thread-safety: a shared_mutex guards the maps; readers (Metadata, Produce, Fetch) take it
// shared, topic creation and deletion take it exclusively. topic objects are shared_ptr so a
// request that found a topic can keep using it while it is being deleted.
#pragma once

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/uuid.h"
#include "broker/partition.h"
#include "config/topic_config.h"

namespace gregor::broker {

struct topic {
  std::string name;
  uuid id;
  bool internal = false;
  std::vector<std::shared_ptr<partition>> partitions;
  config::topic_config config;

  topic(std::string n, uuid i, config::topic_config c) : name(std::move(n)), id(i), config(std::move(c)) {}

  std::shared_ptr<partition> find_partition(int32_t index) const {
    if (index < 0 || static_cast<size_t>(index) >= partitions.size()) return nullptr;
    return partitions[static_cast<size_t>(index)];
  }
};

class topic_table {
 public:
  std::shared_ptr<topic> find(const std::string& name) const;
  std::shared_ptr<topic> find(const uuid& id) const;
  std::shared_ptr<partition> find_partition(const std::string& name, int32_t index) const;
  std::vector<std::shared_ptr<topic>> all() const;

  // False if a topic of that name exists already.
  bool insert(std::shared_ptr<topic> t);
  std::shared_ptr<topic> erase(const std::string& name);
  // Replaces a topic (CreatePartitions, config changes) atomically.
  void replace(std::shared_ptr<topic> t);

 private:
  mutable std::shared_mutex mutex_;
  std::map<std::string, std::shared_ptr<topic>> by_name_;
  std::unordered_map<uuid, std::shared_ptr<topic>, uuid_hash> by_id_;
};

}  // namespace gregor::broker
