// The seed text's etcd-versus-DynamoDB comparison as simulated-time figures:
// the reference quorum store (lab 6) beside the reference Raft store's read
// paths (labs 2-4), for one client, on a LAN and across three regions.
// Everything is simulated, so each figure is exact and the same on every
// machine; it prints a Markdown table (the one in docs/labs/lab6-quorums.md).
//
//   store_quorum_latency [--operations N]
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "support/latency.h"
#include "support/quorum_cluster.h"

namespace store::grading {
namespace {

// Where the servers and the one client are: a one-way latency between any
// two of them (no jitter, nothing lost: the figures count round trips).
struct Geometry {
  std::string name;
  // latency[a][b] for servers 1..3 (index 0 is the client, beside server 1).
  Micros latency[4][4];
};

Geometry lan() {
  Geometry g{.name = "LAN (100 us everywhere)", .latency = {}};
  for (auto& row : g.latency)
    for (Micros& l : row) l = 100;
  return g;
}

// Three regions: the client and server 1 in A; B is 10 ms from A, C is 40 ms
// from A and 35 ms from B (one way).
Geometry regions() {
  Geometry g{.name = "three regions (A-B 10 ms, A-C 40 ms, B-C 35 ms one way; client in A)", .latency = {}};
  const Micros region_of_a[4] = {0, 0, 10'000, 40'000};
  for (int a = 0; a < 4; ++a) {
    for (int b = 0; b < 4; ++b) g.latency[a][b] = region_of_a[a] + region_of_a[b];
  }
  g.latency[2][3] = g.latency[3][2] = 35'000;
  for (int a = 0; a < 4; ++a) {
    for (int b = 0; b < 4; ++b) {
      if (g.latency[a][b] == 0) g.latency[a][b] = 100;  // the same region
    }
  }
  return g;
}

void place(sim::Simulator& sim, const Geometry& g, NodeId client) {
  const auto id = [&](int i) { return i == 0 ? client : static_cast<NodeId>(i); };
  for (int a = 0; a < 4; ++a) {
    for (int b = 0; b < 4; ++b) {
      if (a != b) sim.set_link_profile(id(a), id(b), {.base_latency = g.latency[a][b], .jitter = 0});
    }
  }
}

struct Row {
  std::string store;
  std::string operation;
  LatencySummary latency;
};

// Alternating puts and gets of one key, each after the last one's copies
// have landed everywhere; the latencies of each kind.
void measure(KvCluster& cluster, SimClerk& client, int operations, std::vector<Micros>& puts,
             std::vector<Micros>& gets) {
  cluster.perform(client, OpType::kPut, "k", "warm-up");
  cluster.run_for(300 * kMillisecond);
  for (int i = 0; i < operations; ++i) {
    const ClerkResult put = cluster.perform(client, OpType::kPut, "k", std::to_string(i));
    if (put.outcome == ClerkResult::Outcome::kOk) puts.push_back(put.latency);
    cluster.run_for(300 * kMillisecond);
    const ClerkResult get = cluster.perform(client, OpType::kGet, "k");
    if (get.outcome == ClerkResult::Outcome::kOk) gets.push_back(get.latency);
    cluster.run_for(300 * kMillisecond);
  }
}

// Puts and gets through server 1 of a quorum store with `config`.
struct Measured {
  LatencySummary put;
  LatencySummary get;
};

Measured measure_quorum(const Geometry& g, int operations, const QuorumConfig& config) {
  grader::TestContext ctx(1, false, "");
  QuorumCluster cluster(ctx,
                        {.servers = 3, .fsync_latency = 1 * kMillisecond, .quorum = config, .writes_trace = false});
  SimClerk& client = cluster.add_client_at(1);
  place(cluster.sim(), g, client.id());
  std::vector<Micros> puts;
  std::vector<Micros> gets;
  measure(cluster, client, operations, puts, gets);
  return {summarize(puts), summarize(gets)};
}

void quorum_rows(const Geometry& g, int operations, std::vector<Row>& rows) {
  const std::string store = "quorum N=3 W=2, client at server 1";
  const Measured abd = measure_quorum(g, operations, {.n = 3, .w = 2, .r = 2});
  rows.push_back({store, "put (W=2)", abd.put});
  rows.push_back({store, "get (R=2, ABD)", abd.get});
  // R = 1 writes nothing back, or it would wait for W replicas after all.
  const Measured one =
      measure_quorum(g, operations, {.n = 3, .w = 2, .r = 1, .allow_stale_reads = true, .write_back = false});
  rows.push_back({store, "get (R=1, may be stale)", one.get});
  // Writes that need no synchronized clocks: a read round first.
  const Measured asking = measure_quorum(g, operations, {.n = 3, .w = 2, .r = 2, .read_before_write = true});
  rows.push_back({store, "put with read_before_write (a read round, then W=2)", asking.put});
}

// The Raft store on `path`, with the leader at `leader`: the first seed that
// elects it there (elections are random; the seed makes each run the same).
std::optional<Row> raft_row(const Geometry& g, ReadPath path, NodeId leader, int operations, bool with_puts,
                            std::vector<Row>& rows) {
  for (std::uint64_t seed = 1; seed <= 200; ++seed) try {
      grader::TestContext ctx(seed, false, "");
      KvCluster cluster(
          ctx, {.servers = 3, .fsync_latency = 1 * kMillisecond, .server = {.read_path = path}, .writes_trace = false});
      SimClerk& client = cluster.add_client();
      place(cluster.sim(), g, client.id());
      cluster.run_for(2 * kSecond);
      if (cluster.check_one_leader() != leader) continue;
      client.clerk().set_leader_guess(leader);
      std::vector<Micros> puts;
      std::vector<Micros> gets;
      measure(cluster, client, operations, puts, gets);
      if (cluster.check_one_leader() != leader) continue;  // an election meanwhile: not this placement
      const std::string store = "Raft, leader at server " + std::to_string(leader);
      if (with_puts) rows.push_back({store, "put", summarize(puts)});
      return Row{store, "get (" + std::string(to_string(path)) + ")", summarize(gets)};
    } catch (const grader::TestFailure&) {
      continue;  // no single leader after 2 s with this seed: try the next
    }
  return std::nullopt;
}

double ms(Micros us) { return static_cast<double>(us) / 1000.0; }

}  // namespace
}  // namespace store::grading

