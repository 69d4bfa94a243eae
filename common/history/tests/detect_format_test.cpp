#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "history/formats.h"

namespace store::history {
namespace {

TEST(HistoryDetectFormat, TellsTheThreeFormatsApartFromTheFirstLine) {
  EXPECT_EQ(detect_format("\n  {\"t\":1,\"client\":1}\n", "f"), Format::kOwn);
  EXPECT_EQ(detect_format("{:process 0, :type :invoke}\n", "f"), Format::kEdn);
  EXPECT_EQ(detect_format("INFO  jepsen.util - 0\t:invoke\t:read\tnil\n", "f"), Format::kJepsen);
  EXPECT_EQ(detect_format("", "f"), Format::kOwn);
  EXPECT_EQ(detect_format("\n\n", "f"), Format::kOwn);
}

TEST(HistoryDetectFormat, RejectsAnythingElseNamingTheLine) {
  try {
    detect_format("\n\nhello world\n", "x.txt");
    FAIL();
  } catch (const ParseError& e) {
    EXPECT_EQ(e.file(), "x.txt");
    EXPECT_EQ(e.line(), 3u);
    EXPECT_NE(std::string(e.what()).find("x.txt:3: cannot tell the history format"), std::string::npos);
  }
}

TEST(HistoryParse, DispatchesOnTheDetectedFormat) {
  EXPECT_EQ(parse_history("INFO  jepsen.util - 0\t:invoke\t:read\tnil\n", "f").format, Format::kJepsen);
  EXPECT_EQ(parse_history("{:process 0, :type :invoke, :f :get, :key \"k\", :value nil}\n", "f").format, Format::kEdn);
  EXPECT_EQ(parse_history("{\"t\":1,\"client\":1,\"type\":\"invoke\",\"f\":\"read\"}\n", "f").format, Format::kOwn);
}

TEST(HistoryReadFile, ReadsAFileAndReportsAMissingOne) {
  const std::string path = ::testing::TempDir() + "history_read_test.jsonl";
  {
    std::ofstream out(path);
    out << "{\"t\":1,\"client\":1,\"type\":\"invoke\",\"f\":\"write\",\"value\":3}\n";
  }
  const History h = read_history_file(path);
  ASSERT_EQ(h.records.size(), 1u);
  EXPECT_EQ(h.records[0].op, Operation::write(3));
  std::remove(path.c_str());
  try {
    read_history_file(path);
    FAIL();
  } catch (const ParseError& e) {
    EXPECT_EQ(std::string(e.what()), path + ":0: cannot open the file");
  }
}

}  // namespace
}  // namespace store::history
