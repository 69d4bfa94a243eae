// Closed-loop clients against a real cluster, each a clerk over TCP, all on
// one event loop, recording a history for the checker.
//
// Every key has a single writer (its owner client), the others only read it:
// lab-2 servers have no duplicate detection, and a retried put is harmless
// only when no other client writes that key (see DESIGN.md, "The lab
// sequence"). Values are unique ("c3-17"), padded to a size when asked.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "clerk/clerk.h"
#include "history/history.h"
#include "runtime/address.h"

namespace store::runtime {

struct Workload {
  enum class Mix : std::uint8_t {
    kMixed,  // puts and deletes of own keys, gets of any key
    kPuts,   // puts of own keys only
    kGets,   // gets of any key only
  };
  int clients = 4;
  // More clients that only get (any key), beside the `clients` above: how
  // much capacity reads take from writes (issue 15's "log reads burn
  // replication capacity").
  int readers = 0;
  int keys_per_client = 3;
  Mix mix = Mix::kMixed;
  double write_fraction = 0.5;   // kMixed: the share of writes
  double delete_fraction = 0.1;  // kMixed: the share of writes that are deletes
  std::size_t value_size = 0;    // 0: the short unique value; else padded to this many bytes
  std::uint64_t seed = 1;
  // Gets go first to a server of the client's own (client i to the i-th
  // server), leader or not: follower reads, with servers started with
  // --read-path read-index-follower. Otherwise to the presumed leader.
  bool spread_reads = false;
  NodeId read_server = kNoNode;  // else: every client's gets go to this server first
  bool record_history = true;
  ClerkConfig clerk{
      .attempt_timeout = 200 * kMillisecond, .retry_pause = 20 * kMillisecond, .give_up_after = 3 * kSecond};
};

// What run() did (populate() and final_reads() are not counted): latencies of
// completed (ok) operations in microseconds, by kind, and outcome counts.
struct LoadStats {
  std::vector<Micros> gets;
  std::vector<Micros> puts;
  std::vector<Micros> deletes;
  std::uint64_t ok = 0;
  std::uint64_t failed = 0;   // definitely did not happen
  std::uint64_t unknown = 0;  // may have happened (timeouts)
  Micros elapsed = 0;         // of the load phases

  // The p-th percentile (0..100) of sorted-on-demand latencies; 0 when empty.
  static Micros percentile(std::vector<Micros> latencies, double p);
};

class LoadGenerator {
 public:
  LoadGenerator(std::map<NodeId, HostPort> servers, std::string cluster, Workload workload);
  ~LoadGenerator();
  LoadGenerator(const LoadGenerator&) = delete;
  LoadGenerator& operator=(const LoadGenerator&) = delete;

  // Writes one value to every key first (so that gets find something), by
  // the keys' owners. Returns false if some write did not succeed in time.
  bool populate(Micros timeout);
  // Runs the workload for `duration` (or until stop()), then waits up to
  // `drain` for the operations still running; any left stay open in the
  // history (as if the clients crashed). Blocks the calling thread.
  void run(Micros duration, Micros drain = 5 * kSecond);
  // Every owner reads each of its keys once (recorded): after the faults,
  // this is what shows a lost acknowledged write. Returns false if some
  // read did not succeed in time.
  bool final_reads(Micros timeout);
  // Ends run() early; safe from any thread.
  void stop();

  const history::History& history() const;
  const LoadStats& stats() const;
  // The latest acknowledged value of each key (absent keys: none), by its owner.
  const std::map<std::string, std::string>& acknowledged() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace store::runtime
