// Writes the seed corpus of the fuzz targets from real encodings:
//   store_fuzz_make_seeds common/runtime/fuzz/corpus
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "protocol/codec.h"
#include "protocol/kv_command.h"
#include "runtime/frame.h"
#include "runtime/log_record.h"
#include "runtime/wire.h"

using namespace store;
using namespace store::runtime;

namespace {

void write(const std::filesystem::path& dir, const std::string& name, const std::string& bytes) {
  std::filesystem::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary) << bytes;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: store_fuzz_make_seeds CORPUS_DIR\n";
    return 2;
  }
  const std::filesystem::path root = argv[1];
  const Payload payloads[] = {
      Hello{.cluster = "store", .kind = EndpointKind::kPeer, .node = 2},
      Hello{.cluster = "store", .kind = EndpointKind::kClient},
      Welcome{.cluster = "store", .node = 1},
      Refused{.reason = "wrong cluster"},
      Message(ClientRequest{.client_id = 9, .seq = 1, .op = OpType::kPut, .key = "k", .value = "v"}),
      Message(ClientReply{.client_id = 9, .seq = 1, .status = ReplyStatus::kOk, .found = true, .value = "v"}),
      Message(RequestVote{.term = 2, .candidate = 1, .last_log_index = 3, .last_log_term = 1}),
      Message(RequestVoteReply{.term = 2, .granted = true}),
      Message(AppendEntries{.term = 2,
                            .leader = 1,
                            .prev_log_index = 3,
                            .prev_log_term = 1,
                            .entries = {LogEntry{.term = 2, .index = 4, .data = "cmd"}},
                            .leader_commit = 3}),
      Message(AppendEntriesReply{.term = 2, .success = true, .match_index = 4}),
      AdminRequest{.request_id = 1, .op = AdminOp::kDropTraffic, .peers = {2, 3}},
      AdminReply{.request_id = 1, .node = 1, .read_path = "log", .dropping = {2}},
  };
  int n = 0;
  std::string stream(1, '\x07');  // the chunk-size byte, then several frames back to back
  for (const Payload& payload : payloads) {
    const std::string frame = encode_frame(payload, 1u << 20);
    write(root / "frame", "kind" + std::to_string(n), std::string(1, static_cast<char>(n)) + frame);
    stream += frame;
    if (const auto* message = std::get_if<Message>(&payload)) {
      write(root / "request", "message" + std::to_string(n), encode_message(*message));
    }
    ++n;
  }
  write(root / "frame", "stream", stream);
  write(root / "request", "command",
        encode_command({.op = OpType::kAppend, .key = "k", .value = "x", .client_id = 3, .seq = 4, .leader_time = 5}));
  // Records as they follow the 16-byte header the log target puts in front.
  std::string log;
  append_record(log, kLogHeaderBytes, HardState{.term = 3, .voted_for = 2});
  append_record(log, kLogHeaderBytes, LogEntry{.term = 1, .index = 1, .data = "a"});
  append_record(log, kLogHeaderBytes, LogEntry{.term = 3, .index = 2, .type = EntryType::kNoop});
  append_truncate_record(log, kLogHeaderBytes, 2);
  append_record(log, kLogHeaderBytes, LogEntry{.term = 3, .index = 2, .data = std::string(600, 'e')});
  write(root / "log", "records", log);
  write(root / "log", "torn", log.substr(0, log.size() - 3));
  std::string zeroed = log;
  zeroed.replace(512 - kLogHeaderBytes, std::string::npos, zeroed.size() - (512 - kLogHeaderBytes), '\0');
  write(root / "log", "zeroed-sector", zeroed);
  std::cout << "wrote the seed corpus under " << root.string() << "\n";
  return 0;
}
