// Markdown reference generated from the broker and topic property tables; docs/configuration.md
// is its output (regenerate with `build/src/config/config_docs docs/configuration.md`; a test
// fails when the committed file is stale). Pure function; thread-safe.
#pragma once

#include <string>

namespace gregor::config {

std::string render_configuration_markdown();

}  // namespace gregor::config
