#include "framework/sha256.h"

#include <gtest/gtest.h>

namespace store::grader {
namespace {

// FIPS 180-4's examples and the usual test vectors.
TEST(GraderSha256, KnownDigests) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(GraderSha256, PiecesAddUpToTheWhole) {
  const std::string text = "The quick brown fox jumps over the lazy dog, a good many times over: " + std::string(200, 'x');
  for (std::size_t cut : {0, 1, 55, 56, 63, 64, 65, 128}) {
    Sha256 h;
    h.add(std::string_view(text).substr(0, cut)).add(std::string_view(text).substr(cut));
    EXPECT_EQ(to_hex(h.digest()), sha256_hex(text)) << cut;
  }
}

}  // namespace
}  // namespace store::grader
