// admin_context: the admin I/O thread's state and its metadata and coordinator lookups.
#include "client/admin/admin_context.h"

#include <algorithm>

namespace gregor::client::admin {

namespace {

// The clock cluster_client stamps metadata with.
int64_t steady_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock::now().time_since_epoch()).count();
}

}  // namespace

admin_context::admin_context(admin_settings settings) : settings_(std::move(settings)) {
  // The cluster's timers belong to the I/O thread from the start.
  io_.call([this] { cluster_ = std::make_unique<cluster_client>(io_.io(), settings_.common.cluster); });
}

admin_context::~admin_context() {
  io_.call([this] { close(); });
  io_.stop();
  cluster_.reset();
}

void admin_context::close() {
  closed_ = true;
  auto calls = std::move(calls_);
  for (auto& weak : calls) {
    if (auto call = weak.lock()) call->abort(network_error("admin client closed"));
  }
  cluster_->close();
}

void admin_context::track(std::weak_ptr<call_base> call) {
  if (calls_.size() >= 64) {
    std::erase_if(calls_, [](const std::weak_ptr<call_base>& w) { return w.expired(); });
  }
  calls_.push_back(std::move(call));
}

bool admin_context::fresh(int64_t updated_ms) const {
  return updated_ms != 0 && steady_now_ms() - updated_ms < settings_.common.metadata_max_age_ms;
}

void admin_context::cluster_metadata(bool refresh, metadata_callback callback) {
  auto md = cluster_->metadata();
  if (!refresh && fresh(md->updated_ms) && !md->brokers.empty()) return callback(md);
  // An empty topic list asks for brokers and controller only.
  cluster_->refresh_metadata(
      std::vector<std::string>{},
      [this, callback = std::move(callback)](client_result<metadata_snapshot> r) {
        if (r) reached_cluster_ = true;
        callback(std::move(r));
      },
      false);
}

void admin_context::topics_metadata(const std::vector<std::string>& topics, bool refresh, metadata_callback callback) {
  auto md = cluster_->metadata();
  if (!refresh && !md->brokers.empty()) {
    bool cached = std::all_of(topics.begin(), topics.end(), [&](const std::string& name) {
      const topic_metadata* t = md->topic(name);
      auto at = md->topic_updated_ms.find(name);
      return t && t->error_code == 0 && at != md->topic_updated_ms.end() && fresh(at->second);
    });
    if (cached) return callback(md);
  }
  cluster_->refresh_metadata(
      topics,
      [this, callback = std::move(callback)](client_result<metadata_snapshot> r) {
        if (r) reached_cluster_ = true;
        callback(std::move(r));
      },
      false);
}

void admin_context::all_topics_metadata(metadata_callback callback) {
  cluster_->refresh_metadata(
      std::nullopt,
      [this, callback = std::move(callback)](client_result<metadata_snapshot> r) {
        if (r) reached_cluster_ = true;
        callback(std::move(r));
      },
      false);
}

void admin_context::find_coordinator(const std::string& group,
                                     std::function<void(client_result<broker_node>)> callback) {
  if (auto it = coordinators_.find(group); it != coordinators_.end()) return callback(it->second);
  protocol::find_coordinator_request request;
  request.key = group;  // v0-3
  request.key_type = 0;  // a consumer group
  request.coordinator_keys = {group};  // v4+
  send_to_any<protocol::find_coordinator_response>(
      std::move(request),
      [this, group, callback = std::move(callback)](client_result<protocol::find_coordinator_response> r) {
        if (!r) return callback(tl::make_unexpected(r.error()));
        // v4+ answers per key; earlier versions at the top level.
        int16_t code = r->error_code;
        std::optional<std::string> message = r->error_message;
        broker_node node{r->node_id, r->host, static_cast<uint16_t>(r->port), std::nullopt};
        if (!r->coordinators.empty()) {
          const auto& c = r->coordinators.front();
          code = c.error_code;
          message = c.error_message;
          node = broker_node{c.node_id, c.host, static_cast<uint16_t>(c.port), std::nullopt};
        }
        if (code != 0) return callback(tl::make_unexpected(item_error(code, message, "FindCoordinator for group '" + group + "'")));
        coordinators_[group] = node;
        callback(node);
      });
}

}  // namespace gregor::client::admin
