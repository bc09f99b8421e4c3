// Rendering the property tables as markdown.
#include "config/config_docs.h"

#include <fmt/format.h>

#include "config/broker_properties.h"
#include "config/topic_properties.h"

namespace gregor::config {
namespace {

constexpr std::string_view preamble = R"(# Gregor configuration

Generated from the property tables in `src/config/` by `config_docs`; do not edit by hand.
Names, types, defaults and valid ranges are Kafka's, so existing `server.properties` files and
admin tools work unchanged. Every key listed here is honoured by Gregor; any other key in
`server.properties` is reported as a warning and ignored. An invalid value stops the broker at
startup with a message naming the key.

Start the broker with `gregor server <server.properties> [--override key=value]...`; overrides
are applied after the file, in order.

## Resolution rules

- `broker.id` and `node.id` are aliases. The default -1 means Gregor uses 0, which suits a
  single-node cluster; if both are set they must be equal.
- `log.dirs` wins over `log.dir`.
- Retention: `log.retention.ms` wins over `log.retention.minutes`, which wins over
  `log.retention.hours`. Any negative result means unlimited (-1); 0 is rejected.
- Segment roll: `log.roll.ms` wins over `log.roll.hours`; likewise for the jitter pair.
- `log.flush.interval.ms` unset means the value of `log.flush.scheduler.interval.ms` (by default
  the maximum long, i.e. Gregor leaves flushing to the OS and relies on recovery).
- `advertised.listeners` unset means `listeners`. An empty listener host binds all interfaces;
  Gregor binds exactly what is written. Only `PLAINTEXT` listeners exist.
- Broker configs are static: DescribeConfigs reports them read-only, with source
  STATIC_BROKER_CONFIG (4) when set in the file or by `--override`, otherwise DEFAULT_CONFIG (5).
- Topic configs default to the broker property in the "Broker default" column; a topic
  override is reported with source DYNAMIC_TOPIC_CONFIG (1).
)";

std::string cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string default_cell(const property_def& def) {
  if (!def.default_value) return "null";
  if (def.default_value->empty()) return "\"\"";
  return fmt::format("`{}`", *def.default_value);
}

std::string table(const std::vector<property_def>& defs, bool topic) {
  std::string out = topic ? "| Name | Type | Default | Valid values | Importance | Broker default | "
                            "Description |\n|---|---|---|---|---|---|---|\n"
                          : "| Name | Type | Default | Valid values | Importance | Description |\n"
                            "|---|---|---|---|---|---|\n";
  for (const auto& def : defs) {
    out += fmt::format("| `{}` | {} | {} | {} | {} |", def.name, type_name(def.type),
                       default_cell(def), cell(describe_validator(def.check)),
                       importance_name(def.level));
    if (topic) {
      std::string synonyms;
      for (auto s : def.broker_synonyms) {
        synonyms += fmt::format("{}`{}`", synonyms.empty() ? "" : ", ", s);
      }
      out += fmt::format(" {} |", synonyms);
    }
    out += fmt::format(" {} |\n", cell(def.doc));
  }
  return out;
}

}  // namespace

std::string render_configuration_markdown() {
  return fmt::format("{}\n## Broker configs\n\n{}\n## Topic configs\n\n{}", preamble,
                     table(broker_properties(), false), table(topic_properties(), true));
}

}  // namespace gregor::config
