// Persisting a topic's config overrides across restarts: one small properties file per topic
// (the caller picks the path, e.g. <log.dir>/<topic>.config or inside the partition dir).
// Writes go to a temporary file that is fsynced and renamed over the old one, so a crash
// leaves either the old or the new overrides. Blocking file I/O: call it off the network
// threads. Thread-safe as long as two calls do not target the same path.
#pragma once

#include <filesystem>
#include <memory>

#include "base/result.h"
#include "config/topic_config.h"

namespace gregor::config {

result<void> save_topic_config(const std::filesystem::path& path, const topic_config& config);

// A missing file means no overrides. Unknown keys become warnings; invalid values are errors.
result<topic_config::loaded> load_topic_config(const std::filesystem::path& path,
                                               std::shared_ptr<const topic_defaults> defaults);

}  // namespace gregor::config
