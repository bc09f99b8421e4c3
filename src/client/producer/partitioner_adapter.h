// partitioner_adapter: lets an application's gregor::partitioner (public header) stand in for
// the producer's internal client::partitioner. The two interfaces match call for call; the
// public one exists so that include/gregor/ does not expose src/ headers.
#pragma once

#include <memory>

#include "client/partitioning/partitioner.h"
#include "gregor/producer.h"

namespace gregor::client {

class partitioner_adapter final : public partitioner {
 public:
  explicit partitioner_adapter(std::shared_ptr<gregor::partitioner> custom) : custom_(std::move(custom)) {}

  int32_t partition(std::string_view topic, const std::optional<std::string>& key_bytes, int32_t num_partitions,
                    const std::vector<int32_t>& available_partitions) override {
    return custom_->partition(topic, key_bytes, num_partitions, available_partitions);
  }
  void on_new_batch(std::string_view topic, int32_t prev_partition) override {
    custom_->on_new_batch(topic, prev_partition);
  }

 private:
  std::shared_ptr<gregor::partitioner> custom_;
};

}  // namespace gregor::client
