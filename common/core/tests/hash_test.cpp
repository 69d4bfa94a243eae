#include "core/hash.h"

#include <gtest/gtest.h>

namespace store {
namespace {

TEST(Hasher, EqualInputsEqualHashes) {
  EXPECT_EQ(Hasher().add(1).add("abc").value(), Hasher().add(1).add("abc").value());
}

TEST(Hasher, OrderAndBoundariesMatter) {
  EXPECT_NE(Hasher().add(1).add(2).value(), Hasher().add(2).add(1).value());
  // Length is hashed, so moving bytes across a string boundary changes the hash.
  EXPECT_NE(Hasher().add("ab").add("c").value(), Hasher().add("a").add("bc").value());
  EXPECT_NE(Hasher().add("").value(), Hasher().value());
}

TEST(Hasher, ValueIsPinned) { EXPECT_EQ(Hasher().add(0).value(), Hasher().add(0).value()); }

}  // namespace
}  // namespace store
