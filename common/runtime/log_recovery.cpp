#include "runtime/log_recovery.h"

#include <algorithm>

#include "runtime/log_record.h"

namespace store::runtime {

namespace {

void apply_record(LogReplay& replay, LogRecord&& record) {
  switch (record.type) {
    case RecordType::kHardState:
      replay.hard_state = record.hard_state;
      replay.has_hard_state = true;
      break;
    case RecordType::kEntry: replay.entries.push_back(std::move(record.entry)); break;
    case RecordType::kTruncate: replay.entries.resize(record.from == 0 ? 0 : record.from - 1); break;
  }
}

// Contents that pass the checksums but that the writer never produces at this point of the log.
std::string semantic_problem(const LogReplay& replay, const LogRecord& record) {
  if (record.type == RecordType::kEntry && record.entry.index != replay.entries.size() + 1) {
    return "entry " + std::to_string(record.entry.index) + " does not continue the log at " +
           std::to_string(replay.entries.size());
  }
  if (record.type == RecordType::kTruncate && record.from > replay.entries.size()) {
    return "a truncation from entry " + std::to_string(record.from) + " of a log that ends at " +
           std::to_string(replay.entries.size());
  }
  return {};
}

// Where the bytes a crash may have written end: the file's end, or earlier
// when it ends in zeros that stand for sectors that never reached the disk
// (from `from` itself, or from a sector boundary after it).
std::size_t landed_end(std::string_view file, std::size_t from) {
  std::size_t zeros_from = file.size();
  while (zeros_from > from && file[zeros_from - 1] == '\0') --zeros_from;
  if (zeros_from == from) return from;
  const std::size_t sector_after = (zeros_from + kDiskSectorBytes - 1) / kDiskSectorBytes * kDiskSectorBytes;
  return std::min(sector_after, file.size());
}

bool is_torn_write(std::string_view file, std::size_t at) {
  const RecordParse landed = parse_record(file.substr(0, landed_end(file, at)), at);
  return landed.status == RecordParse::Status::kEnd || landed.status == RecordParse::Status::kCutShort;
}

std::string why_not_torn(const RecordParse& parse, std::size_t offset, std::size_t file_size) {
  if (parse.status == RecordParse::Status::kBadRecord) {
    std::string text = parse.reason + "; the record is all there (" + std::to_string(parse.end - offset) +
                       " bytes), so no crash cut it short";
    if (parse.end < file_size) text += ", and " + std::to_string(file_size - parse.end) + " more bytes follow it";
    return text;
  }
  return parse.reason + "; the " + std::to_string(file_size - offset) +
         " bytes from there to the end of the file are not a record cut short by a crash";
}

LogDamage damage(LogDamage::Kind kind, std::size_t offset, std::string what) {
  return {.kind = kind, .offset = offset, .what = std::move(what)};
}

}  // namespace

LogRecovery recover_log(std::string_view file) {
  LogRecovery recovery;
  LogReplay& replay = recovery.replay;
  const LogHeaderCheck header = check_log_header(file);
  if (header.status != LogHeaderCheck::Status::kOk) {
    recovery.damage = damage(header.status == LogHeaderCheck::Status::kOtherVersion ? LogDamage::Kind::kOtherVersion
                                                                                    : LogDamage::Kind::kNotALog,
                             0, header.reason);
    return recovery;
  }
  std::size_t offset = kLogHeaderBytes;
  for (;;) {
    RecordParse parse = parse_record(file, offset);
    if (parse.status == RecordParse::Status::kEnd) break;
    if (parse.status == RecordParse::Status::kRecord) {
      if (std::string problem = semantic_problem(replay, parse.record); !problem.empty()) {
        recovery.damage = damage(LogDamage::Kind::kDamaged, offset, std::move(problem));
        break;
      }
      apply_record(replay, std::move(parse.record));
      ++replay.records;
      offset = parse.end;
      continue;
    }
    if (is_torn_write(file, offset)) {
      recovery.torn = parse.reason;
    } else {
      recovery.damage = damage(LogDamage::Kind::kDamaged, offset, why_not_torn(parse, offset, file.size()));
    }
    break;
  }
  replay.good_bytes = offset;
  if (!recovery.damage && !replay.has_hard_state) {
    recovery.damage = damage(LogDamage::Kind::kNoHardState, kLogHeaderBytes,
                             "no hard-state record (the term and vote every log starts with)");
  }
  return recovery;
}

}  // namespace store::runtime
