#include "client/consumer/consumer_config.h"

#include <limits>

#include "client/assignors/assignor_factory.h"
#include "gregor/errors.h"

namespace gregor::client {

namespace {

int32_t read_i32(config_reader& r, const std::string& name, int32_t fallback, int32_t min = 0) {
  return static_cast<int32_t>(r.get_int(name, fallback, min, std::numeric_limits<int32_t>::max()));
}

offset_reset_strategy read_reset(config_reader& r) {
  // librdkafka's spellings too: smallest/beginning, largest/end, error.
  std::string v = r.get_enum("auto_offset_reset", "latest",
                             {"latest", "earliest", "none", "smallest", "largest", "beginning", "end", "error"});
  if (v == "earliest" || v == "smallest" || v == "beginning") return offset_reset_strategy::earliest;
  if (v == "none" || v == "error") return offset_reset_strategy::none;
  return offset_reset_strategy::latest;
}

}  // namespace

consumer_config read_consumer_config(const config& cfg) {
  config_reader r(cfg, "consumer",
                  {{"fetch_wait_max_ms", "fetch_max_wait_ms"},
                   {"fetch_message_max_bytes", "max_partition_fetch_bytes"}});
  consumer_config c;
  // 305000 like kafka-python: a JoinGroup may legitimately wait max_poll_interval_ms (300 s).
  c.common = read_common_settings(r, default_client_id("consumer"), 305000);
  c.group_id = r.get_optional_string("group_id");
  c.group_instance_id = r.get_optional_string("group_instance_id");
  c.auto_offset_reset = read_reset(r);
  c.enable_auto_commit = r.get_bool("enable_auto_commit", true);
  c.auto_commit_interval_ms = read_i32(r, "auto_commit_interval_ms", 5000, 1);
  c.fetch_min_bytes = read_i32(r, "fetch_min_bytes", 1);
  c.fetch_max_wait_ms = read_i32(r, "fetch_max_wait_ms", 500);
  c.fetch_max_bytes = read_i32(r, "fetch_max_bytes", 52428800, 1);
  c.max_partition_fetch_bytes = read_i32(r, "max_partition_fetch_bytes", 1048576, 1);
  c.max_poll_records = read_i32(r, "max_poll_records", 500, 1);
  c.max_poll_interval_ms = read_i32(r, "max_poll_interval_ms", 300000, 1);
  c.session_timeout_ms = read_i32(r, "session_timeout_ms", 10000, 1);
  c.heartbeat_interval_ms = read_i32(r, "heartbeat_interval_ms", 3000, 1);
  c.assignment_strategies = r.get_list("partition_assignment_strategy", {"range", "cooperative-sticky"});
  c.read_committed =
      r.get_enum("isolation_level", "read_uncommitted", {"read_uncommitted", "read_committed"}) == "read_committed";
  if (r.has("consumer_timeout_ms")) {
    auto text = r.get_optional_string("consumer_timeout_ms");
    // kafka-python's default is float('inf'); "inf" and "-1" mean the same here.
    if (text && *text != "inf" && *text != "-1") c.consumer_timeout_ms = r.get_int("consumer_timeout_ms", 0, 0);
  }
  c.check_crcs = r.get_bool("check_crcs", true);
  c.retry_backoff_ms = read_i32(r, "retry_backoff_ms", 100);
  c.default_api_timeout_ms = read_i32(r, "default_api_timeout_ms", 60000, 1);
  c.exclude_internal_topics = r.get_bool("exclude_internal_topics", true);
  c.allow_auto_create_topics = r.get_bool("allow_auto_create_topics", true);
  c.common.cluster.allow_auto_create_topics = c.allow_auto_create_topics;
  r.finish();

  if (c.assignment_strategies.empty()) throw config_error("consumer config partition_assignment_strategy is empty");
  for (const auto& name : c.assignment_strategies) {
    if (!make_assignor(name)) {
      throw config_error("consumer config partition_assignment_strategy: unknown assignor \"" + name +
                         "\" (expected range, roundrobin, sticky or cooperative-sticky)");
    }
  }
  if (c.group_id && c.group_id->empty()) c.group_id.reset();
  if (c.heartbeat_interval_ms >= c.session_timeout_ms) {
    throw config_error("consumer config heartbeat_interval_ms (" + std::to_string(c.heartbeat_interval_ms) +
                       ") must be lower than session_timeout_ms (" + std::to_string(c.session_timeout_ms) + ")");
  }
  if (c.group_instance_id && !c.group_id) throw config_error("consumer config group_instance_id needs a group_id");
  return c;
}

}  // namespace gregor::client
