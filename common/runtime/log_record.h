// The disk log's file format: a header, then records, each with a CRC.
//
//   file    = header record*
//   header  = "STORELOG" (8 bytes) | version u32 | crc32c of the 12 bytes before, u32      (16 bytes)
//   record  = length u32 | crc u32 | type u8 | body[length]
//             crc = crc32c(type byte + body); integers little-endian
//   types   1 hard state   body = term u64 | voted_for i32
//           2 entry        body = term u64 | index u64 | entry type u8 | data (the rest)
//           3 truncate     body = from u64  (drop every entry with index >= from)
//
// The file is only ever appended to while a node runs; its meaning is the
// replay of its records in order, so whatever prefix of the writes a crash
// keeps is a state the node really was in. Parsing reports where a record is
// incomplete (a torn tail) or fails its CRC or contents, so that recovery can
// decide what to do (disk_storage.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "node/storage.h"
#include "protocol/messages.h"

namespace store::runtime {

inline constexpr std::string_view kLogMagic = "STORELOG";
inline constexpr std::uint32_t kLogVersion = 1;
inline constexpr std::size_t kLogHeaderBytes = 16;
inline constexpr std::size_t kRecordHeaderBytes = 9;  // length, crc, type
// A record body larger than this is taken as a corrupt length (no entry is near it).
inline constexpr std::size_t kMaxRecordBody = 64u << 20;

enum class RecordType : std::uint8_t { kHardState = 1, kEntry = 2, kTruncate = 3 };

struct LogRecord {
  RecordType type = RecordType::kHardState;
  HardState hard_state;  // kHardState
  LogEntry entry;        // kEntry
  Index from = 0;        // kTruncate
};

std::string encode_log_header();
// Empty when the header is good, else why it is not.
std::string check_log_header(std::string_view file);

void append_record(std::string& out, const HardState& state);
void append_record(std::string& out, const LogEntry& entry);
void append_truncate_record(std::string& out, Index from);

struct RecordParse {
  enum class Status : std::uint8_t {
    kRecord,      // `record` holds a good record ending at `end`
    kEnd,         // offset is the end of the file
    kIncomplete,  // the file ends inside this record (a torn write)
    kCorrupt,     // the record is complete but its CRC or contents are wrong; `end` is where it claims to end
  } status = Status::kEnd;
  LogRecord record;
  std::size_t end = 0;
  std::string reason;  // kIncomplete / kCorrupt
};

// Parses the record at `offset` of `file` (the whole file's bytes).
RecordParse parse_record(std::string_view file, std::size_t offset);

}  // namespace store::runtime
