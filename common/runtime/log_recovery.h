// Recovery of a disk log from its bytes (log_record.h), without any I/O:
// what the file replays to, and whether recovery may repair what is wrong
// with it or must refuse. DiskStorage::open acts on the answer.
//
// The only damage recovery repairs is a write torn by a crash. A crash can
// cut the last writes short (the file ends inside a record), and on file
// systems that grow a file before its data lands it can leave zeros in place
// of whole 512-byte sectors up to the end of the file. So the tail from the
// first record R that does not parse is a torn write when every byte from
// some point L to the end of the file is zero, L being R or a multiple of
// 512, and the bytes from R to L are a record cut short: less than a record
// head, or a good head announcing a record that ends after L. A crash cannot
// make a length field wrong, put a complete record with a bad checksum in the
// file, or leave anything after the torn record; each of those is damage, and
// recovery refuses, since entries the cluster acknowledged may be in it or
// after it.
//
// What no log format can tell from a crash, and so is not caught: a disk that
// loses synced bytes exactly as a crash loses unsynced ones (the file cut
// short, or zeroed sector by sector up to its end).
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "node/storage.h"
#include "protocol/messages.h"

namespace store::runtime {

inline constexpr std::size_t kDiskSectorBytes = 512;  // the smallest unit a disk writes whole

// The live state a log replays to.
struct LogReplay {
  HardState hard_state;
  bool has_hard_state = false;
  std::deque<LogEntry> entries;
  std::size_t records = 0;     // good records replayed
  std::size_t good_bytes = 0;  // the header and the good records: the part of the file recovery keeps

  // Records that still mean something: the last hard state and each entry.
  std::size_t live_records() const { return (has_hard_state ? 1 : 0) + entries.size(); }
};

struct LogDamage {
  enum class Kind : std::uint8_t {
    kNotALog,       // no good header: another file, or a header destroyed
    kOtherVersion,  // a good header of another format version
    kDamaged,       // a record damaged in a way no crash leaves
    kNoHardState,   // good records, but none holds the term and vote
  } kind = Kind::kDamaged;
  std::size_t offset = 0;  // the byte where the damage starts
  std::string what;
};

struct LogRecovery {
  LogReplay replay;
  // Set: refuse to start. `replay` then holds what came before the damage.
  std::optional<LogDamage> damage;
  // Set (and no damage): a write torn by a crash, from replay.good_bytes to
  // the end of the file, which recovery cuts off; what was wrong with it.
  std::string torn;
};

LogRecovery recover_log(std::string_view file);

}  // namespace store::runtime
