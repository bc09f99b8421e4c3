// admin_context: the admin client's state on its I/O thread and the routing every operation uses.
//
// It owns the I/O thread, the cluster connections (cluster_client), the cached group coordinators
// and the calls still running (so closing fails them instead of leaving futures hanging). Its
// helpers send a request to the controller, to one broker, to any broker, or to a group's
// coordinator, and fetch metadata, cached for metadata_max_age_ms unless a retry asks for a fresh
// view. They report failures as client_error values; deciding whether to retry is the caller's.
//
// Thread: constructed and destroyed on the owner's thread; post() from any thread; everything
// else on the I/O thread only.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "client/admin/admin_errors.h"
#include "client/admin/admin_settings.h"
#include "client/net/cluster_client.h"
#include "client/net/io_thread.h"
#include "protocol/messages/find_coordinator.h"

namespace gregor::client::admin {

using clock = std::chrono::steady_clock;

template <class Response>
using response_callback = std::function<void(client_result<Response>)>;
using metadata_callback = std::function<void(client_result<metadata_snapshot>)>;

// What admin_context needs of a running call: a way to fail it when the client closes.
class call_base {
 public:
  virtual ~call_base() = default;
  virtual void abort(const client_error& reason) = 0;
};

class admin_context {
 public:
  explicit admin_context(admin_settings settings);
  ~admin_context();
  admin_context(const admin_context&) = delete;
  admin_context& operator=(const admin_context&) = delete;

  // Any thread.
  template <class F>
  void post(F&& f) {
    io_.post(std::forward<F>(f));
  }
  const admin_settings& settings() const { return settings_; }
  clock::time_point deadline(std::optional<std::chrono::milliseconds> timeout) const {
    return clock::now() + timeout.value_or(std::chrono::milliseconds(settings_.request_timeout_ms()));
  }

  // ---- I/O thread only ----------------------------------------------------------------------

  asio::io_context& io() { return io_.io(); }
  bool closed() const { return closed_; }
  // True once any broker has answered: a timeout before that means no broker was reachable.
  bool reached_cluster() const { return reached_cluster_; }
  void track(std::weak_ptr<call_base> call);

  // Brokers and controller; the cached view unless `refresh` or older than metadata_max_age_ms.
  void cluster_metadata(bool refresh, metadata_callback callback);
  // Metadata naming every topic of `topics`: the cached view when it has them all, is fresh and
  // error-free and `refresh` is false, else a Metadata request for them.
  void topics_metadata(const std::vector<std::string>& topics, bool refresh, metadata_callback callback);
  // Every topic (always asks a broker).
  void all_topics_metadata(metadata_callback callback);

  template <class Response, class Request>
  void send_to_any(Request request, response_callback<Response> callback) {
    cluster_->send_any<Response>(std::move(request), noting_success(std::move(callback)));
  }

  template <class Response, class Request>
  void send_to_node(int32_t node_id, Request request, response_callback<Response> callback) {
    cluster_->send_to<Response>(node_id, std::move(request), noting_success(std::move(callback)));
  }

  // To the controller named by the metadata, or any broker when the cluster names none.
  template <class Response, class Request>
  void send_to_controller(bool refresh_metadata, Request request, response_callback<Response> callback) {
    cluster_metadata(refresh_metadata, [this, request = std::move(request), callback = std::move(callback)](
                                           client_result<metadata_snapshot> md) mutable {
      if (!md) return callback(tl::make_unexpected(md.error()));
      int32_t controller = (*md)->controller_id;
      if (controller >= 0 && (*md)->broker(controller)) {
        send_to_node<Response>(controller, std::move(request), std::move(callback));
      } else {
        send_to_any<Response>(std::move(request), std::move(callback));
      }
    });
  }

  // To the coordinator of `group` (looked up with FindCoordinator and cached). `group_error`
  // extracts the response's group-level error: NOT_COORDINATOR and COORDINATOR_NOT_AVAILABLE
  // forget the cached coordinator; those and COORDINATOR_LOAD_IN_PROGRESS come back as a
  // (retriable) client_error instead of the response. The callback also gets the coordinator.
  template <class Response, class Request>
  void send_to_coordinator(const std::string& group, Request request, std::function<int16_t(const Response&)> group_error,
                           std::function<void(client_result<Response>, const broker_node&)> callback) {
    find_coordinator(group, [this, group, request = std::move(request), group_error = std::move(group_error),
                             callback = std::move(callback)](client_result<broker_node> found) mutable {
      if (!found) return callback(tl::make_unexpected(found.error()), broker_node{});
      broker_node node = *found;
      auto conn = cluster_->connection(node.id, node.host, node.port);
      if (!conn) {
        forget_coordinator(group);
        return callback(tl::make_unexpected(network_error("coordinator " + std::to_string(node.id) + " of group '" +
                                                          group + "' is not reachable right now")),
                        node);
      }
      conn->send<Response>(std::move(request), [this, group, node, group_error = std::move(group_error),
                                                callback = std::move(callback)](client_result<Response> r) {
        if (!r) {
          forget_coordinator(group);
          return callback(tl::make_unexpected(r.error()), node);
        }
        reached_cluster_ = true;
        auto code = static_cast<protocol::error_code>(group_error(*r));
        if (is_coordinator_error(code)) {
          if (code != protocol::error_code::coordinator_load_in_progress) forget_coordinator(group);
          return callback(tl::make_unexpected(client_error{code, "group '" + group + "' on broker " +
                                                                     std::to_string(node.id)}),
                          node);
        }
        callback(std::move(r), node);
      });
    });
  }

  void forget_coordinator(const std::string& group) { coordinators_.erase(group); }

 private:
  void find_coordinator(const std::string& group, std::function<void(client_result<broker_node>)> callback);
  bool fresh(int64_t updated_ms) const;
  void close();

  template <class Response>
  response_callback<Response> noting_success(response_callback<Response> callback) {
    return [this, callback = std::move(callback)](client_result<Response> r) {
      if (r) reached_cluster_ = true;
      callback(std::move(r));
    };
  }

  admin_settings settings_;
  io_thread io_;
  std::unique_ptr<cluster_client> cluster_;  // created and closed on the I/O thread
  bool closed_ = false;
  bool reached_cluster_ = false;
  std::map<std::string, broker_node> coordinators_;
  std::vector<std::weak_ptr<call_base>> calls_;
};

}  // namespace gregor::client::admin
