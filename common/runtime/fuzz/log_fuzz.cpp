// libFuzzer target: the disk log's record parser and recovery, on any file
// contents after a good header. Every record the parser accepts must encode
// to the same bytes at the same offset; whatever recovery accepts must, once
// written compactly, recover to the same state with nothing cut; no input may
// crash either or make it loop.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "runtime/log_record.h"
#include "runtime/log_recovery.h"

using namespace store;
using namespace store::runtime;

namespace {

void check_records(const std::string& file) {
  std::size_t offset = kLogHeaderBytes;
  for (;;) {
    const RecordParse p = parse_record(file, offset);
    if (p.status != RecordParse::Status::kRecord) break;
    std::string again;
    switch (p.record.type) {
      case RecordType::kHardState: append_record(again, offset, p.record.hard_state); break;
      case RecordType::kEntry: append_record(again, offset, p.record.entry); break;
      case RecordType::kTruncate: append_truncate_record(again, offset, p.record.from); break;
    }
    if (again != file.substr(offset, p.end - offset)) std::abort();
    if (p.end <= offset) std::abort();  // no progress: a loop
    offset = p.end;
  }
}

void check_recovery(const std::string& file) {
  const LogRecovery recovery = recover_log(file);
  if (recovery.damage) return;
  const LogReplay& replay = recovery.replay;
  if (replay.good_bytes > file.size() || !replay.has_hard_state) std::abort();
  std::string compact = encode_log_header();
  append_record(compact, 0, replay.hard_state);
  for (const LogEntry& entry : replay.entries) append_record(compact, 0, entry);
  const LogRecovery again = recover_log(compact);
  if (again.damage || !again.torn.empty() || again.replay.hard_state != replay.hard_state ||
      again.replay.entries != replay.entries || again.replay.good_bytes != compact.size()) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string file = encode_log_header() + std::string(reinterpret_cast<const char*>(data), size);
  check_records(file);
  check_recovery(file);
  return 0;
}
