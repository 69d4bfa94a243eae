#include "runtime/disk_storage.h"

#include <fcntl.h>
#include <unistd.h>

#include <stdexcept>

#include "runtime/log_record.h"
#include "runtime/log_recovery.h"

namespace store::runtime {

const char kDamagedStorageAdvice[] =
    "What to do (docs/real-mode.md, \"When the disk is damaged\"): keep the damaged files for inspection, "
    "move this node's data directory away and start the node again: it rejoins empty, and the next leader sends it "
    "the whole log (restart the current leader to have one). Do this for one node at a time, while the others are "
    "healthy.";

namespace {

std::string compact_image(const LogReplay& replay) {
  std::string image = encode_log_header();
  if (replay.has_hard_state) append_record(image, 0, replay.hard_state);
  for (const LogEntry& entry : replay.entries) append_record(image, 0, entry);
  return image;
}

std::string refusal(const std::filesystem::path& path, const LogDamage& damage) {
  const std::string file = path.string();
  const std::string advice = kDamagedStorageAdvice;
  switch (damage.kind) {
    case LogDamage::Kind::kNotALog:
      return file + " is not a store log: " + damage.what + ". Refusing to start. " + advice;
    case LogDamage::Kind::kOtherVersion:
      return file + " is in " + damage.what +
             ": another build of the store wrote it, and this one does not guess at other layouts. Refusing to "
             "start. Run the build that wrote it, or start this node afresh. " +
             advice;
    case LogDamage::Kind::kNoHardState:
      return file + " holds " + damage.what +
             ": started from it, the node would be at term 0 with its vote forgotten, and could vote twice in one "
             "term. Refusing to start. " +
             advice;
    case LogDamage::Kind::kDamaged: break;
  }
  return file + " is damaged at byte " + std::to_string(damage.offset) + ": " + damage.what +
         ". That is not a write torn by a crash, and entries the cluster acknowledged may be in it or after it, so "
         "the node refuses to start rather than cut them off. " +
         advice;
}

}  // namespace

void create_log_file(const std::filesystem::path& path) { replace_file_durably(path, fresh_log_image()); }

std::vector<std::string> RecoveryReport::describe(const std::filesystem::path& path) const {
  std::vector<std::string> lines;
  if (!torn_tail.empty()) {
    lines.push_back("recovered " + path.string() + ": cut off a write torn by a crash, " + std::to_string(torn_bytes) +
                    " bytes at byte " + std::to_string(torn_offset) + " (" + torn_tail +
                    "); a crash tears only a write that was not yet synced, so nothing acknowledged depended on it");
  }
  if (compacted) lines.push_back("rewrote " + path.string() + " without its dead records");
  lines.push_back("log " + path.string() + ": " + std::to_string(records) + " records, entries 1.." +
                  std::to_string(last_index) + ", term " + std::to_string(hard_state.term) + ", voted for " +
                  (hard_state.voted_for == kNoNode ? std::string("nobody") : std::to_string(hard_state.voted_for)) +
                  ", " + std::to_string(file_bytes) + " bytes");
  return lines;
}

std::unique_ptr<DiskStorage> DiskStorage::open(const std::filesystem::path& path, RecoveryReport* report_out) {
  const std::string file = read_whole_file(path);
  LogRecovery recovery = recover_log(file);
  if (recovery.damage) throw StorageError(refusal(path, *recovery.damage));
  LogReplay& replay = recovery.replay;

  RecoveryReport report;
  if (!recovery.torn.empty()) {
    report.torn_tail = recovery.torn;
    report.torn_offset = replay.good_bytes;
    report.torn_bytes = file.size() - replay.good_bytes;
  }
  std::size_t file_bytes = replay.good_bytes;
  if (replay.records > replay.live_records()) {
    const std::string image = compact_image(replay);
    replace_file_durably(path, image);
    report.compacted = true;
    file_bytes = image.size();
  }

  Fd fd(::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC));
  if (fd.get() < 0) throw_errno("cannot open", path);
  if (!report.compacted && file_bytes < file.size()) {
    if (::ftruncate(fd.get(), static_cast<off_t>(file_bytes)) != 0) throw_errno("cannot truncate", path);
    sync_fd(fd.get(), path);
  }

  std::unique_ptr<DiskStorage> storage(new DiskStorage(path, std::move(fd)));
  storage->hard_state_ = replay.hard_state;
  storage->entries_ = std::move(replay.entries);
  storage->file_bytes_ = file_bytes;

  report.records = replay.records;
  report.last_index = storage->entries_.size();
  report.hard_state = storage->hard_state_;
  report.file_bytes = storage->file_bytes_;
  if (report_out != nullptr) *report_out = std::move(report);
  return storage;
}

void DiskStorage::write_record_bytes(const std::string& bytes) {
  write_all(fd_.get(), bytes, path_);
  file_bytes_ += bytes.size();
  ++writes_;
}

void DiskStorage::save_hard_state(const HardState& state) {
  std::string bytes;
  append_record(bytes, file_bytes_, state);
  write_record_bytes(bytes);
  hard_state_ = state;
}

void DiskStorage::append(std::span<const LogEntry> entries) {
  if (entries.empty()) return;
  Index expected = last_index() + 1;
  std::string bytes;
  for (const LogEntry& entry : entries) {
    if (entry.index != expected) {
      if (&entry == &entries.front()) {
        throw std::logic_error("Storage::append: entry " + std::to_string(entry.index) +
                               " does not continue the log (its last index is " + std::to_string(last_index()) +
                               ", so the next entry must have index " + std::to_string(expected) +
                               "; truncate first to overwrite)");
      }
      throw std::logic_error("Storage::append: entries must have consecutive indices, but " +
                             std::to_string(expected - 1) + " is followed by " + std::to_string(entry.index));
    }
    ++expected;
    append_record(bytes, file_bytes_, entry);
  }
  write_record_bytes(bytes);
  entries_.insert(entries_.end(), entries.begin(), entries.end());
}

void DiskStorage::truncate(Index from) {
  if (from > last_index() || entries_.empty()) return;  // nothing to remove: not a write
  std::string bytes;
  append_truncate_record(bytes, file_bytes_, from);
  write_record_bytes(bytes);
  entries_.resize(from == 0 ? 0 : from - 1);
}

void DiskStorage::mark_durable(std::uint64_t through) {
  if (through > writes_) throw std::logic_error("DiskStorage::mark_durable: beyond the last write");
  if (through > durable_writes_) durable_writes_ = through;
}

void DiskStorage::sync_now() {
  const std::uint64_t through = writes_;
  sync_fd(fd_.get(), path_);
  mark_durable(through);
}

}  // namespace store::runtime
