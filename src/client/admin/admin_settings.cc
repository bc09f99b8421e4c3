// admin_settings: reads the admin client's config strictly (unknown names throw).
#include "client/admin/admin_settings.h"

namespace gregor::client::admin {

admin_settings read_admin_settings(const config& cfg) {
  config_reader reader(cfg, "admin");
  admin_settings s;
  s.common = read_common_settings(reader, default_client_id("admin"), 30000);
  s.retry_backoff_ms = static_cast<int32_t>(reader.get_int("retry_backoff_ms", 100, 0, INT32_MAX));
  // The admin client must never create a topic as a side effect of describing it.
  s.common.cluster.allow_auto_create_topics = false;
  reader.finish();
  return s;
}

}  // namespace gregor::client::admin
