#include "sim/connectivity.h"

#include <gtest/gtest.h>

#include "sim/network_profile.h"

namespace store::sim {
namespace {

// Servers 0..4 and one client 5.
Connectivity five_and_a_client() {
  Connectivity c;
  for (int i = 0; i < 5; ++i) c.add_endpoint(true);
  c.add_endpoint(false);
  return c;
}

TEST(SimConnectivity, GroupsSplitListedEndpointsOnly) {
  Connectivity c = five_and_a_client();
  c.set_groups({{0, 1}, {2, 3, 4}});
  EXPECT_FALSE(c.blocked(0, 1));
  EXPECT_TRUE(c.blocked(0, 2));
  EXPECT_TRUE(c.blocked(4, 1));
  EXPECT_FALSE(c.blocked(3, 4));
  EXPECT_FALSE(c.blocked(5, 0)) << "an unlisted client reaches everyone";
  EXPECT_FALSE(c.blocked(2, 5));
  c.set_groups({{0, 5}, {1}});  // replaces the grouping
  EXPECT_TRUE(c.blocked(5, 1));
  EXPECT_FALSE(c.blocked(0, 2)) << "2 is no longer listed";
}

TEST(SimConnectivity, IsolateCutsServersButNotClients) {
  Connectivity c = five_and_a_client();
  c.isolate(2);
  for (int other : {0, 1, 3, 4}) {
    EXPECT_TRUE(c.blocked(2, other));
    EXPECT_TRUE(c.blocked(other, 2));
  }
  EXPECT_FALSE(c.blocked(5, 2));
  EXPECT_FALSE(c.blocked(2, 5));
  EXPECT_FALSE(c.blocked(0, 1));
}

TEST(SimConnectivity, CutsAreOneWayAndHealRestoresAll) {
  Connectivity c = five_and_a_client();
  c.cut(0, 1);
  EXPECT_TRUE(c.blocked(0, 1));
  EXPECT_FALSE(c.blocked(1, 0));
  c.cut(1, 0);
  c.uncut(0, 1);
  EXPECT_FALSE(c.blocked(0, 1));
  EXPECT_TRUE(c.blocked(1, 0));
  c.isolate(3);
  c.set_groups({{0}, {4}});
  c.heal();
  for (int a = 0; a < 6; ++a) {
    for (int b = 0; b < 6; ++b) EXPECT_FALSE(c.blocked(a, b)) << a << "->" << b;
  }
}

TEST(SimNetworkProfile, LatencyStaysWithinTheProfile) {
  Rng rng(5);
  const NetworkProfile lan = NetworkProfile::lan();
  Micros lo = 1'000'000, hi = 0;
  for (int i = 0; i < 10'000; ++i) {
    const Micros latency = draw_latency(lan, rng);
    lo = std::min(lo, latency);
    hi = std::max(hi, latency);
  }
  EXPECT_EQ(lo, 100);
  EXPECT_EQ(hi, 150);

  NetworkProfile slow{
      .base_latency = 1000, .jitter = 0, .long_delay_probability = 1, .long_delay_min = 50, .long_delay_max = 60};
  for (int i = 0; i < 1000; ++i) {
    const Micros latency = draw_latency(slow, rng);
    ASSERT_GE(latency, 1050);
    ASSERT_LE(latency, 1060);
  }
}

TEST(SimNetworkProfile, NamedProfilesAreValidAndBadOnesAreNamed) {
  EXPECT_NO_THROW(NetworkProfile::lan().validate());
  EXPECT_NO_THROW(NetworkProfile::unreliable().validate());
  EXPECT_NO_THROW(NetworkProfile::wan().validate());
  EXPECT_GT(NetworkProfile::unreliable().drop_probability, 0.05);
  EXPECT_GT(NetworkProfile::wan().base_latency, NetworkProfile::lan().base_latency * 10);
  try {
    NetworkProfile{.drop_probability = 1.5}.validate();
    FAIL() << "expected a throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("drop_probability"), std::string::npos) << e.what();
  }
  EXPECT_THROW(NetworkProfile{.jitter = -1}.validate(), std::invalid_argument);
  EXPECT_THROW((NetworkProfile{.long_delay_min = 10, .long_delay_max = 5}.validate()), std::invalid_argument);
}

}  // namespace
}  // namespace store::sim
