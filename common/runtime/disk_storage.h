// Storage on disk: one append-only log file (log_record.h) holding the hard
// state, the entries and truncations as records, each with a CRC.
//
// Durability follows node/storage.h. Every write goes to the file at once
// (write(2), so a kill -9 keeps it) and is numbered; it is durable once an
// fdatasync that started after it has returned. The runtime does those syncs,
// one for many writes (group commit), and records them with mark_durable();
// it releases a node's messages only when the writes before them are durable.
//
// Recovery (open) replays the records (log_recovery.h says exactly how):
//  - the file ends in a write torn by a crash (a record cut short, or zeros
//    where sectors never reached the disk): that tail is cut off and the
//    report says so (the node logs it). A crash tears only what was not yet
//    synced, and acknowledgements wait for the sync that covers the write.
//  - anything else that is wrong (a bad record head, a complete record that
//    fails its checksum, anything after a bad record, no hard state, another
//    format version): open refuses with StorageError naming the file, the
//    byte and what to do; a person decides (docs/real-mode.md).
// After recovery a file with dead records (overwritten entries, old hard
// states) is rewritten compactly, atomically (temp file, sync, rename).
// A new log is made with create_log_file, never by open: a log that is
// missing where one is expected has been lost, not yet to be made.
#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "node/storage.h"
#include "runtime/file_util.h"

namespace store::runtime {

// Writes a new log at `path` (log_record.h's fresh_log_image), durably.
void create_log_file(const std::filesystem::path& path);

// The advice every refusal to start on damaged storage ends with.
extern const char kDamagedStorageAdvice[];

struct RecoveryReport {
  std::size_t records = 0;  // good records replayed
  Index last_index = 0;
  HardState hard_state;
  // Set when a damaged tail was cut off: what was wrong, where, and how much.
  std::string torn_tail;
  std::size_t torn_offset = 0;
  std::size_t torn_bytes = 0;
  bool compacted = false;
  std::size_t file_bytes = 0;  // the log's size once open

  // One line per fact, for the node's log.
  std::vector<std::string> describe(const std::filesystem::path& path) const;
};

class DiskStorage final : public Storage {
 public:
  // Opens and recovers the log at `path`, which must exist. Throws StorageError.
  static std::unique_ptr<DiskStorage> open(const std::filesystem::path& path, RecoveryReport* report = nullptr);

  HardState hard_state() const override { return hard_state_; }
  std::vector<LogEntry> log() const override { return {entries_.begin(), entries_.end()}; }
  Index last_index() const override { return entries_.size(); }
  void save_hard_state(const HardState& state) override;
  void append(std::span<const LogEntry> entries) override;
  void truncate(Index from) override;

  // Writes are numbered 1, 2, ...; durable_writes() of them are known durable.
  std::uint64_t writes() const { return writes_; }
  std::uint64_t durable_writes() const { return durable_writes_; }
  // Records that an fdatasync started after write `through` has returned.
  void mark_durable(std::uint64_t through);
  // fdatasync now, on this thread, and mark everything durable.
  void sync_now();

  // For a sync thread: fdatasync(fd()) may run while this thread writes; it
  // covers at least the writes made before it started.
  int fd() const { return fd_.get(); }
  const std::filesystem::path& path() const { return path_; }
  std::size_t file_bytes() const { return file_bytes_; }

 private:
  DiskStorage(std::filesystem::path path, Fd fd) : path_(std::move(path)), fd_(std::move(fd)) {}
  void write_record_bytes(const std::string& bytes);

  std::filesystem::path path_;
  Fd fd_;
  HardState hard_state_;
  std::deque<LogEntry> entries_;
  std::uint64_t writes_ = 0;
  std::uint64_t durable_writes_ = 0;
  std::size_t file_bytes_ = 0;
};

}  // namespace store::runtime
