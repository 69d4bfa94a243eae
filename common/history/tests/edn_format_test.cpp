#include <gtest/gtest.h>

#include "history/formats.h"

namespace store::history {
namespace {

TEST(HistoryEdn, ReadsPorcupineKvEvents) {
  const History h = parse_edn(
      "{:process 0, :type :invoke, :f :append, :key \"0\", :value \"x 0 0 y\"}\n"
      "{:process 1, :type :invoke, :f :get, :key \"0\", :value nil}\n"
      "{:process 0, :type :ok, :f :append, :key \"0\", :value \"x 0 0 y\"}\n"
      "{:process 1, :type :ok, :f :get, :key \"0\", :value \"x 0 0 y\"}\n"
      "{:process 2, :type :invoke, :f :put, :key \"1\", :value \"a \\\"q\\\" \\\\\"}\n"
      "{:process 2, :type :info, :f :put, :key \"1\", :value \"a\"}\n"
      "{:process :nemesis, :type :info, :f :start, :value nil}\n"
      "{:process 3 :type :invoke :f :get :key 7 :value nil}\n"
      "{:process 3, :type :ok, :f :get, :key \"7\", :value nil}\n",
      "c01.txt");
  EXPECT_EQ(h.format, Format::kEdn);
  EXPECT_TRUE(h.keys_start_empty);  // the Porcupine kv corpus starts every key as ""
  EXPECT_EQ(h.family(), Family::kKv);
  ASSERT_EQ(h.records.size(), 4u);
  EXPECT_EQ(h.records[0].op, Operation::append("0", "x 0 0 y"));
  EXPECT_EQ(h.records[1].op, Operation::get("0"));
  EXPECT_EQ(h.records[1].output, Output::found_value("x 0 0 y"));
  EXPECT_EQ(h.records[2].op, Operation::put("1", "a \"q\" \\"));
  EXPECT_EQ(h.records[2].outcome, Outcome::kInfo);
  EXPECT_EQ(h.records[3].op, Operation::get("7"));  // integer keys read as their decimal text
  EXPECT_EQ(h.records[3].output, Output::absent());
  EXPECT_EQ(h.records[3].call_time, 8);
}

TEST(HistoryEdn, ReadsRegisterEvents) {
  const History h = parse_edn(
      "{:type :invoke, :f :cas, :value [1 2], :process 4}\n"
      "{:type :fail, :f :cas, :value [1 2], :process 4}\n"
      "{:type :invoke, :f :read, :value nil, :process 4}\n"
      "{:type :ok, :f :read, :value 3, :process 4}\n",
      "r.edn");
  EXPECT_EQ(h.family(), Family::kRegister);
  ASSERT_EQ(h.records.size(), 2u);
  EXPECT_EQ(h.records[0].op, Operation::cas(1, 2));
  EXPECT_EQ(h.records[0].outcome, Outcome::kFail);
  EXPECT_EQ(h.records[1].output, Output::read_value(3));
}

void expect_error(const std::string& text, const std::string& where, const std::string& reason) {
  try {
    parse_edn(text, "kv.txt");
    FAIL() << "no error for: " << text;
  } catch (const ParseError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(where, 0), 0u) << e.what();
    EXPECT_NE(std::string(e.what()).find(reason), std::string::npos) << e.what();
  }
}

TEST(HistoryEdn, MalformedLinesNameFileAndLine) {
  const std::string invoke = "{:process 0, :type :invoke, :f :get, :key \"k\", :value nil}\n";
  expect_error(":process 0\n", "kv.txt:1:", "'{'");
  expect_error("{:process 0, :type :invoke, :f :get, :key \"k\n", "kv.txt:1:", "unterminated string");
  expect_error("{:process 0, :type :invoke, :f :get, :key \"k\", :value nil\n", "kv.txt:1:", "end of line");
  expect_error("{:process 0, :type :invoke, :f :get, :key \"k\", :value nil} x\n", "kv.txt:1:", "after the closing");
  expect_error("{:process 0, :type :invoke, :f :get, :key \"k\", :value}\n", "kv.txt:1:", "no value");
  expect_error("{:process 0, :type :invoke, :f :get, :value nil}\n", "kv.txt:1:", ":key");
  expect_error("{:type :invoke, :f :get, :key \"k\"}\n", "kv.txt:1:", ":process");
  expect_error("{:process 0, :type :invoke, :f :put, :key \"k\", :value 3}\n", "kv.txt:1:", "a string");
  expect_error("{:process 0, :type :invoke, :f :frob, :key \"k\"}\n", "kv.txt:1:", "unknown :f");
  expect_error("{:process 0, :type :invoke, :f :get, :key \"k\", :value zap}\n", "kv.txt:1:", "zap");
  expect_error(invoke + "{:process 0, :type :ok, :f :get, :key \"j\", :value nil}\n", "kv.txt:2:", "\"j\"");
  expect_error(invoke + "{:process 0, :type :ok, :f :get, :key \"k\", :value 5}\n", "kv.txt:2:", "string or nil");
  expect_error(invoke + "{:process 0, :type :gone, :f :get, :key \"k\", :value nil}\n", "kv.txt:2:", ":gone");
}

}  // namespace
}  // namespace store::history
