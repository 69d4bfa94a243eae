#include "runtime/disk_storage.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "runtime/data_dir.h"
#include "runtime/log_record.h"
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

TEST(DiskStorage, StartsEmptyAndRecoversWhatWasWritten) {
  TempDir dir;
  const auto path = dir / "raft.log";
  {
    RecoveryReport report;
    auto storage = DiskStorage::open(path, &report);
    EXPECT_TRUE(report.created);
    EXPECT_EQ(storage->last_index(), 0u);
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
  EXPECT_FALSE(report.created);
  EXPECT_TRUE(report.torn_tail.empty());
  EXPECT_EQ(storage->hard_state(), (HardState{.term = 2, .voted_for = 1}));
  ASSERT_EQ(storage->last_index(), 3u);
  EXPECT_EQ(storage->log()[2], entry(3, 2));
}

TEST(DiskStorage, TruncationSurvivesARestartAndIsCompactedAway) {
  TempDir dir;
  const auto path = dir / "raft.log";
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
  append_record(expected, HardState{.term = 3, .voted_for = kNoNode});
  append_record(expected, entry(1, 1));
  append_record(expected, entry(2, 2, "new"));
  EXPECT_EQ(size_of(path), expected.size());
}

TEST(DiskStorage, RefusesAppendsThatDoNotContinueTheLog) {
  TempDir dir;
  auto storage = DiskStorage::open(dir / "raft.log");
  const std::vector<LogEntry> gap = {entry(2, 1)};
  EXPECT_THROW(storage->append(gap), std::logic_error);
  const std::vector<LogEntry> skip = {entry(1, 1), entry(3, 1)};
  EXPECT_THROW(storage->append(skip), std::logic_error);
  EXPECT_EQ(storage->writes(), 0u);
  storage->truncate(5);  // nothing to remove: not a write
  EXPECT_EQ(storage->writes(), 0u);
}

TEST(DiskStorage, ATornTailIsCutOffAndReported) {
  TempDir dir;
  const auto path = dir / "raft.log";
  std::size_t good_size = 0;
  {
    auto storage = DiskStorage::open(path);
    const std::vector<LogEntry> entries = {entry(1, 1), entry(2, 1)};
    storage->append(entries);
    good_size = size_of(path);
    const std::vector<LogEntry> more = {entry(3, 1, std::string(100, 'z'))};
    storage->append(more);
  }
  cut_file(path, size_of(path) - 40);  // mid-record, as a crash during the write would
  RecoveryReport report;
  auto storage = DiskStorage::open(path, &report);
  EXPECT_FALSE(report.torn_tail.empty());
  EXPECT_EQ(report.torn_offset, good_size);
  EXPECT_EQ(storage->last_index(), 2u);
  EXPECT_EQ(size_of(path), good_size);
  bool mentioned = false;
  for (const auto& line : report.describe(path))
    mentioned = mentioned || line.find("damaged tail") != std::string::npos;
  EXPECT_TRUE(mentioned);
  // The log continues cleanly after the cut.
  const std::vector<LogEntry> next = {entry(3, 2)};
  storage->append(next);
  storage.reset();
  EXPECT_EQ(DiskStorage::open(path)->last_index(), 3u);
}

TEST(DiskStorage, ACorruptLastRecordIsATornTail) {
  TempDir dir;
  const auto path = dir / "raft.log";
  {
    auto storage = DiskStorage::open(path);
    const std::vector<LogEntry> entries = {entry(1, 1), entry(2, 1)};
    storage->append(entries);
  }
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(-1, std::ios::end);
    f.put('#');
  }
  RecoveryReport report;
  auto storage = DiskStorage::open(path, &report);
  EXPECT_NE(report.torn_tail.find("checksum"), std::string::npos) << report.torn_tail;
  EXPECT_EQ(storage->last_index(), 1u);
}

TEST(DiskStorage, DamageInTheMiddleRefusesToStart) {
  TempDir dir;
  const auto path = dir / "raft.log";
  {
    auto storage = DiskStorage::open(path);
    const std::vector<LogEntry> entries = {entry(1, 1), entry(2, 1), entry(3, 1)};
    storage->append(entries);
  }
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(kLogHeaderBytes + kRecordHeaderBytes + 3));
    f.put('#');
  }
  try {
    DiskStorage::open(path);
    FAIL() << "a log damaged in the middle was accepted";
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("damaged in the middle"), std::string::npos) << e.what();
  }
}

TEST(DiskStorage, ATornHeaderIsRecreatedButAForeignFileIsRefused) {
  TempDir dir;
  const auto path = dir / "raft.log";
  {
    std::ofstream f(path, std::ios::binary);
    f << encode_log_header().substr(0, 5);
  }
  RecoveryReport report;
  EXPECT_EQ(DiskStorage::open(path, &report)->last_index(), 0u);
  EXPECT_FALSE(report.torn_tail.empty());
  {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << "this is somebody's notes, not a log";
  }
  EXPECT_THROW(DiskStorage::open(path), StorageError);
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

}  // namespace
}  // namespace store::runtime
