// The disk log's file format: a header, then records, each protected twice.
//
//   file    = header record*
//   header  = "STORELOG" (8 bytes) | version u32 | crc32c of the 12 bytes before, u32      (16 bytes)
//   record  = length u32 | type u8 | head crc u32 | body[length] | crc u32
//             head crc = crc32c(offset u64 | length u32 | type u8), offset = where the record starts in the file
//             crc      = crc32c of every byte of the record before it (the head and the body)
//             integers little-endian
//   types   1 hard state   body = term u64 | voted_for i32
//           2 entry        body = term u64 | index u64 | entry type u8 | data (the rest)
//           3 truncate     body = from u64  (drop every entry with index >= from)
//
// The head checks itself, so a damaged length is never believed: recovery can
// tell a record cut short by a crash (a good head announcing more bytes than
// the file has) from a length that damage made too large (a bad head). The
// head's checksum also covers the record's own offset, so a record that a
// damaged disk copied or shifted elsewhere fails its checks instead of
// replaying an old hard state. The trailing crc sits where a write that did
// not reach the disk leaves zeros.
//
// The file is only ever appended to while a node runs; its meaning is the
// replay of its records in order, so whatever prefix of the writes a crash
// keeps is a state the node really was in. What recovery makes of damage is
// in log_recovery.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "node/storage.h"
#include "protocol/messages.h"

namespace store::runtime {

inline constexpr std::string_view kLogMagic = "STORELOG";
// Version 1 (before this one) had an unprotected 9-byte record head and no trailing crc.
inline constexpr std::uint32_t kLogVersion = 2;
inline constexpr std::size_t kLogHeaderBytes = 16;
inline constexpr std::size_t kRecordHeadBytes = 9;     // length, type, head crc
inline constexpr std::size_t kRecordTrailerBytes = 4;  // crc
inline constexpr std::size_t kRecordOverhead = kRecordHeadBytes + kRecordTrailerBytes;
// A record body larger than this is refused even with a good head (no entry is near it).
inline constexpr std::size_t kMaxRecordBody = 64u << 20;

enum class RecordType : std::uint8_t { kHardState = 1, kEntry = 2, kTruncate = 3 };

struct LogRecord {
  RecordType type = RecordType::kHardState;
  HardState hard_state;  // kHardState
  LogEntry entry;        // kEntry
  Index from = 0;        // kTruncate
};

std::string encode_log_header();

struct LogHeaderCheck {
  enum class Status : std::uint8_t { kOk, kNotALog, kOtherVersion } status = Status::kOk;
  std::uint32_t version = 0;  // kOtherVersion: the file's
  std::string reason;         // unless kOk
};
LogHeaderCheck check_log_header(std::string_view file);

// Append one record to `out`, bytes that will be written at file offset
// `base` (0 when `out` is the whole file, from its header on).
void append_record(std::string& out, std::uint64_t base, const HardState& state);
void append_record(std::string& out, std::uint64_t base, const LogEntry& entry);
void append_truncate_record(std::string& out, std::uint64_t base, Index from);

// A new node's log: the header and the hard state it starts from (term 0, no
// vote). A log without a hard-state record is damaged.
std::string fresh_log_image();

struct RecordParse {
  enum class Status : std::uint8_t {
    kRecord,     // `record` holds a good record ending at `end`
    kEnd,        // offset is the end of the file
    kCutShort,   // the file ends inside this record: inside its head, or before the end its good head announces
    kBadHead,    // the head is all there but fails its checksum: its length means nothing
    kBadRecord,  // the head is good but the record fails its crc, or its contents make no sense; it ends at `end`
  } status = Status::kEnd;
  LogRecord record;
  std::size_t end = 0;  // kRecord, kBadRecord; kCutShort with a good head: where the record would end
  std::string reason;   // unless kRecord / kEnd
};

// Parses the record at `offset` of `file` (the whole file's bytes).
RecordParse parse_record(std::string_view file, std::size_t offset);

}  // namespace store::runtime
