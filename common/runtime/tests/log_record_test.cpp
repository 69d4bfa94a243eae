#include "runtime/log_record.h"

#include <gtest/gtest.h>

#include "runtime/bytes.h"
#include "runtime/crc32c.h"

namespace store::runtime {
namespace {

TEST(LogRecord, RoundTripsEachType) {
  std::string file = encode_log_header();
  EXPECT_EQ(check_log_header(file).status, LogHeaderCheck::Status::kOk);
  append_record(file, 0, HardState{.term = 7, .voted_for = 3});
  append_record(file, 0, LogEntry{.term = 7, .index = 1, .type = EntryType::kCommand, .data = std::string("a\0b", 3)});
  append_record(file, 0, LogEntry{.term = 8, .index = 2, .type = EntryType::kNoop});
  append_truncate_record(file, 0, 2);

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

TEST(LogRecord, EveryCutOfARecordIsCutShort) {
  std::string file = encode_log_header();
  append_record(file, 0, LogEntry{.term = 1, .index = 1, .data = "payload"});
  for (std::size_t size = kLogHeaderBytes + 1; size < file.size(); ++size) {
    const RecordParse p = parse_record(std::string_view(file).substr(0, size), kLogHeaderBytes);
    EXPECT_EQ(p.status, RecordParse::Status::kCutShort) << "cut at " << size;
  }
}

// A flipped byte in the head makes the head fail, never a believed length;
// one anywhere else makes the record fail.
TEST(LogRecord, EveryFlippedByteIsCaughtAndAFlippedHeadIsNeverBelieved) {
  std::string file = encode_log_header();
  append_record(file, 0, LogEntry{.term = 1, .index = 1, .data = "payload"});
  for (std::size_t i = kLogHeaderBytes; i < file.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string damaged = file;
      damaged[i] = static_cast<char>(damaged[i] ^ (1 << bit));
      const RecordParse p = parse_record(damaged, kLogHeaderBytes);
      const bool in_head = i < kLogHeaderBytes + kRecordHeadBytes;
      EXPECT_EQ(p.status, in_head ? RecordParse::Status::kBadHead : RecordParse::Status::kBadRecord)
          << "byte " << i << " bit " << bit;
    }
  }
}

// The head's checksum covers the record's offset: the same bytes elsewhere are not a record.
TEST(LogRecord, ARecordAtAnotherOffsetFailsItsHead) {
  std::string record;
  append_record(record, kLogHeaderBytes, HardState{.term = 3, .voted_for = 1});
  const std::string file = encode_log_header() + record + record;
  EXPECT_EQ(parse_record(file, kLogHeaderBytes).status, RecordParse::Status::kRecord);
  EXPECT_EQ(parse_record(file, kLogHeaderBytes + record.size()).status, RecordParse::Status::kBadHead);
}

TEST(LogRecord, AGoodHeadOverTheLengthLimitIsABadRecordNotACutOne) {
  // A head with a good checksum for a huge length, as only a writer's bug could make.
  const std::uint64_t length = kMaxRecordBody + 1;
  std::string covered;
  put_le(covered, kLogHeaderBytes, 8);
  put_le(covered, length, 4);
  covered.push_back(static_cast<char>(RecordType::kEntry));
  std::string file = encode_log_header();
  put_le(file, length, 4);
  file.push_back(static_cast<char>(RecordType::kEntry));
  put_le(file, crc32c(covered), 4);
  file.append(100, 'x');
  EXPECT_EQ(parse_record(file, kLogHeaderBytes).status, RecordParse::Status::kBadRecord);
}

TEST(LogRecord, HeaderProblemsAreNamed) {
  EXPECT_EQ(check_log_header("STORE").status, LogHeaderCheck::Status::kNotALog);
  EXPECT_EQ(check_log_header(std::string(16, 'x')).status, LogHeaderCheck::Status::kNotALog);
  std::string header = encode_log_header();
  header[15] = static_cast<char>(header[15] ^ 1);
  EXPECT_EQ(check_log_header(header).status, LogHeaderCheck::Status::kNotALog);
  EXPECT_NE(check_log_header(header).reason, "");
}

TEST(LogRecord, AFreshLogHoldsTheHardStateANodeStartsFrom) {
  const std::string image = fresh_log_image();
  const RecordParse p = parse_record(image, kLogHeaderBytes);
  ASSERT_EQ(p.status, RecordParse::Status::kRecord);
  EXPECT_EQ(p.record.type, RecordType::kHardState);
  EXPECT_EQ(p.record.hard_state, HardState{});
  EXPECT_EQ(p.end, image.size());
}

}  // namespace
}  // namespace store::runtime
