#include <gtest/gtest.h>

#include "history/formats.h"

namespace store::history {
namespace {

constexpr char kLog[] =
    "INFO  jepsen.util - 0\t:invoke\t:read\tnil\n"
    "INFO  jepsen.util - 1\t:invoke\t:write\t4\n"
    "INFO  jepsen.util - 2\t:invoke\t:cas\t[4 1]\n"
    "INFO  jepsen.util - 0\t:ok\t:read\tnil\n"
    "INFO  jepsen.util - 1\t:ok\t:write\t4\n"
    "INFO  jepsen.util - 2\t:fail\t:cas\t[4 1]\n"
    "INFO  jepsen.util - 0\t:invoke\t:read\tnil\n"
    "INFO  jepsen.util - 0\t:fail\t:read\t:timed-out\n"
    "INFO  jepsen.util - 1\t:invoke\t:cas\t[4 2]\n"
    "INFO  jepsen.util - 1\t:info\t:cas\t:timed-out\n"
    "INFO  jepsen.util - 3\t:invoke\t:read\tnil\n"
    "INFO  jepsen.util - 3\t:ok\t:read\t2\n"
    "INFO  jepsen.util - 4\t:invoke\t:write\t0\n";

TEST(HistoryJepsenLog, ReadsEveryKindOfEvent) {
  const History h = parse_jepsen_log(kLog, "etcd.log");
  EXPECT_EQ(h.format, Format::kJepsen);
  EXPECT_EQ(h.family(), Family::kRegister);
  EXPECT_EQ(h.event_count, 13u);
  ASSERT_EQ(h.records.size(), 7u);

  EXPECT_EQ(h.records[0].op, Operation::read());
  EXPECT_EQ(h.records[0].outcome, Outcome::kOk);
  EXPECT_EQ(h.records[0].output, Output::absent());
  EXPECT_EQ(h.records[0].call_time, 1);  // times are line numbers
  EXPECT_EQ(h.records[0].return_time, 4);

  EXPECT_EQ(h.records[1].op, Operation::write(4));
  EXPECT_EQ(h.records[1].outcome, Outcome::kOk);

  EXPECT_EQ(h.records[2].op, Operation::cas(4, 1));
  EXPECT_EQ(h.records[2].outcome, Outcome::kFail);  // ran, found a value other than 4
  EXPECT_TRUE(h.records[2].completed());

  // :fail :read :timed-out is a read with an unknown result.
  EXPECT_EQ(h.records[3].outcome, Outcome::kOk);
  EXPECT_EQ(h.records[3].output, Output::unknown_value());
  EXPECT_TRUE(h.records[3].completed());

  EXPECT_EQ(h.records[4].op, Operation::cas(4, 2));
  EXPECT_EQ(h.records[4].outcome, Outcome::kInfo);
  EXPECT_FALSE(h.records[4].completed());

  EXPECT_EQ(h.records[5].output, Output::read_value(2));
  EXPECT_EQ(h.records[5].client, 3);

  EXPECT_EQ(h.records[6].outcome, Outcome::kOpen);  // never completed
  EXPECT_FALSE(h.records[6].completed());
  EXPECT_EQ(h.records[6].line, 13u);
}

void expect_error(const std::string& text, const std::string& where, const std::string& reason) {
  try {
    parse_jepsen_log(text, "etcd.log");
    FAIL() << "no error for: " << text;
  } catch (const ParseError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(where, 0), 0u) << e.what();
    EXPECT_NE(std::string(e.what()).find(reason), std::string::npos) << e.what();
  }
}

TEST(HistoryJepsenLog, AcceptsSpacesInsteadOfTabs) {
  const History h = parse_jepsen_log(
      "INFO  jepsen.util - 4   :invoke :cas    [1 2]\n"
      "INFO  jepsen.util - 4   :ok     :cas    [1 2]  \n",
      "etcd.log");
  ASSERT_EQ(h.records.size(), 1u);
  EXPECT_EQ(h.records[0].op, Operation::cas(1, 2));
  EXPECT_EQ(h.records[0].outcome, Outcome::kOk);
  EXPECT_EQ(detect_format("INFO  jepsen.util - 1   :invoke :write  3\n", "f"), Format::kJepsen);
}

TEST(HistoryJepsenLog, MalformedLinesNameFileAndLine) {
  const std::string invoke = "INFO  jepsen.util - 0\t:invoke\t:write\t3\n";
  expect_error(invoke + "INFO  jepsen.util - 0 ok write 3\n", "etcd.log:2:", "expected `<prefix> <process>");
  expect_error("INFO  jepsen.util - x\t:invoke\t:read\tnil\n", "etcd.log:1:", "expected `<prefix> <process>");
  expect_error("INFO  jepsen.util - 0\t:invoke\t:incr\t1\n", "etcd.log:1:", ":incr");
  expect_error("INFO  jepsen.util - 0\t:invoke\t:write\tfour\n", "etcd.log:1:", "integer");
  expect_error("INFO  jepsen.util - 0\t:invoke\t:cas\t[1]\n", "etcd.log:1:", "[FROM TO]");
  expect_error(invoke + "INFO  jepsen.util - 0\t:ok\t:write\t4\n", "etcd.log:2:", "differs");
  expect_error(invoke + "INFO  jepsen.util - 0\t:ok\t:read\t3\n", "etcd.log:2:", "invoked a write");
  expect_error(invoke + "INFO  jepsen.util - 0\t:done\t:write\t3\n", "etcd.log:2:", ":done");
  expect_error("INFO  jepsen.util - 5\t:ok\t:read\t3\n", "etcd.log:1:", "never invoked");
  expect_error(invoke + "\n" + invoke, "etcd.log:3:", "line 1");
}

}  // namespace
}  // namespace store::history