int main(int argc, char** argv) {
  using namespace store;
  using namespace store::grading;
  int operations = 20;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--operations" && i + 1 < argc) {
      operations = std::atoi(argv[++i]);
      if (operations < 1) {
        std::cerr << "store_quorum_latency: --operations needs a positive number\n";
        return 2;
      }
    } else {
      std::cerr << "usage: store_quorum_latency [--operations N]\n";
      return 2;
    }
  }
  try {
    for (const Geometry& g : {lan(), regions()}) {
      std::vector<Row> rows;
      quorum_rows(g, operations, rows);
      for (const NodeId leader : {NodeId{1}, NodeId{3}}) {
        bool first = true;
        for (const ReadPath path : {ReadPath::kLog, ReadPath::kReadIndex, ReadPath::kLease}) {
          if (auto row = raft_row(g, path, leader, operations, first, rows)) {
            rows.push_back(*row);
          } else {
            rows.push_back({"Raft, leader at server " + std::to_string(leader),
                            "get (" + std::string(to_string(path)) + "): no seed of 200 elected this leader",
                            {}});
          }
          first = false;
        }
      }
      std::cout << "\n" << g.name << ", " << operations << " operations of each kind, fsync 1 ms\n\n";
      std::cout << "| store | operation | p50 (ms) | max (ms) |\n|---|---|---|---|\n";
      for (const Row& row : rows) {
        std::cout << "| " << row.store << " | " << row.operation << " | " << ms(row.latency.p50) << " | "
                  << ms(row.latency.max) << " |\n";
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "store_quorum_latency: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
