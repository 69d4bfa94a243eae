#include "runtime/disk_storage.h"

#include <fcntl.h>
#include <unistd.h>

#include <stdexcept>

#include "runtime/log_record.h"

namespace store::runtime {

namespace {

// The live state a log replays to, and how much of the file it took.
struct Replay {
  HardState hard_state;
  bool has_hard_state = false;
  std::deque<LogEntry> entries;
  std::size_t records = 0;
  std::size_t good_bytes = 0;
};

void apply_record(Replay& replay, LogRecord&& record) {
  switch (record.type) {
    case RecordType::kHardState:
      replay.hard_state = record.hard_state;
      replay.has_hard_state = true;
      break;
    case RecordType::kEntry: replay.entries.push_back(std::move(record.entry)); break;
    case RecordType::kTruncate: {
      const Index keep = record.from == 0 ? 0 : record.from - 1;
      if (keep < replay.entries.size()) replay.entries.resize(keep);
      break;
    }
  }
}

// Contents that pass the CRC but make no sense as a continuation of the log.
std::string semantic_problem(const Replay& replay, const LogRecord& record) {
  if (record.type == RecordType::kEntry && record.entry.index != replay.entries.size() + 1) {
    return "entry " + std::to_string(record.entry.index) + " does not continue the log at " +
           std::to_string(replay.entries.size());
  }
  return {};
}

std::string compact_image(const Replay& replay) {
  std::string image = encode_log_header();
  if (replay.has_hard_state) append_record(image, replay.hard_state);
  for (const LogEntry& entry : replay.entries) append_record(image, entry);
  return image;
}

void create_log(const std::filesystem::path& path) { replace_file_durably(path, encode_log_header()); }

}  // namespace

std::vector<std::string> RecoveryReport::describe(const std::filesystem::path& path) const {
  std::vector<std::string> lines;
  if (created) lines.push_back("created a new log " + path.string());
  if (!torn_tail.empty()) {
    lines.push_back("recovered " + path.string() + ": cut off a damaged tail of " + std::to_string(torn_bytes) +
                    " bytes at byte " + std::to_string(torn_offset) + " (" + torn_tail +
                    "); it was never synced, so nothing acknowledged depended on it");
  }
  if (compacted) lines.push_back("rewrote " + path.string() + " without its dead records");
  lines.push_back("log " + path.string() + ": " + std::to_string(records) + " records, entries 1.." +
                  std::to_string(last_index) + ", term " + std::to_string(hard_state.term) + ", voted for " +
                  (hard_state.voted_for == kNoNode ? std::string("nobody") : std::to_string(hard_state.voted_for)) +
                  ", " + std::to_string(file_bytes) + " bytes");
  return lines;
}

std::unique_ptr<DiskStorage> DiskStorage::open(const std::filesystem::path& path, RecoveryReport* report_out) {
  RecoveryReport report;
  std::error_code error;
  const bool exists = std::filesystem::exists(path, error);
  if (error) throw StorageError("cannot look at " + path.string() + ": " + error.message());
  std::string file;
  if (exists) {
    file = read_whole_file(path);
    // A file shorter than its header, holding the start of one, was torn
    // while being created, before any record could be written: start again.
    const std::string header = encode_log_header();
    if (!file.empty() && file.size() < header.size() && header.compare(0, file.size(), file) == 0) {
      report.torn_tail = "the file's header was incomplete";
      report.torn_bytes = file.size();
      file.clear();
    }
  }
  if (!exists || file.empty()) {
    create_log(path);
    report.created = report.torn_tail.empty();
    file = encode_log_header();
  }
  if (const std::string problem = check_log_header(file); !problem.empty()) {
    throw StorageError(path.string() + " is not a store log: " + problem +
                       "; refusing to start (move the file away if it is not needed)");
  }

  Replay replay;
  std::size_t offset = kLogHeaderBytes;
  for (;;) {
    RecordParse parse = parse_record(file, offset);
    if (parse.status == RecordParse::Status::kEnd) break;
    std::string problem = parse.reason;
    if (parse.status == RecordParse::Status::kRecord) {
      problem = semantic_problem(replay, parse.record);
      if (problem.empty()) {
        apply_record(replay, std::move(parse.record));
        ++replay.records;
        offset = parse.end;
        continue;
      }
    }
    // A bad record with more records after it is damage, not a torn write.
    if (parse.status != RecordParse::Status::kIncomplete && parse.end < file.size()) {
      throw StorageError(path.string() + ": the record at byte " + std::to_string(offset) + " is damaged (" + problem +
                         ") and " + std::to_string(file.size() - parse.end) +
                         " bytes follow it: the log is damaged in the middle, not torn at its end. Refusing to "
                         "start, since entries after it may have been acknowledged. See docs/real-mode.md, "
                         "\"A damaged log\".");
    }
    report.torn_tail = problem;
    report.torn_offset = offset;
    report.torn_bytes = file.size() - offset;
    break;
  }
  replay.good_bytes = offset;

  const std::size_t live_records = (replay.has_hard_state ? 1 : 0) + replay.entries.size();
  if (replay.records > live_records) {
    const std::string image = compact_image(replay);
    replace_file_durably(path, image);
    report.compacted = true;
    replay.good_bytes = image.size();
  }

  Fd fd(::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC));
  if (fd.get() < 0) throw_errno("cannot open", path);
  if (!report.compacted && replay.good_bytes < file.size()) {
    if (::ftruncate(fd.get(), static_cast<off_t>(replay.good_bytes)) != 0) throw_errno("cannot truncate", path);
    sync_fd(fd.get(), path);
  }

  std::unique_ptr<DiskStorage> storage(new DiskStorage(path, std::move(fd)));
  storage->hard_state_ = replay.hard_state;
  storage->entries_ = std::move(replay.entries);
  storage->file_bytes_ = replay.good_bytes;

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
  append_record(bytes, state);
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
    append_record(bytes, entry);
  }
  write_record_bytes(bytes);
  entries_.insert(entries_.end(), entries.begin(), entries.end());
}

void DiskStorage::truncate(Index from) {
  if (from > last_index() || entries_.empty()) return;  // nothing to remove: not a write
  std::string bytes;
  append_truncate_record(bytes, from);
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
