#include "runtime/resp.h"

#include <gtest/gtest.h>

namespace store::runtime::resp {
namespace {

using Args = std::vector<std::string>;

TEST(Resp, TakesArraysOfBulkStringsOnePieceAtATime) {
  const std::string full = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhe\r\no\r\n*1\r\n$4\r\nPING\r\n";
  std::string buffer;
  std::vector<Args> commands;
  for (char c : full) {  // byte by byte, as a slow network delivers it
    buffer.push_back(c);
    while (auto command = take_command(buffer, 1024)) commands.push_back(*command);
  }
  EXPECT_EQ(commands, (std::vector<Args>{{"SET", "k", "he\r\no"}, {"PING"}}));
  EXPECT_TRUE(buffer.empty());
}

TEST(Resp, TakesInlineCommands) {
  std::string buffer = "get  greeting\r\nPING\n";
  EXPECT_EQ(take_command(buffer, 1024), (Args{"get", "greeting"}));
  EXPECT_EQ(take_command(buffer, 1024), (Args{"PING"}));
  EXPECT_EQ(take_command(buffer, 1024), std::nullopt);
}

TEST(Resp, RefusesMalformedAndOversizedRequests) {
  for (std::string bad : {std::string("*x\r\n"), std::string("*1\r\n:5\r\n"), std::string("*1\r\n$2\r\nabc\r\n"),
                          std::string("*1\r\n$-3\r\n"), std::string("*1\r\n$9999\r\n")}) {
    EXPECT_THROW(take_command(bad, 100), ProtocolError) << bad;
  }
}

TEST(Resp, EncodesReplies) {
  EXPECT_EQ(simple("OK"), "+OK\r\n");
  EXPECT_EQ(error("ERR two\nlines"), "-ERR two lines\r\n");
  EXPECT_EQ(integer(-2), ":-2\r\n");
  EXPECT_EQ(bulk("a\r\nb"), "$4\r\na\r\nb\r\n");
  EXPECT_EQ(null_bulk(), "$-1\r\n");
  EXPECT_EQ(array({bulk("x"), integer(1)}), "*2\r\n$1\r\nx\r\n:1\r\n");
}

TEST(Resp, KeySlotsAreRedisClusters) {
  // The values Redis's CLUSTER KEYSLOT gives.
  EXPECT_EQ(key_slot("foo"), 12182);
  EXPECT_EQ(key_slot("bar"), 5061);
  EXPECT_EQ(key_slot("{user1000}.following"), key_slot("user1000"));
  EXPECT_EQ(key_slot(""), 0);
}

}  // namespace
}  // namespace store::runtime::resp
