// docs/configuration.md must match what the property tables generate.
#include "config/config_docs.h"

#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace gregor::config {
namespace {

TEST(ConfigDocs, CommittedDocIsUpToDate) {
  std::ifstream in(GREGOR_SOURCE_DIR "/docs/configuration.md", std::ios::binary);
  ASSERT_TRUE(in) << "docs/configuration.md is missing";
  std::ostringstream text;
  text << in.rdbuf();
  EXPECT_TRUE(text.str() == render_configuration_markdown())
      << "docs/configuration.md is stale: run `build/src/config/config_docs "
         "docs/configuration.md` from the repo root";
}

TEST(ConfigDocs, MentionsEveryTableRow) {
  auto doc = render_configuration_markdown();
  for (auto name : {"`log.retention.hours`", "`listeners`", "`cleanup.policy`",
                    "`min.cleanable.dirty.ratio`", "`log.cleaner.min.cleanable.ratio`"}) {
    EXPECT_NE(doc.find(name), std::string::npos) << name;
  }
}

}  // namespace
}  // namespace gregor::config
