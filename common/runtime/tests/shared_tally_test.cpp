#include "runtime/shared_tally.h"

#include <gtest/gtest.h>

namespace store::runtime {
namespace {

SharedTally tally() {
  SharedTally t;
  t.acknowledged_tokens = {"c0-1;", "c1-1;"};
  t.unknown_tokens = {"c0-2;"};
  t.acknowledged_increments = 3;
  t.unknown_increments = 1;
  return t;
}

TEST(SharedTally, AcceptsEveryAcknowledgedTokenOnceAndACounterWithinBounds) {
  EXPECT_EQ(shared_problems(tally(), "c1-1;c0-1;", "3"), "");
  EXPECT_EQ(shared_problems(tally(), "c0-1;c0-2;c1-1;", "4"), "");  // an unknown one may have happened
}

TEST(SharedTally, FindsATokenTwiceAMissingOneAStrangerAndACounterOutOfBounds) {
  EXPECT_NE(shared_problems(tally(), "c0-1;c1-1;c0-1;", "3").find("c0-1; is in the list 2 times"), std::string::npos);
  EXPECT_NE(shared_problems(tally(), "c0-1;", "3").find("acknowledged token c1-1; is not"), std::string::npos);
  EXPECT_NE(shared_problems(tally(), "c0-1;c1-1;c9-9;", "3").find("c9-9; is in the list but"), std::string::npos);
  EXPECT_NE(shared_problems(tally(), "c0-1;c1-1;", "5").find("outside 3..4"), std::string::npos);
  EXPECT_NE(shared_problems(tally(), "c0-1;c1-1;", "2").find("outside 3..4"), std::string::npos);
  EXPECT_NE(shared_problems(tally(), "c0-1;c1-1;", std::nullopt).find("the counter is 0"), std::string::npos);
  EXPECT_NE(shared_problems(tally(), "c0-1;c1-1;c0", "3").find("part of a token"), std::string::npos);
}

}  // namespace
}  // namespace store::runtime
