#include "client/net/cluster_client.h"

#include <algorithm>
#include <charconv>

namespace gregor::client {

namespace {

using clock = std::chrono::steady_clock;

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock::now().time_since_epoch()).count();
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

result<std::vector<host_port>> parse_bootstrap_servers(const std::string& list) {
  std::vector<host_port> out;
  size_t from = 0;
  while (from <= list.size()) {
    size_t comma = list.find(',', from);
    std::string entry = trim(std::string_view(list).substr(from, comma == std::string::npos ? std::string::npos
                                                                                            : comma - from));
    from = comma == std::string::npos ? list.size() + 1 : comma + 1;
    if (entry.empty()) continue;
    // Accept scheme prefixes such as PLAINTEXT:// as Kafka's tools print them.
    if (auto scheme = entry.find("://"); scheme != std::string::npos) entry = entry.substr(scheme + 3);
    host_port hp;
    std::string port_text;
    if (entry.front() == '[') {
      size_t close = entry.find(']');
      if (close == std::string::npos) return fail("invalid bootstrap server '" + entry + "'");
      hp.host = entry.substr(1, close - 1);
      if (close + 1 < entry.size()) {
        if (entry[close + 1] != ':') return fail("invalid bootstrap server '" + entry + "'");
        port_text = entry.substr(close + 2);
      }
    } else if (size_t colon = entry.rfind(':'); colon != std::string::npos) {
      hp.host = entry.substr(0, colon);
      port_text = entry.substr(colon + 1);
    } else {
      hp.host = entry;
    }
    if (!port_text.empty()) {
      unsigned port = 0;
      auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
      if (ec != std::errc() || p != port_text.data() + port_text.size() || port == 0 || port > 65535)
        return fail("invalid port in bootstrap server '" + entry + "'");
      hp.port = static_cast<uint16_t>(port);
    }
    if (hp.host.empty()) return fail("invalid bootstrap server '" + entry + "'");
    out.push_back(std::move(hp));
  }
  if (out.empty()) return fail(std::string("bootstrap_servers is empty"));
  return out;
}

cluster_client::cluster_client(asio::io_context& io, cluster_options options)
    : io_(io), options_(std::move(options)), idle_timer_(io), metadata_(std::make_shared<cluster_metadata>()) {
  schedule_idle_check();
}

cluster_client::~cluster_client() { close(); }

metadata_snapshot cluster_client::metadata() const {
  std::lock_guard lock(metadata_mutex_);
  return metadata_;
}

void cluster_client::close() {
  if (closed_) return;
  closed_ = true;
  idle_timer_.cancel();
  for (auto& [id, node] : nodes_) {
    if (node.connection) node.connection->close(network_error("client closed"));
  }
  nodes_.clear();
}

bool cluster_client::node_backing_off(int32_t node_id) const {
  auto it = nodes_.find(node_id);
  return it != nodes_.end() && clock::now() < it->second.backoff_until;
}

std::chrono::milliseconds cluster_client::backoff_remaining() const {
  auto now = clock::now();
  auto best = std::chrono::milliseconds(options_.reconnect_backoff_ms);
  bool any = false;
  for (const auto& [id, node] : nodes_) {
    if (node.backoff_until <= now) return std::chrono::milliseconds(1);
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(node.backoff_until - now);
    if (!any || left < best) best = left;
    any = true;
  }
  return std::max(best, std::chrono::milliseconds(1));
}

std::shared_ptr<broker_connection> cluster_client::open(int32_t node_id, const std::string& host, uint16_t port) {
  if (closed_) return nullptr;
  auto& node = nodes_[node_id];
  node.last_used = clock::now();
  if (node.connection && !node.connection->closed()) {
    if (node.connection->host() == host && node.connection->port() == port) return node.connection;
    node.connection->close(network_error("broker " + std::to_string(node_id) + " moved"));
  }
  if (clock::now() < node.backoff_until) return nullptr;
  auto conn = broker_connection::create(io_, node_id, host, port, options_.connection);
  node.connection = conn;
  std::weak_ptr<broker_connection> weak = conn;
  conn->connect([this, node_id, weak](const client_result<void>& outcome) {
    if (auto c = weak.lock()) on_connection_done(node_id, c, outcome);
  });
  return conn;
}

void cluster_client::on_connection_done(int32_t node_id, const std::shared_ptr<broker_connection>& conn,
                                        const client_result<void>& outcome) {
  if (closed_) return;
  auto it = nodes_.find(node_id);
  if (it == nodes_.end() || it->second.connection != conn) return;
  node_state& node = it->second;
  if (outcome) {
    node.failures = 0;
    return;
  }
  // Exponential backoff from a broker that cannot be reached, as reconnect.backoff.ms specifies.
  last_connect_error_ = outcome.error().message;
  node.failures = std::min(node.failures + 1, 20);
  int64_t backoff = options_.reconnect_backoff_ms;
  for (int i = 1; i < node.failures && backoff < options_.reconnect_backoff_max_ms; ++i) backoff *= 2;
  backoff = std::min<int64_t>(backoff, std::max(options_.reconnect_backoff_max_ms, options_.reconnect_backoff_ms));
  node.backoff_until = clock::now() + std::chrono::milliseconds(backoff);
}

std::shared_ptr<broker_connection> cluster_client::connection(int32_t node_id) {
  auto md = metadata();
  const broker_node* b = md->broker(node_id);
  if (!b) {
    auto it = nodes_.find(node_id);
    if (it != nodes_.end() && it->second.connection && !it->second.connection->closed()) return it->second.connection;
    return nullptr;
  }
  return open(node_id, b->host, b->port);
}

std::shared_ptr<broker_connection> cluster_client::connection(int32_t node_id, const std::string& host,
                                                              uint16_t port) {
  return open(node_id, host, port);
}

std::shared_ptr<broker_connection> cluster_client::least_loaded_connection() {
  if (closed_) return nullptr;
  std::shared_ptr<broker_connection> best;
  for (auto& [id, node] : nodes_) {
    auto& c = node.connection;
    if (!c || c->closed()) continue;
    if (!best || (c->ready() && !best->ready()) || (c->ready() == best->ready() && c->in_flight() < best->in_flight()))
      best = c;
  }
  if (best && best->ready()) {
    nodes_[best->node_id()].last_used = clock::now();
    return best;
  }
  if (best) return best;
  // Nothing open: try the known brokers first, then the bootstrap list, round robin.
  auto md = metadata();
  for (const auto& [id, b] : md->brokers) {
    if (node_backing_off(id)) continue;
    if (auto c = open(id, b.host, b.port)) return c;
  }
  for (size_t i = 0; i < options_.bootstrap.size(); ++i) {
    size_t index = (next_bootstrap_ + i) % options_.bootstrap.size();
    int32_t id = -1 - static_cast<int32_t>(index);
    if (node_backing_off(id)) continue;
    next_bootstrap_ = index + 1;
    const auto& hp = options_.bootstrap[index];
    if (auto c = open(id, hp.host, hp.port)) return c;
  }
  return nullptr;
}

client_error cluster_client::node_unavailable(int32_t node_id) const {
  auto it = nodes_.find(node_id);
  std::string why = it != nodes_.end() && it->second.connection && it->second.connection->closed()
                        ? ": " + it->second.connection->close_reason().message
                        : std::string();
  return network_error("broker " + std::to_string(node_id) + " is not available" + why);
}

client_error cluster_client::no_broker_error() const {
  std::string list;
  for (const auto& hp : options_.bootstrap) list += (list.empty() ? "" : ",") + hp.host + ":" + std::to_string(hp.port);
  return network_error("no broker reachable (bootstrap " + list + ")" +
                       (last_connect_error_.empty() ? std::string() : ": " + last_connect_error_));
}

void cluster_client::refresh_metadata(std::optional<std::vector<std::string>> topics,
                                      std::function<void(client_result<metadata_snapshot>)> callback,
                                      std::optional<bool> allow_auto_create) {
  protocol::metadata_request request;
  if (topics) {
    request.topics.emplace();
    for (const auto& t : *topics) {
      protocol::metadata_request::topic rt;
      rt.name = t;
      request.topics->push_back(std::move(rt));
    }
  }
  request.allow_auto_topic_creation = allow_auto_create.value_or(options_.allow_auto_create_topics);
  send_any<protocol::metadata_response>(
      std::move(request),
      [this, topics = std::move(topics), callback = std::move(callback)](
          client_result<protocol::metadata_response> r) {
        if (!r) return callback(tl::make_unexpected(r.error()));
        apply_metadata(*r, !topics.has_value(), topics);
        callback(metadata());
      });
}

void cluster_client::apply_metadata(const protocol::metadata_response& response, bool all_topics,
                                    const std::optional<std::vector<std::string>>& requested) {
  auto next = std::make_shared<cluster_metadata>();
  auto previous = metadata();
  int64_t now = now_ms();
  next->cluster_id = response.cluster_id;
  next->controller_id = response.controller_id;
  for (const auto& b : response.brokers) {
    next->brokers[b.node_id] = broker_node{b.node_id, b.host, static_cast<uint16_t>(b.port), b.rack};
  }
  // A partial answer keeps what we knew of the topics it did not mention.
  if (!all_topics) {
    next->topics = previous->topics;
    next->topic_updated_ms = previous->topic_updated_ms;
  }
  for (const auto& t : response.topics) {
    if (!t.name) continue;
    topic_metadata tm;
    tm.name = *t.name;
    tm.error_code = t.error_code;
    tm.topic_id = t.topic_id;
    tm.internal = t.is_internal;
    int32_t count = 0;
    for (const auto& p : t.partitions) count = std::max(count, p.partition_index + 1);
    tm.partitions.resize(count);
    for (int32_t i = 0; i < count; ++i) tm.partitions[i].partition = i;
    for (const auto& p : t.partitions) {
      if (p.partition_index < 0) continue;
      auto& pm = tm.partitions[p.partition_index];
      pm.error_code = p.error_code;
      pm.leader = p.leader_id;
      pm.leader_epoch = p.leader_epoch;
      pm.replicas = p.replica_nodes;
      pm.isr = p.isr_nodes;
      pm.offline_replicas = p.offline_replicas;
    }
    // A topic that does not exist (yet) is remembered with its error so callers can report it.
    next->topic_updated_ms[tm.name] = now;
    next->topics[tm.name] = std::move(tm);
  }
  if (requested) {
    for (const auto& name : *requested) next->topic_updated_ms.emplace(name, now);
  }
  next->updated_ms = now;
  std::lock_guard lock(metadata_mutex_);
  metadata_ = std::move(next);
}

void cluster_client::schedule_idle_check() {
  if (closed_ || options_.connections_max_idle_ms <= 0) return;
  idle_timer_.expires_after(std::chrono::milliseconds(std::max(1000, options_.connections_max_idle_ms / 4)));
  idle_timer_.async_wait([this](const asio::error_code& ec) {
    if (ec || closed_) return;
    auto now = clock::now();
    for (auto& [id, node] : nodes_) {
      auto& c = node.connection;
      if (c && !c->closed() && c->in_flight() == 0 &&
          now - node.last_used > std::chrono::milliseconds(options_.connections_max_idle_ms)) {
        c->close(network_error("idle for connections_max_idle_ms"));
        c.reset();
      }
    }
    schedule_idle_check();
  });
}

}  // namespace gregor::client
