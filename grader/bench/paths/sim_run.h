// One measurement in the simulator: a cluster of the reference key-value
// servers under a profile (Raft's with its leader moved to node 1, or lab 6's
// quorum replicas), closed-loop clients running one row (writes, or gets on
// one read path) until enough operations have completed; latency,
// throughput and what each operation cost in peer messages, bytes, log
// entries and fsyncs, and how much of the work fell on the busiest server.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/types.h"
#include "paths/bench_rows.h"
#include "paths/profiles.h"

namespace store::bench {

struct RunSpec {
  const Profile* profile = nullptr;
  int nodes = 3;
  const BenchRow* row = nullptr;
  int clients = 1;
  // The server the first client sits beside (the others beside the next
  // ones, round the cluster). Node 1 leads a Raft cluster; node N is the
  // farthest from it in the cross-region profile. A quorum client sends to
  // the server beside it, which coordinates its operations.
  NodeId client_beside = 1;
  // Extra clients that only get, on the row's read path, while the clients
  // above put: how much write capacity the reads take.
  int readers = 0;
  // Extra clients that only put, while the clients above get: the apply lag
  // a read waits for when writes keep committing.
  int writers = 0;
  // The read path the readers use (and the servers run); default: the row's.
  const BenchRow* reader_row = nullptr;
  std::uint64_t seed = 1;
  int target_ops = 1000;  // measured operations of the row's kind, then stop
  Micros max_time = 60 * kSecond;
  Micros apply_lag = 0;  // on every server
  bool no_fsync = false;  // storage syncs at once (to see the apply lag alone)
};

struct RunResult {
  std::vector<Micros> latencies;  // of the row's operations, by the first `clients` clients
  std::uint64_t operations = 0;   // every completed operation in the window (gets of readers included)
  Micros window = 0;              // simulated time measured
  double ops_per_second = 0;      // of the row's operations
  double peer_messages_per_op = 0;
  double peer_bytes_per_op = 0;
  double fsyncs_per_op = 0;   // on all servers together
  double entries_per_op = 0;  // command entries node 1 appended (Raft's leader; a quorum store's replica)
  // Messages (peer and client, sent and received) of the server that handled
  // the most, per operation: where the work concentrates.
  double busiest_server_messages_per_op = 0;
  std::uint64_t trace_hash = 0;
};

// Throws grader::TestFailure when the cluster does not get going (no leader,
// an operation that never completes).
RunResult run_once(const RunSpec& spec);

// Nearest-rank percentile in milliseconds (0..100).
double percentile_ms(const std::vector<Micros>& sorted, double p);

}  // namespace store::bench
