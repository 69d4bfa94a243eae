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
    EXPECT_EQ(std::string(e.what()), path + ":0: cannot open the file: No such file or directory");
  }
}

std::string read_error(const std::string& path, std::size_t max_bytes = kMaxHistoryFileBytes) {
  try {
    if (max_bytes == kMaxHistoryFileBytes) {
      read_history_file(path);
    } else {
      read_input_file(path, max_bytes);
    }
  } catch (const ParseError& e) {
    EXPECT_EQ(e.line(), 0u);
    return e.what();
  }
  return "";
}

TEST(HistoryReadFile, RefusesDirectoriesSpecialFilesAndTooMuch) {
  const std::string dir = ::testing::TempDir();
  EXPECT_NE(read_error(dir).find(":0: is a directory, not a file"), std::string::npos) << read_error(dir);
  EXPECT_NE(read_error("/dev/zero").find("/dev/zero:0: is not a regular file"), std::string::npos);
  EXPECT_NE(read_error("/dev/null").find("is not a regular file"), std::string::npos);
  const std::string path = dir + "history_limit_test.jsonl";
  std::ofstream(path) << std::string(100, '\n');
  EXPECT_NE(read_error(path, 99).find("the file has 100 bytes, over the limit of 99"), std::string::npos);
  EXPECT_EQ(read_input_file(path, 100).size(), 100u);
  std::remove(path.c_str());
}

TEST(HistoryReadFile, AFileWithNoOperationsIsRefused) {
  const std::string path = ::testing::TempDir() + "history_empty_test.jsonl";
  for (const std::string text : {"", "\n  \n\t\n"}) {
    std::ofstream(path) << text;
    EXPECT_NE(read_error(path).find(path + ":0: no operations"), std::string::npos) << read_error(path);
  }
  std::remove(path.c_str());
}

}  // namespace
}  // namespace store::history
