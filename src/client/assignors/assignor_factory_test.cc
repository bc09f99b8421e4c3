// The strategy names a consumer may configure.
#include "client/assignors/assignor_factory.h"

#include <gtest/gtest.h>

namespace gregor::client {
namespace {

TEST(AssignorFactory, KnowsKafkasStrategyNames) {
  EXPECT_EQ(make_assignor("range")->name(), "range");
  EXPECT_EQ(make_assignor("roundrobin")->name(), "roundrobin");
  EXPECT_EQ(make_assignor("round_robin")->name(), "roundrobin");
  EXPECT_EQ(make_assignor("sticky")->name(), "sticky");
  EXPECT_EQ(make_assignor("cooperative-sticky")->name(), "cooperative-sticky");
  EXPECT_EQ(make_assignor("cooperative_sticky")->name(), "cooperative-sticky");
  EXPECT_EQ(make_assignor("uniform"), nullptr);
  EXPECT_EQ(make_assignor(""), nullptr);
}

}  // namespace
}  // namespace gregor::client
