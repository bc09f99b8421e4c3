// Listener list parsing.
#include "config/listener.h"

#include <gtest/gtest.h>

namespace gregor::config {
namespace {

TEST(Listener, EmptyHostMeansAllInterfaces) {
  auto l = parse_listeners("listeners", "PLAINTEXT://:9092").value();
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0], (listener{"PLAINTEXT", "", 9092}));
}

TEST(Listener, HostPortAndIpv6) {
  EXPECT_EQ(parse_listeners("listeners", "plaintext://127.0.0.1:0").value()[0],
            (listener{"PLAINTEXT", "127.0.0.1", 0}));
  auto v6 = parse_listeners("listeners", "PLAINTEXT://[::1]:9093").value()[0];
  EXPECT_EQ(v6.host, "::1");
  EXPECT_EQ(to_string(v6), "PLAINTEXT://[::1]:9093");
}

TEST(Listener, RejectsBadInputNamingKey) {
  for (auto bad : {"127.0.0.1:9092", "PLAINTEXT://host", "PLAINTEXT://host:99999",
                   "SSL://host:9093", "PLAINTEXT://::1:9092", "PLAINTEXT://h:1,PLAINTEXT://h:2"}) {
    auto r = parse_listeners("advertised.listeners", bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.error().find("advertised.listeners"), std::string::npos) << r.error();
  }
}

}  // namespace
}  // namespace gregor::config
