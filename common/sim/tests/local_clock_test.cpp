#include "sim/local_clock.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace store::sim {
namespace {

TEST(SimLocalClock, StartsAtGlobalTime) {
  LocalClock clock;
  EXPECT_EQ(clock.at(0), 0);
  EXPECT_EQ(clock.at(12345), 12345);
  EXPECT_EQ(clock.global_when(500, 100), 500);
  EXPECT_EQ(clock.global_when(50, 100), 100);  // already passed: now
}

TEST(SimLocalClock, OffsetAndDriftScaleElapsedTime) {
  LocalClock clock;
  clock.set(1000, 500, 100'000);  // +0.5 ms, 10% fast
  EXPECT_EQ(clock.at(1000), 1500);
  EXPECT_EQ(clock.at(11000), 1500 + 11000);  // 10 ms of global time read as 11 ms
  clock.set(11000, 0, -100'000);             // re-anchored: 10% slow, offset back to 0 would go backwards
  EXPECT_EQ(clock.at(11000), 12500);         // holds still instead
  EXPECT_EQ(clock.at(12000), 12500);
}

TEST(SimLocalClock, NeverRunsBackwardsAndCatchesUp) {
  LocalClock clock;
  clock.set(10'000, -3'000, 0);  // 3 ms behind: holds at 10 ms until global reaches 13 ms
  Micros previous = clock.at(10'000);
  for (Micros g = 10'000; g <= 20'000; g += 7) {
    const Micros local = clock.at(g);
    ASSERT_GE(local, previous) << "at global " << g;
    previous = local;
  }
  EXPECT_EQ(clock.at(12'999), 10'000);
  EXPECT_EQ(clock.at(20'000), 17'000);
}

TEST(SimLocalClock, GlobalWhenIsTheExactInverse) {
  for (std::int64_t drift : {-500'000, -123'457, -1, 0, 1, 77, 250'000, 500'000}) {
    LocalClock clock;
    clock.set(333, 1'000, drift);
    for (Micros target = 1'400; target < 60'000; target += 997) {
      const Micros g = clock.global_when(target, 333);
      ASSERT_GE(clock.at(g), target) << "drift " << drift << " target " << target;
      ASSERT_LT(clock.at(g - 1), target) << "drift " << drift << " target " << target;
    }
  }
}

TEST(SimLocalClock, JumpMovesForwardOnly) {
  LocalClock clock;
  clock.set(0, 0, 200'000);
  clock.jump(1000, 5000);
  EXPECT_EQ(clock.at(1000), 1200 + 5000);
  EXPECT_EQ(clock.at(2000), 1200 + 5000 + 1200);  // drift kept
  EXPECT_THROW(clock.jump(2000, -1), std::invalid_argument);
}

TEST(SimLocalClock, RejectsExtremeDrift) {
  LocalClock clock;
  EXPECT_THROW(clock.set(0, 0, 500'001), std::invalid_argument);
  EXPECT_THROW(clock.set(0, 0, -1'000'000), std::invalid_argument);
}

}  // namespace
}  // namespace store::sim
