// libFuzzer target: the disk log's record parser, on any file contents after
// a good header. Every record it accepts must encode to the same bytes; no
// input may crash it or make it loop.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "runtime/log_record.h"

using namespace store;
using namespace store::runtime;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string file = encode_log_header() + std::string(reinterpret_cast<const char*>(data), size);
  std::size_t offset = kLogHeaderBytes;
  for (;;) {
    const RecordParse p = parse_record(file, offset);
    if (p.status != RecordParse::Status::kRecord) break;
    std::string again;
    switch (p.record.type) {
      case RecordType::kHardState: append_record(again, p.record.hard_state); break;
      case RecordType::kEntry: append_record(again, p.record.entry); break;
      case RecordType::kTruncate: append_truncate_record(again, p.record.from); break;
    }
    if (again != file.substr(offset, p.end - offset)) std::abort();
    if (p.end <= offset) std::abort();  // no progress: a loop
    offset = p.end;
  }
  return 0;
}
