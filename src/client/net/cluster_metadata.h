// cluster_metadata: the client's picture of the cluster, built from Metadata responses.
//
// Immutable once published: the I/O thread builds a new snapshot on every Metadata answer and
// swaps it in, and any thread may hold a shared_ptr to one (the producer's send() reads partition
// counts from it without waiting on the I/O thread).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/uuid.h"

namespace gregor::client {

struct broker_node {
  int32_t id = -1;
  std::string host;
  uint16_t port = 0;
  std::optional<std::string> rack;
};

struct partition_metadata {
  int32_t partition = 0;
  int16_t error_code = 0;
  int32_t leader = -1;  // -1: no leader right now
  int32_t leader_epoch = -1;
  std::vector<int32_t> replicas;
  std::vector<int32_t> isr;
  std::vector<int32_t> offline_replicas;
};

struct topic_metadata {
  std::string name;
  int16_t error_code = 0;
  uuid topic_id;
  bool internal = false;
  std::vector<partition_metadata> partitions;  // indexed by partition number

  const partition_metadata* partition(int32_t p) const {
    return p >= 0 && static_cast<size_t>(p) < partitions.size() ? &partitions[p] : nullptr;
  }
};

struct cluster_metadata {
  std::optional<std::string> cluster_id;
  int32_t controller_id = -1;
  std::map<int32_t, broker_node> brokers;
  std::map<std::string, topic_metadata> topics;
  // When each topic was last described by a Metadata answer (steady clock ms).
  std::map<std::string, int64_t> topic_updated_ms;
  int64_t updated_ms = 0;  // 0: never

  const topic_metadata* topic(const std::string& name) const {
    auto it = topics.find(name);
    return it == topics.end() ? nullptr : &it->second;
  }
  const broker_node* broker(int32_t id) const {
    auto it = brokers.find(id);
    return it == brokers.end() ? nullptr : &it->second;
  }
};

using metadata_snapshot = std::shared_ptr<const cluster_metadata>;

}  // namespace gregor::client
