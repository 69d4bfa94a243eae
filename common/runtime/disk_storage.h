// Storage on disk: one append-only log file (log_record.h) holding the hard
// state, the entries and truncations as records, each with a CRC.
//
// Durability follows node/storage.h. Every write goes to the file at once
// (write(2), so a kill -9 keeps it) and is numbered; it is durable once an
// fdatasync that started after it has returned. The runtime does those syncs,
// one for many writes (group commit), and records them with mark_durable();
// it releases a node's messages only when the writes before them are durable.
//
// Recovery (open) replays the records. What it does with a damaged file:
//  - the file ends inside a record (a write torn by a crash or power loss), or
//    its last record fails its CRC: the tail is cut off, and the report says
//    so (the node logs it). Nothing after it can have been acknowledged:
//    acknowledgements wait for the sync, and the sync covers the whole write.
//  - a record fails its CRC but more bytes follow: this is not a torn write but
//    damage inside the log, possibly to acknowledged entries. Open refuses with
//    StorageError; a person decides (see docs/real-mode.md).
// After recovery a file with dead records (overwritten entries, old hard
// states) is rewritten compactly, atomically (temp file, sync, rename).
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

struct RecoveryReport {
  bool created = false;     // there was no log: a new, empty one was made
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
  // Opens the log at `path`, creating it when absent. Throws StorageError.
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
