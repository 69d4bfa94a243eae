#include "core/printable.h"

#include <gtest/gtest.h>

namespace store {
namespace {

TEST(Printable, KeepsPlainTextAndUtf8) {
  EXPECT_EQ(printable("two leaders in term 3"), "two leaders in term 3");
  EXPECT_EQ(printable("clé \"k\" → ✓ 😀"), "clé \"k\" → ✓ 😀");
  EXPECT_EQ(printable(""), "");
}

TEST(Printable, NewlinesAndControlsBecomeVisible) {
  EXPECT_EQ(printable("failed\nTotal: 100/100 points\r\n"), "failed\\nTotal: 100/100 points\\r\\n");
  EXPECT_EQ(printable("a\tb"), "a\\tb");
  EXPECT_EQ(printable(std::string("nul\0here", 8)), "nul\\x00here");
  EXPECT_EQ(printable("\x7f"), "\\x7f");
}

TEST(Printable, TerminalEscapesCannotReachTheTerminal) {
  EXPECT_EQ(printable("\x1b[2J\x1b]0;owned\x07"), "\\x1b[2J\\x1b]0;owned\\x07");
  EXPECT_EQ(printable("\xc2\x9b"
                      "31m"),
            "\\u009b31m");                       // CSI as a C1 control
  EXPECT_EQ(printable("\xc2\xa0"), "\xc2\xa0");  // U+00A0 is not a control
}

TEST(Printable, BytesThatAreNotUtf8AreEscaped) {
  EXPECT_EQ(printable("\x9b"), "\\x9b");                    // a bare 8-bit CSI
  EXPECT_EQ(printable("\xc0\xaf"), "\\xc0\\xaf");           // overlong
  EXPECT_EQ(printable("\xe2\x82"), "\\xe2\\x82");           // cut short
  EXPECT_EQ(printable("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // a surrogate
  EXPECT_EQ(printable("\xf5\x80\x80\x80"), "\\xf5\\x80\\x80\\x80");
}

}  // namespace
}  // namespace store
