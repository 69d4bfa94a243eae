#include "runtime/log_record.h"

#include <gtest/gtest.h>

namespace store::runtime {
namespace {

TEST(LogRecord, RoundTripsEachType) {
  std::string file = encode_log_header();
  EXPECT_EQ(check_log_header(file), "");
  append_record(file, HardState{.term = 7, .voted_for = 3});
  append_record(file, LogEntry{.term = 7, .index = 1, .type = EntryType::kCommand, .data = std::string("a\0b", 3)});
  append_record(file, LogEntry{.term = 8, .index = 2, .type = EntryType::kNoop});
  append_truncate_record(file, 2);

  std::size_t at = kLogHeaderBytes;
  RecordParse p = parse_record(file, at);
  ASSERT_EQ(p.status, RecordParse::Status::kRecord) << p.reason;
  EXPECT_EQ(p.record.type, RecordType::kHardState);
  EXPECT_EQ(p.record.hard_state, (HardState{.term = 7, .voted_for = 3}));
  p = parse_record(file, at = p.end);
  ASSERT_EQ(p.status, RecordParse::Status::kRecord);
  EXPECT_EQ(p.record.entry,
            (LogEntry{.term = 7, .index = 1, .type = EntryType::kCommand, .data = std::string("a\0b", 3)}));
  p = parse_record(file, at = p.end);
  ASSERT_EQ(p.status, RecordParse::Status::kRecord);
  EXPECT_EQ(p.record.entry.type, EntryType::kNoop);
  p = parse_record(file, at = p.end);
  ASSERT_EQ(p.status, RecordParse::Status::kRecord);
  EXPECT_EQ(p.record.type, RecordType::kTruncate);
  EXPECT_EQ(p.record.from, 2u);
  EXPECT_EQ(parse_record(file, p.end).status, RecordParse::Status::kEnd);
}

TEST(LogRecord, EveryCutOfARecordIsIncomplete) {
  std::string file = encode_log_header();
  append_record(file, LogEntry{.term = 1, .index = 1, .data = "payload"});
  for (std::size_t size = kLogHeaderBytes + 1; size < file.size(); ++size) {
    const RecordParse p = parse_record(std::string_view(file).substr(0, size), kLogHeaderBytes);
    EXPECT_EQ(p.status, RecordParse::Status::kIncomplete) << "cut at " << size;
  }
}

TEST(LogRecord, EveryFlippedByteIsCaught) {
  std::string file = encode_log_header();
  append_record(file, LogEntry{.term = 1, .index = 1, .data = "payload"});
  for (std::size_t i = kLogHeaderBytes; i < file.size(); ++i) {
    std::string damaged = file;
    damaged[i] = static_cast<char>(damaged[i] ^ 0x01);
    EXPECT_NE(parse_record(damaged, kLogHeaderBytes).status, RecordParse::Status::kRecord) << "byte " << i;
  }
}

TEST(LogRecord, HeaderProblemsAreNamed) {
  EXPECT_NE(check_log_header("STORE"), "");
  EXPECT_NE(check_log_header(std::string(16, 'x')), "");
  std::string header = encode_log_header();
  header[15] = static_cast<char>(header[15] ^ 1);
  EXPECT_NE(check_log_header(header), "");
}

}  // namespace
}  // namespace store::runtime
