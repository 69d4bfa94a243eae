#include "runtime/disk_storage.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "runtime/bytes.h"
#include "runtime/crc32c.h"
#include "runtime/data_dir.h"
#include "runtime/log_record.h"
#include "runtime/log_recovery.h"
#include "testing/temp_dir.h"

namespace store::runtime {
namespace {

using store::testing::TempDir;

LogEntry entry(Index index, Term term, std::string data = "") {
  return {.term = term,
          .index = index,
          .type = EntryType::kCommand,
          .data = data.empty() ? "d" + std::to_string(index) : data};
}

std::size_t size_of(const std::filesystem::path& path) { return std::filesystem::file_size(path); }

void cut_file(const std::filesystem::path& path, std::size_t size) { std::filesystem::resize_file(path, size); }

std::string bytes_of(const std::filesystem::path& path) { return store::testing::read_file(path.string()); }

void overwrite(const std::filesystem::path& path, std::size_t at, const std::string& bytes) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(at));
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void flip_byte(const std::filesystem::path& path, std::size_t at) {
  const std::string file = bytes_of(path);
  overwrite(path, at, std::string(1, static_cast<char>(file.at(at) ^ 0x40)));
}

// A log of a hard state and entries 1..n, synced; returns the offset where each record starts.
std::vector<std::size_t> write_log(const std::filesystem::path& path, Index n, std::size_t data_bytes = 10) {
  create_log_file(path);
  auto storage = DiskStorage::open(path);
  std::vector<std::size_t> starts = {kLogHeaderBytes};  // the fresh log's hard state
  starts.push_back(storage->file_bytes());
  storage->save_hard_state({.term = 2, .voted_for = 1});
  for (Index i = 1; i <= n; ++i) {
    starts.push_back(storage->file_bytes());
    const std::vector<LogEntry> one = {entry(i, 2, std::string(data_bytes, static_cast<char>('a' + i % 26)))};
    storage->append(one);
  }
  storage->sync_now();
  return starts;
}

// What DiskStorage::open refuses with, or "" when it opens.
std::string refusal(const std::filesystem::path& path) {
  try {
    DiskStorage::open(path);
  } catch (const StorageError& e) {
    return e.what();
  }
  return "";
}

// Every refusal names the file, the byte, and what to do.
void expect_refusal_naming(const std::filesystem::path& path, std::size_t byte, const std::string& what) {
  const std::string message = refusal(path);
  ASSERT_NE(message, "") << "a damaged log was opened";
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_NE(message.find("at byte " + std::to_string(byte) + ":"), std::string::npos) << message;
  EXPECT_NE(message.find(what), std::string::npos) << message;
  EXPECT_NE(message.find("When the disk is damaged"), std::string::npos) << message;
  EXPECT_NE(message.find("move this node's data directory away"), std::string::npos) << message;
}

TEST(DiskStorage, StartsFromAFreshLogAndRecoversWhatWasWritten) {
  TempDir dir;
  const auto path = dir / "raft.log";
  create_log_file(path);
  EXPECT_EQ(bytes_of(path), fresh_log_image());
  {
    auto storage = DiskStorage::open(path);
    EXPECT_EQ(storage->last_index(), 0u);
    EXPECT_EQ(storage->hard_state(), HardState{});
    storage->save_hard_state({.term = 2, .voted_for = 1});
    const std::vector<LogEntry> entries = {entry(1, 1), entry(2, 2), entry(3, 2)};
    storage->append(entries);
    EXPECT_EQ(storage->writes(), 2u);
    EXPECT_EQ(storage->durable_writes(), 0u);
    storage->sync_now();
    EXPECT_EQ(storage->durable_writes(), 2u);
  }
  RecoveryReport report;
  auto storage = DiskStorage::open(path, &report);
  EXPECT_TRUE(report.torn_tail.empty());
  EXPECT_EQ(storage->hard_state(), (HardState{.term = 2, .voted_for = 1}));
  ASSERT_EQ(storage->last_index(), 3u);
  EXPECT_EQ(storage->log()[2], entry(3, 2));
}

TEST(DiskStorage, TruncationSurvivesARestartAndIsCompactedAway) {
  TempDir dir;
  const auto path = dir / "raft.log";
  create_log_file(path);
  {
    auto storage = DiskStorage::open(path);
    const std::vector<LogEntry> first = {entry(1, 1), entry(2, 1), entry(3, 1)};
    storage->append(first);
    storage->truncate(2);
    const std::vector<LogEntry> second = {entry(2, 2, "new")};
    storage->append(second);
    storage->save_hard_state({.term = 2, .voted_for = 2});
    storage->save_hard_state({.term = 3, .voted_for = kNoNode});
    EXPECT_EQ(storage->last_index(), 2u);
  }
  RecoveryReport report;
  auto storage = DiskStorage::open(path, &report);
  EXPECT_TRUE(report.compacted);
  ASSERT_EQ(storage->last_index(), 2u);
  EXPECT_EQ(storage->log()[1].data, "new");
  EXPECT_EQ(storage->hard_state().term, 3u);
  // The compact file has exactly the live records: a header, one hard state, two entries.
  std::string expected = encode_log_header();
  append_record(expected, 0, HardState{.term = 3, .voted_for = kNoNode});
  append_record(expected, 0, entry(1, 1));
  append_record(expected, 0, entry(2, 2, "new"));
  EXPECT_EQ(bytes_of(path), expected);
  // Writes after the compaction continue it at the right offsets.
  const std::vector<LogEntry> third = {entry(3, 3)};
  storage->append(third);
  storage.reset();
  EXPECT_EQ(DiskStorage::open(path)->last_index(), 3u);
}

TEST(DiskStorage, RefusesAppendsThatDoNotContinueTheLog) {
  TempDir dir;
  create_log_file(dir / "raft.log");
  auto storage = DiskStorage::open(dir / "raft.log");
  const std::vector<LogEntry> gap = {entry(2, 1)};
  EXPECT_THROW(storage->append(gap), std::logic_error);
  const std::vector<LogEntry> skip = {entry(1, 1), entry(3, 1)};
  EXPECT_THROW(storage->append(skip), std::logic_error);
  EXPECT_EQ(storage->writes(), 0u);
  storage->truncate(5);  // nothing to remove: not a write
  EXPECT_EQ(storage->writes(), 0u);
}

TEST(DiskStorage, AWriteCutShortIsCutOffAndReported) {
  TempDir dir;
  const auto path = dir / "raft.log";
  const auto starts = write_log(path, 3, 100);
  const std::size_t last = starts.back();
  for (const std::size_t cut : {last + 3, last + kRecordHeadBytes, size_of(path) - 1}) {
    write_log(path, 3, 100);
    cut_file(path, cut);  // as a crash during the write of entry 3 would
    RecoveryReport report;
    auto storage = DiskStorage::open(path, &report);
    EXPECT_NE(report.torn_tail, "") << "cut at " << cut;
    EXPECT_EQ(report.torn_offset, last);
    EXPECT_EQ(report.torn_bytes, cut - last);
    EXPECT_EQ(storage->last_index(), 2u);
    EXPECT_NE(report.describe(path).front().find("cut off a write torn by a crash"), std::string::npos);
    // The log continues cleanly after the cut.
    const std::vector<LogEntry> next = {entry(3, 3)};
    storage->append(next);
    storage.reset();
    RecoveryReport again;
    EXPECT_EQ(DiskStorage::open(path, &again)->last_index(), 3u);
    EXPECT_EQ(again.torn_tail, "");
  }
}

TEST(DiskStorage, ZerosWhereTheLastSectorsNeverLandedAreATornWrite) {
  TempDir dir;
  const auto path = dir / "raft.log";
  // Entry 3 spans several sectors; from a sector boundary inside it to the end, nothing landed.
  const auto starts = write_log(path, 3, 2000);
  const std::size_t last = starts.back();
  const std::size_t sector = (last / kDiskSectorBytes + 2) * kDiskSectorBytes;
  overwrite(path, sector, std::string(size_of(path) - sector, '\0'));
  RecoveryReport report;
  EXPECT_EQ(DiskStorage::open(path, &report)->last_index(), 2u);
  EXPECT_EQ(report.torn_offset, last);

  // The file grew by whole sectors of zeros after its last record.
  write_log(path, 3);
  const std::size_t good = size_of(path);
  std::ofstream(path, std::ios::binary | std::ios::app) << std::string(1024, '\0');
  RecoveryReport grown;
  EXPECT_EQ(DiskStorage::open(path, &grown)->last_index(), 3u);
  EXPECT_EQ(grown.torn_offset, good);
  RecoveryReport again;
  EXPECT_EQ(DiskStorage::open(path, &again)->last_index(), 3u);
  EXPECT_EQ(again.torn_tail, "") << "the zeros were not cut off";
}

// The reviewer's repro: a byte of the length of the second entry, mid-file.
TEST(DiskStorage, ADamagedLengthInTheMiddleRefusesNamingFileByteAndWhatToDo) {
  TempDir dir;
  const auto path = dir / "raft.log";
  const auto starts = write_log(path, 5);
  const std::string before = bytes_of(path);
  flip_byte(path, starts[3]);  // the records: fresh hard state, hard state, entry 1, entry 2, ...
  expect_refusal_naming(path, starts[3], "record head fails its checksum");
  EXPECT_EQ(bytes_of(path).size(), before.size()) << "a refusal must leave the file as it was";
}

// A length damaged so that the last record seems to run past the end of the
// file is not a torn write: a crash cannot make a length too large.
TEST(DiskStorage, ALengthRunningPastTheEndOrOverTheLimitIsDamageNotATornWrite) {
  TempDir dir;
  const auto path = dir / "raft.log";
  for (const std::size_t byte : {0, 1, 3}) {  // length +64 bytes, past the end; +16 KiB; +1 GiB, over the limit
    const auto starts = write_log(path, 3);
    flip_byte(path, starts.back() + byte);
    expect_refusal_naming(path, starts.back(), "record head fails its checksum");
  }
}

TEST(DiskStorage, ACompleteLastRecordWithABadChecksumIsDamageNotATornWrite) {
  TempDir dir;
  const auto path = dir / "raft.log";
  for (const std::size_t from_end : {1, 4, 5, 9}) {  // the trailing crc, then the body
    const auto starts = write_log(path, 3);
    flip_byte(path, size_of(path) - from_end);
    expect_refusal_naming(path, starts.back(), "fails its checksum; the record is all there");
  }
}

TEST(DiskStorage, ZerosInTheMiddleOrNotOnASectorBoundaryAreDamage) {
  TempDir dir;
  const auto path = dir / "raft.log";
  auto starts = write_log(path, 4);
  overwrite(path, starts[3], std::string(starts[4] - starts[3], '\0'));  // entry 2, with entries after it
  expect_refusal_naming(path, starts[3], "record head fails its checksum");

  // Zeros from just after a sector boundary to the end: a disk writes whole sectors, so no crash did this.
  starts = write_log(path, 3, 600);
  const std::size_t size = size_of(path);
  const std::size_t mid_sector = size / kDiskSectorBytes * kDiskSectorBytes + 1;
  ASSERT_GT(mid_sector, starts.back());
  ASSERT_LT(mid_sector, size);
  overwrite(path, mid_sector, std::string(size - mid_sector, '\0'));
  expect_refusal_naming(path, starts.back(), "fails its checksum");
}

// A disk that writes a record again in the wrong place: an older hard state
// copied over a newer one would replay as the node forgetting its vote.
TEST(DiskStorage, ARecordCopiedToAnotherOffsetIsRefused) {
  TempDir dir;
  const auto path = dir / "raft.log";
  create_log_file(path);
  std::size_t older = 0, newer = 0;
  {
    auto storage = DiskStorage::open(path);
    older = storage->file_bytes();
    storage->save_hard_state({.term = 3, .voted_for = 1});
    newer = storage->file_bytes();
    storage->save_hard_state({.term = 4, .voted_for = 2});
    const std::vector<LogEntry> one = {entry(1, 4)};
    storage->append(one);
  }
  const std::string file = bytes_of(path);
  overwrite(path, newer, file.substr(older, newer - older));
  expect_refusal_naming(path, newer, "record head fails its checksum");
}

TEST(DiskStorage, ALogOfAnotherFormatVersionIsRefusedNamingTheVersion) {
  TempDir dir;
  const auto path = dir / "raft.log";
  std::string old_header(kLogMagic);
  put_le(old_header, 1, 4);
  put_le(old_header, crc32c(old_header), 4);
  std::ofstream(path, std::ios::binary) << old_header << std::string(30, 'x');
  const std::string message = refusal(path);
  EXPECT_NE(message.find("log format version 1 (this build reads version " + std::to_string(kLogVersion) + ")"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("another build"), std::string::npos) << message;
}

TEST(DiskStorage, AForeignOrHeaderlessFileOrALogWithoutHardStateIsRefused) {
  TempDir dir;
  const auto path = dir / "raft.log";
  std::ofstream(path, std::ios::binary) << "this is somebody's notes, not a log";
  EXPECT_NE(refusal(path).find("is not a store log: the file does not start with STORELOG"), std::string::npos);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << encode_log_header().substr(0, 5);
  EXPECT_NE(refusal(path).find("less than its 16-byte header"), std::string::npos) << refusal(path);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << encode_log_header();
  EXPECT_NE(refusal(path).find("no hard-state record"), std::string::npos) << refusal(path);
  std::filesystem::remove(path);
  EXPECT_NE(refusal(path).find("cannot open"), std::string::npos) << refusal(path);
}

TEST(DataDir, RefusesAnotherNodesDirectoryAndASecondUser) {
  TempDir dir;
  {
    const DataDir data = DataDir::open(dir / "n1", "c", 1);
    EXPECT_TRUE(data.created());
    EXPECT_THROW(DataDir::open(dir / "n1", "c", 1), StorageError);  // locked
  }
  EXPECT_FALSE(DataDir::open(dir / "n1", "c", 1).created());
  EXPECT_THROW(DataDir::open(dir / "n1", "c", 2), StorageError);
  EXPECT_THROW(DataDir::open(dir / "n1", "other", 1), StorageError);
}

// Sessions change what the log means (lab 5): a directory is refused to a
// node started with other session settings than it was made with.
TEST(DataDir, RefusesOtherSessionSettingsThanItWasMadeWith) {
  TempDir dir;
  { DataDir::open(dir / "plain", "c", 1); }
  { DataDir::open(dir / "sessions", "c", 1, 30 * kSecond); }
  EXPECT_FALSE(DataDir::open(dir / "plain", "c", 1).created());
  EXPECT_FALSE(DataDir::open(dir / "sessions", "c", 1, 30 * kSecond).created());
  const auto refusal = [&](const char* sub, Micros timeout) {
    try {
      DataDir::open(dir / sub, "c", 1, timeout);
    } catch (const StorageError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(refusal("plain", 30 * kSecond)
                .find("was made without client sessions, and this node was started with "
                      "--sessions --session-timeout 30"),
            std::string::npos)
      << refusal("plain", 30 * kSecond);
  EXPECT_NE(refusal("sessions", 0).find("acknowledged writes could vanish"), std::string::npos);
  EXPECT_NE(refusal("sessions", 60 * kSecond)
                .find("--session-timeout 30, and this node was started with --sessions "
                      "--session-timeout 60"),
            std::string::npos)
      << refusal("sessions", 60 * kSecond);
  // A directory of an earlier build has no "sessions": it was made without them.
  std::ofstream(dir / "plain" / "meta.json") << R"({"format":1,"cluster":"c","node":1})"
                                             << "\n";
  EXPECT_FALSE(DataDir::open(dir / "plain", "c", 1).created());
  EXPECT_NE(refusal("plain", 30 * kSecond), "accepted");
}

TEST(DataDir, ANewDirectoryGetsAFreshLogAndThenItsMeta) {
  TempDir dir;
  const DataDir data = DataDir::open(dir / "n1", "c", 1);
  EXPECT_EQ(bytes_of(data.log_path()), fresh_log_image());
  EXPECT_TRUE(std::filesystem::exists(dir / "n1" / "meta.json"));
  EXPECT_EQ(DiskStorage::open(data.log_path())->hard_state(), HardState{});
}

std::string data_dir_refusal(const std::filesystem::path& dir) {
  try {
    DataDir::open(dir, "c", 1);
  } catch (const StorageError& e) {
    return e.what();
  }
  return "";
}

TEST(DataDir, MetaWithAMissingOrEmptyLogIsRefused) {
  TempDir dir;
  const auto n1 = dir / "n1";
  { DataDir::open(n1, "c", 1); }
  std::filesystem::remove(n1 / "raft.log");
  std::string message = data_dir_refusal(n1);
  EXPECT_NE(message.find("has meta.json but no raft.log"), std::string::npos) << message;
  EXPECT_NE(message.find("could vote twice in one term"), std::string::npos) << message;
  EXPECT_NE(message.find("When the disk is damaged"), std::string::npos) << message;
  std::ofstream(n1 / "raft.log", std::ios::binary);
  message = data_dir_refusal(n1);
  EXPECT_NE(message.find("has meta.json but an empty raft.log"), std::string::npos) << message;
  std::filesystem::remove(n1 / "raft.log");
  std::filesystem::create_directory(n1 / "raft.log");
  message = data_dir_refusal(n1);
  EXPECT_NE(message.find("a raft.log that is not a regular file"), std::string::npos) << message;
}

TEST(DataDir, ALogWithoutMetaIsRefusedUnlessItIsAFreshOne) {
  TempDir dir;
  const auto n1 = dir / "n1";
  std::filesystem::create_directories(n1);
  // The making of a directory stopped between the log and meta.json.
  create_log_file(n1 / "raft.log");
  EXPECT_TRUE(DataDir::open(n1, "c", 1).created());
  // Somebody's log whose meta.json is gone.
  {
    auto storage = DiskStorage::open(n1 / "raft.log");
    storage->save_hard_state({.term = 5, .voted_for = 2});
  }
  std::filesystem::remove(n1 / "meta.json");
  const std::string message = data_dir_refusal(n1);
  EXPECT_NE(message.find("has a raft.log but no meta.json"), std::string::npos) << message;
  EXPECT_EQ(DiskStorage::open(n1 / "raft.log")->hard_state().term, 5u) << "the refusal must leave the log alone";
}

}  // namespace
}  // namespace store::runtime
