#include "runtime/log_record.h"

#include "runtime/bytes.h"
#include "runtime/crc32c.h"

namespace store::runtime {

namespace {

constexpr std::size_t kHardStateBody = 12;
constexpr std::size_t kEntryFixedBody = 17;
constexpr std::size_t kTruncateBody = 8;

// Writes the record header in front of a body already appended at `body_at`.
void finish_record(std::string& out, std::size_t start, RecordType type) {
  const std::size_t body_at = start + kRecordHeaderBytes;
  const std::size_t length = out.size() - body_at;
  std::string header;
  put_le(header, length, 4);
  const char type_byte = static_cast<char>(type);
  std::uint32_t crc = crc32c_extend(0, std::string_view(&type_byte, 1));
  crc = crc32c_extend(crc, std::string_view(out).substr(body_at));
  put_le(header, crc, 4);
  header.push_back(type_byte);
  out.replace(start, kRecordHeaderBytes, header);
}

std::size_t begin_record(std::string& out) {
  const std::size_t start = out.size();
  out.append(kRecordHeaderBytes, '\0');
  return start;
}

}  // namespace

std::string encode_log_header() {
  std::string out(kLogMagic);
  put_le(out, kLogVersion, 4);
  put_le(out, crc32c(out), 4);
  return out;
}

std::string check_log_header(std::string_view file) {
  if (file.size() < kLogHeaderBytes) return "the file is shorter than its 16-byte header";
  if (file.substr(0, kLogMagic.size()) != kLogMagic) return "the file does not start with STORELOG";
  if (get_le(file, 12, 4) != crc32c(file.substr(0, 12))) return "the header's checksum is wrong";
  const std::uint64_t version = get_le(file, 8, 4);
  if (version != kLogVersion) {
    return "format version " + std::to_string(version) + " (this build reads version " + std::to_string(kLogVersion) +
           ")";
  }
  return {};
}

void append_record(std::string& out, const HardState& state) {
  const std::size_t start = begin_record(out);
  put_le(out, state.term, 8);
  put_le(out, static_cast<std::uint32_t>(state.voted_for), 4);
  finish_record(out, start, RecordType::kHardState);
}

void append_record(std::string& out, const LogEntry& entry) {
  const std::size_t start = begin_record(out);
  put_le(out, entry.term, 8);
  put_le(out, entry.index, 8);
  out.push_back(static_cast<char>(entry.type));
  out.append(entry.data);
  finish_record(out, start, RecordType::kEntry);
}

void append_truncate_record(std::string& out, Index from) {
  const std::size_t start = begin_record(out);
  put_le(out, from, 8);
  finish_record(out, start, RecordType::kTruncate);
}

RecordParse parse_record(std::string_view file, std::size_t offset) {
  RecordParse p;
  if (offset >= file.size()) {
    p.status = RecordParse::Status::kEnd;
    p.end = offset;
    return p;
  }
  const std::size_t available = file.size() - offset;
  if (available < kRecordHeaderBytes) {
    p.status = RecordParse::Status::kIncomplete;
    p.end = file.size();
    p.reason = "only " + std::to_string(available) + " bytes of a 9-byte record header";
    return p;
  }
  const std::uint64_t length = get_le(file, offset, 4);
  const auto stored_crc = static_cast<std::uint32_t>(get_le(file, offset + 4, 4));
  const auto type = static_cast<std::uint8_t>(file[offset + 8]);
  if (length > kMaxRecordBody) {
    // A length this large is garbage; where the record would end means nothing.
    p.status = RecordParse::Status::kCorrupt;
    p.end = file.size();
    p.reason = "a record length of " + std::to_string(length) + " bytes";
    return p;
  }
  p.end = offset + kRecordHeaderBytes + length;
  if (p.end > file.size()) {
    p.status = RecordParse::Status::kIncomplete;
    p.end = file.size();
    p.reason = "the record needs " + std::to_string(kRecordHeaderBytes + length) + " bytes, " +
               std::to_string(available) + " are there";
    return p;
  }
  const std::string_view typed = file.substr(offset + 8, 1 + length);
  const std::string_view body = typed.substr(1);
  p.status = RecordParse::Status::kCorrupt;
  if (crc32c(typed) != stored_crc) {
    p.reason = "checksum mismatch";
    return p;
  }
  LogRecord& r = p.record;
  switch (type) {
    case static_cast<std::uint8_t>(RecordType::kHardState):
      if (body.size() != kHardStateBody) {
        p.reason = "a hard-state record of " + std::to_string(body.size()) + " bytes";
        return p;
      }
      r.type = RecordType::kHardState;
      r.hard_state.term = get_le(body, 0, 8);
      r.hard_state.voted_for = static_cast<NodeId>(static_cast<std::uint32_t>(get_le(body, 8, 4)));
      break;
    case static_cast<std::uint8_t>(RecordType::kEntry): {
      if (body.size() < kEntryFixedBody) {
        p.reason = "an entry record of " + std::to_string(body.size()) + " bytes";
        return p;
      }
      const auto entry_type = static_cast<std::uint8_t>(body[16]);
      if (entry_type > static_cast<std::uint8_t>(EntryType::kNoop)) {
        p.reason = "unknown entry type " + std::to_string(entry_type);
        return p;
      }
      r.type = RecordType::kEntry;
      r.entry.term = get_le(body, 0, 8);
      r.entry.index = get_le(body, 8, 8);
      r.entry.type = static_cast<EntryType>(entry_type);
      r.entry.data = std::string(body.substr(kEntryFixedBody));
      break;
    }
    case static_cast<std::uint8_t>(RecordType::kTruncate):
      if (body.size() != kTruncateBody) {
        p.reason = "a truncate record of " + std::to_string(body.size()) + " bytes";
        return p;
      }
      r.type = RecordType::kTruncate;
      r.from = get_le(body, 0, 8);
      break;
    default: p.reason = "unknown record type " + std::to_string(type); return p;
  }
  p.status = RecordParse::Status::kRecord;
  return p;
}

}  // namespace store::runtime
