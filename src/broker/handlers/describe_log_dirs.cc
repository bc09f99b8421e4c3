// DescribeLogDirs: each log dir with the partitions in it and their sizes (v4+: disk space).
#include <filesystem>

#include "broker/broker.h"
#include "broker/handlers/handlers.h"

namespace gregor::broker::handlers {

asio::awaitable<describe_log_dirs_response> describe_log_dirs(request_context& ctx, describe_log_dirs_request& req) {
  broker& b = ctx.owner;
  describe_log_dirs_response resp;
  std::map<std::string, describe_log_dirs_response::describe_log_dirs_result> by_dir;
  for (const auto& dir : b.config().log_dirs) {
    auto& r = by_dir[dir];
    r.log_dir = dir;
    std::error_code ec;
    auto space = std::filesystem::space(dir, ec);
    if (!ec) {
      r.total_bytes = static_cast<int64_t>(space.capacity);
      r.usable_bytes = static_cast<int64_t>(space.available);
    }
  }
  auto wanted = [&](const std::string& topic, int32_t partition) {
    if (!req.topics) return true;
    for (auto& t : *req.topics)
      if (t.topic == topic)
        for (int32_t p : t.partitions)
          if (p == partition) return true;
    return false;
  };
  for (const auto& t : b.topics().all()) {
    for (const auto& p : t->partitions) {
      if (!wanted(t->name, p->index())) continue;
      auto dir = b.logs().log_dir_of(t->name, p->index());
      if (!dir) continue;
      auto& r = by_dir[dir->string()];
      if (r.log_dir.empty()) r.log_dir = dir->string();
      if (r.topics.empty() || r.topics.back().name != t->name) r.topics.push_back({t->name, {}});
      r.topics.back().partitions.push_back({p->index(), static_cast<int64_t>(p->log().size_bytes()), 0, false});
    }
  }
  for (auto& [dir, r] : by_dir) resp.results.push_back(std::move(r));
  co_return resp;
}

}  // namespace gregor::broker::handlers
