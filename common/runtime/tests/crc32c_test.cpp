#include "runtime/crc32c.h"

#include <gtest/gtest.h>

namespace store::runtime {
namespace {

TEST(Crc32c, MatchesTheStandardCheckValue) {
  // The check value of CRC-32C (RFC 3720, appendix B.4).
  EXPECT_EQ(crc32c("123456789"), 0xE3069283u);
  EXPECT_EQ(crc32c(""), 0u);
}

TEST(Crc32c, ExtendingEqualsOneShot) {
  const std::string text = "the store keeps every acknowledged write";
  EXPECT_EQ(crc32c_extend(crc32c(text.substr(0, 10)), text.substr(10)), crc32c(text));
}

TEST(Crc32c, ASingleFlippedBitChangesIt) {
  std::string text(100, 'a');
  const auto before = crc32c(text);
  text[37] = static_cast<char>(text[37] ^ 0x10);
  EXPECT_NE(crc32c(text), before);
}

}  // namespace
}  // namespace store::runtime
