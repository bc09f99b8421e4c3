#include "broker/topic_table.h"

#include <mutex>

namespace gregor::broker {

std::shared_ptr<topic> topic_table::find(const std::string& name) const {
  std::shared_lock lock(mutex_);
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second;
}

std::shared_ptr<topic> topic_table::find(const uuid& id) const {
  std::shared_lock lock(mutex_);
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

std::shared_ptr<partition> topic_table::find_partition(const std::string& name, int32_t index) const {
  auto t = find(name);
  return t ? t->find_partition(index) : nullptr;
}

std::vector<std::shared_ptr<topic>> topic_table::all() const {
  std::shared_lock lock(mutex_);
  std::vector<std::shared_ptr<topic>> out;
  out.reserve(by_name_.size());
  for (const auto& [name, t] : by_name_) out.push_back(t);
  return out;
}

bool topic_table::insert(std::shared_ptr<topic> t) {
  std::unique_lock lock(mutex_);
  if (by_name_.count(t->name)) return false;
  by_id_[t->id] = t;
  by_name_[t->name] = std::move(t);
  return true;
}

std::shared_ptr<topic> topic_table::erase(const std::string& name) {
  std::unique_lock lock(mutex_);
  auto it = by_name_.find(name);
  if (it == by_name_.end()) return nullptr;
  auto t = it->second;
  by_id_.erase(t->id);
  by_name_.erase(it);
  return t;
}

void topic_table::replace(std::shared_ptr<topic> t) {
  std::unique_lock lock(mutex_);
  by_id_[t->id] = t;
  by_name_[t->name] = std::move(t);
}

}  // namespace gregor::broker
