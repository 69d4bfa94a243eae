#include "framework/suggest.h"

#include <gtest/gtest.h>

namespace store::grader {
namespace {

TEST(GraderSuggest, EditDistance) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("election", "electon"), 1u);
  EXPECT_EQ(edit_distance("ab", "ba"), 2u);
}

TEST(GraderSuggest, FindsTheClosestPlausibleName) {
  std::vector<std::string> names = {"initial-election", "re-election", "stale-leader-read", "lease-read"};
  EXPECT_EQ(closest_match("inital-election", names), "initial-election");
  EXPECT_EQ(closest_match("reelection", names), "re-election");
  EXPECT_EQ(closest_match("lease-reads", names), "lease-read");
  EXPECT_EQ(closest_match("stale-leader", names), "stale-leader-read");  // a prefix of the real name
  EXPECT_EQ(closest_match("completely-different", names), std::nullopt);
  EXPECT_EQ(closest_match("x", names), std::nullopt);
  EXPECT_EQ(closest_match("", names), std::nullopt);
}

}  // namespace
}  // namespace store::grader
