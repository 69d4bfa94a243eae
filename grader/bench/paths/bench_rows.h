// The rows every read-path benchmark measures, in one place: writes, then
// each read path of common/node/server.h, then lab 6's quorum store beside
// them (in the simulator only: store-node hosts the Raft store). The simulator bench, the real
// bench (which asks `store-bench-paths --list-rows`) and the report all read
// this list, so a path appears in every table and plot as soon as it is here.
//
// A row whose lab the reference has not implemented yet is listed but never
// run: tables show "lab N" in place of figures.
#pragma once

#include <span>
#include <string_view>

#include "node/server.h"
#include "protocol/messages.h"

namespace store::bench {

// Which store a row measures: the Raft store of labs 1-5, or the leaderless
// quorum store of lab 6 (which has no leader and no read path).
enum class BenchStore { kRaft, kQuorum };

struct BenchRow {
  std::string_view name;  // the row's name in tables and JSON; for Raft reads also the --read-path value
  OpType op;              // kPut for the write rows, kGet for the read rows
  ReadPath path;          // the Raft servers' read path (the write row runs on log-read servers)
  int lab;                // the lab that brings it
  bool available;         // implemented by the reference today
  bool follower_reads;    // clients send their gets to a server of their own, leader or not
  std::string_view what;  // one line for the report
  BenchStore store = BenchStore::kRaft;
  // Quorum rows: N is the number of servers and W a majority of them; R is a
  // majority too (linearizable, with ABD's write-back), or 1 (may be stale).
  bool read_one = false;
};

inline constexpr BenchRow kBenchRows[] = {
    {"write", OpType::kPut, ReadPath::kLog, 1, true, false, "put: a log entry replicated to a majority, fsynced"},
    {"log", OpType::kGet, ReadPath::kLog, 2, true, false, "get through the log, like a write"},
    {"read-index", OpType::kGet, ReadPath::kReadIndex, 3, true, false,
     "get on the leader after a heartbeat round (ReadIndex)"},
    {"read-index-follower", OpType::kGet, ReadPath::kFollowerRead, 3, true, true,
     "get on a follower, with a read index it asks the leader for"},
    {"lease", OpType::kGet, ReadPath::kLease, 4, true, false, "get on the leader under its lease, no messages"},
    {"quorum-put", OpType::kPut, ReadPath::kLog, 6, true, false,
     "quorum store (no leader), N = servers, W = majority: put through the nearest server, fsynced at W replicas",
     BenchStore::kQuorum},
    {"quorum-get", OpType::kGet, ReadPath::kLog, 6, true, false,
     "quorum store, R = majority: the newest of R replies, written back unless they agree (ABD; linearizable)",
     BenchStore::kQuorum},
    {"quorum-get-one", OpType::kGet, ReadPath::kLog, 6, true, false,
     "quorum store, R = 1: the first reply (DynamoDB's eventually consistent read; may be stale)",
     BenchStore::kQuorum, true},
};

inline std::span<const BenchRow> bench_rows() { return kBenchRows; }
// The row of that name, or nullptr.
const BenchRow* find_row(std::string_view name);

}  // namespace store::bench
