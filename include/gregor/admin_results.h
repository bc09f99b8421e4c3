// gregor::admin_results: the outcome of one admin operation, one future per item.
//
// Batch operations (create_topics, delete_records, describe_configs, ...) act on many items at
// once and the broker answers for each separately: one topic may be created while another
// already exists. admin_results keeps an admin_future (admin_future.h) per item, keyed by what the caller
// named (topic name, topic_partition, config_resource, group id):
//
//   auto created = admin.create_topics({{.name = "a"}, {.name = "b"}});
//   created["a"].get();            // returns, or throws a's gregor::kafka_error
//   auto all = created.all();      // waits for every item; throws the first failure in key order
//
// Futures become ready independently, at the latest when the operation's timeout passes (then
// with kafka_timeout_error). Copies share the same futures; every member may be called from any thread.
#pragma once

#include <map>
#include <stdexcept>
#include <type_traits>
#include <future>

#include "gregor/admin_future.h"

namespace gregor {

template <class Key, class T>
class admin_results {
 public:
  using future_type = admin_future<T>;

  admin_results() = default;
  explicit admin_results(std::map<Key, future_type> items) : items_(std::move(items)) {}


  // The future of one item; std::out_of_range for a key the operation was not given.
  const future_type& operator[](const Key& key) const { return at(key); }
  const future_type& at(const Key& key) const {
    auto it = items_.find(key);
    if (it == items_.end()) throw std::out_of_range("admin_results: no such item");
    return it->second;
  }
  bool contains(const Key& key) const { return items_.count(key) > 0; }
  size_t size() const { return items_.size(); }
  const std::map<Key, future_type>& futures() const { return items_; }

  // Waits for every item, then returns their values (nothing when items carry no value) or throws
  // the failure of the first failed item in key order.
  auto all() const {
    for (const auto& [key, f] : items_) f.wait();
    if constexpr (std::is_void_v<T>) {
      for (const auto& [key, f] : items_) f.get();
    } else {
      std::map<Key, T> values;
      for (const auto& [key, f] : items_) values.emplace(key, f.get());
      return values;
    }
  }

 private:
  std::map<Key, future_type> items_;
};

}  // namespace gregor
