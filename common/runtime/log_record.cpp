#include "runtime/log_record.h"

#include "runtime/bytes.h"
#include "runtime/crc32c.h"

namespace store::runtime {

namespace {

constexpr std::size_t kHardStateBody = 12;
constexpr std::size_t kEntryFixedBody = 17;
constexpr std::size_t kTruncateBody = 8;

std::uint32_t head_crc(std::uint64_t offset, std::uint64_t length, std::uint8_t type) {
  char covered[13];
  for (int i = 0; i < 8; ++i) covered[i] = static_cast<char>((offset >> (8 * i)) & 0xFFu);
  for (int i = 0; i < 4; ++i) covered[8 + i] = static_cast<char>((length >> (8 * i)) & 0xFFu);
  covered[12] = static_cast<char>(type);
  return crc32c(std::string_view(covered, sizeof covered));
}

std::size_t begin_record(std::string& out) {
  const std::size_t start = out.size();
  out.append(kRecordHeadBytes, '\0');
  return start;
}

// Writes the head in front of a body already appended after `start`, then the trailing crc.
void finish_record(std::string& out, std::size_t start, std::uint64_t base, RecordType type) {
  const std::uint64_t length = out.size() - start - kRecordHeadBytes;
  const auto type_byte = static_cast<std::uint8_t>(type);
  std::string head;
  put_le(head, length, 4);
  head.push_back(static_cast<char>(type_byte));
  put_le(head, head_crc(base + start, length, type_byte), 4);
  out.replace(start, kRecordHeadBytes, head);
  put_le(out, crc32c(std::string_view(out).substr(start)), 4);
}

}  // namespace

std::string encode_log_header() {
  std::string out(kLogMagic);
  put_le(out, kLogVersion, 4);
  put_le(out, crc32c(out), 4);
  return out;
}

LogHeaderCheck check_log_header(std::string_view file) {
  LogHeaderCheck check;
  check.status = LogHeaderCheck::Status::kNotALog;
  if (file.size() < kLogHeaderBytes) {
    check.reason = "the file has " + std::to_string(file.size()) + " bytes, less than its 16-byte header";
  } else if (file.substr(0, kLogMagic.size()) != kLogMagic) {
    check.reason = "the file does not start with STORELOG";
  } else if (get_le(file, 12, 4) != crc32c(file.substr(0, 12))) {
    check.reason = "the header's checksum is wrong";
  } else if (const auto version = static_cast<std::uint32_t>(get_le(file, 8, 4)); version != kLogVersion) {
    check.status = LogHeaderCheck::Status::kOtherVersion;
    check.version = version;
    check.reason = "log format version " + std::to_string(version) + " (this build reads version " +
                   std::to_string(kLogVersion) + ")";
  } else {
    check.status = LogHeaderCheck::Status::kOk;
  }
  return check;
}

void append_record(std::string& out, std::uint64_t base, const HardState& state) {
  const std::size_t start = begin_record(out);
  put_le(out, state.term, 8);
  put_le(out, static_cast<std::uint32_t>(state.voted_for), 4);
  finish_record(out, start, base, RecordType::kHardState);
}

void append_record(std::string& out, std::uint64_t base, const LogEntry& entry) {
  const std::size_t start = begin_record(out);
  put_le(out, entry.term, 8);
  put_le(out, entry.index, 8);
  out.push_back(static_cast<char>(entry.type));
  out.append(entry.data);
  finish_record(out, start, base, RecordType::kEntry);
}

void append_truncate_record(std::string& out, std::uint64_t base, Index from) {
  const std::size_t start = begin_record(out);
  put_le(out, from, 8);
  finish_record(out, start, base, RecordType::kTruncate);
}

std::string fresh_log_image() {
  std::string image = encode_log_header();
  append_record(image, 0, HardState{});
  return image;
}

RecordParse parse_record(std::string_view file, std::size_t offset) {
  RecordParse p;
  if (offset >= file.size()) {
    p.status = RecordParse::Status::kEnd;
    p.end = offset;
    return p;
  }
  const std::size_t available = file.size() - offset;
  if (available < kRecordHeadBytes) {
    p.status = RecordParse::Status::kCutShort;
    p.end = file.size();
    p.reason = "the file ends after " + std::to_string(available) + " bytes of a 9-byte record head";
    return p;
  }
  const std::uint64_t length = get_le(file, offset, 4);
  const auto type = static_cast<std::uint8_t>(file[offset + 4]);
  if (get_le(file, offset + 5, 4) != head_crc(offset, length, type)) {
    p.status = RecordParse::Status::kBadHead;
    p.end = file.size();
    p.reason = "the record head fails its checksum (its length field reads " + std::to_string(length) + ")";
    return p;
  }
  if (length > kMaxRecordBody) {
    // A good head cannot announce this: only a writer with a bug could.
    p.status = RecordParse::Status::kBadRecord;
    p.end = file.size();
    p.reason =
        "a record body of " + std::to_string(length) + " bytes, over the limit of " + std::to_string(kMaxRecordBody);
    return p;
  }
  p.end = offset + kRecordOverhead + length;
  if (p.end > file.size()) {
    p.status = RecordParse::Status::kCutShort;
    p.reason = "the file ends " + std::to_string(available) + " bytes into a record of " +
               std::to_string(kRecordOverhead + length) + " bytes";
    return p;
  }
  p.status = RecordParse::Status::kBadRecord;
  const std::string_view whole = file.substr(offset, kRecordHeadBytes + length);
  if (get_le(file, offset + kRecordHeadBytes + length, 4) != crc32c(whole)) {
    p.reason = "the record fails its checksum";
    return p;
  }
  const std::string_view body = whole.substr(kRecordHeadBytes);
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
