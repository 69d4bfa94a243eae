#include "runtime/address.h"

#include <gtest/gtest.h>

namespace store::runtime {
namespace {

TEST(Address, ParsesHostPortForms) {
  EXPECT_EQ(parse_host_port("127.0.0.1:7001"), (HostPort{"127.0.0.1", 7001}));
  EXPECT_EQ(parse_host_port("localhost:80"), (HostPort{"localhost", 80}));
  EXPECT_EQ(parse_host_port("[::1]:7001"), (HostPort{"::1", 7001}));
  EXPECT_EQ(parse_host_port("[::1]:7001").text(), "[::1]:7001");
  EXPECT_EQ(parse_host_port("0.0.0.0:0", true).port, 0);
}

TEST(Address, RejectsBadAddresses) {
  for (const char* bad :
       {"", "127.0.0.1", ":7001", "host:", "host:99999", "host:12a", "::1:7001", "[::1]7001", "h:0"}) {
    EXPECT_THROW(parse_host_port(bad), std::invalid_argument) << bad;
  }
}

TEST(Address, ParsesAPeerList) {
  const auto peers = parse_peers("1=127.0.0.1:7001,2=127.0.0.1:7002,3=127.0.0.1:7003");
  ASSERT_EQ(peers.size(), 3u);
  EXPECT_EQ(peers.at(2).port, 7002);
  EXPECT_EQ(format_peers(peers), "1=127.0.0.1:7001,2=127.0.0.1:7002,3=127.0.0.1:7003");
}

TEST(Address, RejectsBadPeerLists) {
  for (const char* bad :
       {"", "1=127.0.0.1:7001,", "127.0.0.1:7001", "0=h:1", "1=h:1,1=h:2", "1=h:1,3=h:3", "x=h:1", "1000=h:1"}) {
    EXPECT_THROW(parse_peers(bad), std::invalid_argument) << bad;
  }
}

}  // namespace
}  // namespace store::runtime
