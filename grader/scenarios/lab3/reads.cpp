// Lab 3 scenarios: reads that append nothing to the log, what they cost, and
// how they share heartbeat rounds.
#include <algorithm>
#include <optional>
#include <string>

#include "framework/scenario.h"
#include "support/kv_workload.h"
#include "support/latency.h"
#include "support/read_latency.h"
#include "support/traffic.h"

namespace store::grading {
namespace {

constexpr const char* kHandout = "docs/labs/lab3-readindex.md";

STORE_LAB(3, "ReadIndex reads");

// Counts the command entries any server appends to its log.
class CommandAppends final : public sim::Observer {
 public:
  explicit CommandAppends(sim::Simulator& sim) : sim_(sim) { sim_.add_observer(*this); }
  ~CommandAppends() override { sim_.remove_observer(*this); }
  CommandAppends(const CommandAppends&) = delete;
  CommandAppends& operator=(const CommandAppends&) = delete;
  void on_entries_appended(NodeId, std::span<const LogEntry> entries) override {
    for (const LogEntry& e : entries) count += e.type == EntryType::kCommand ? 1 : 0;
  }
  std::uint64_t count = 0;

 private:
  sim::Simulator& sim_;
};

STORE_SCENARIO(reads_append_nothing, {.lab = 3,
                                      .name = "reads-append-nothing",
                                      .points = 5,
                                      .description = "read-index gets return the latest value and add no entry to "
                                                     "any log",
                                      .handout = std::string(kHandout) + "#test-reads-append-nothing",
                                      .order = 1}) {
  KvCluster cluster(ctx, {.server = {.read_path = ReadPath::kReadIndex}});
  SimClerk& client = cluster.add_client();
  cluster.perform(client, OpType::kPut, "x", "1");
  {
    CommandAppends appends(cluster.sim());
    for (int i = 0; i < 100; ++i) {
      const ClerkResult r = cluster.perform(client, OpType::kGet, "x");
      if (r.outcome != ClerkResult::Outcome::kOk || r.value != "1") {
        cluster.fail("get x after put x = 1 returned '" + r.value + "' (" + (r.found ? "found" : "not found") + ")");
      }
    }
    ctx.figure("log entries per read", static_cast<double>(appends.count) / 100, "");
    if (appends.count > 0) {
      cluster.fail(std::to_string(appends.count) +
                   " command entries were appended to logs during 100 gets and no puts: a read-index read is "
                   "confirmed by a heartbeat round and appends nothing");
    }
  }
  for (int i = 0; i < 30; ++i) {
    const std::string value = "v" + std::to_string(i);
    cluster.perform(client, OpType::kPut, "x", value);
    const ClerkResult r = cluster.perform(client, OpType::kGet, "x");
    if (r.value != value) cluster.fail("get x right after put x = " + value + " returned '" + r.value + "'");
  }
  cluster.check_linearizable();
}

STORE_SCENARIO(read_batching, {.lab = 3,
                               .name = "read-batching",
                               .points = 5,
                               .description = "100 reads at once share a few heartbeat rounds instead of one each",
                               .handout = std::string(kHandout) + "#test-read-batching",
                               .order = 2}) {
  KvCluster cluster(ctx, {.server = {.read_path = ReadPath::kReadIndex}});
  std::vector<SimClerk*> clients = add_clients(cluster, 100);
  cluster.perform(*clients[0], OpType::kPut, "x", "1");
  const NodeId leader = cluster.check_one_leader();
  for (SimClerk* c : clients) c->clerk().set_leader_guess(leader);
  cluster.run_for(100 * kMillisecond);

  MessageLog peers(cluster.sim(), peer_messages());
  const Micros start = cluster.sim().now();
  int done = 0;
  for (SimClerk* c : clients) {
    c->clerk().get("x", [&](const ClerkResult& r) {
      if (r.outcome == ClerkResult::Outcome::kOk) ++done;
    });
  }
  if (!cluster.run_until([&] { return done == 100; }, 2 * kSecond)) {
    cluster.fail("only " + std::to_string(done) + " of 100 reads sent at once were answered within 2 s");
  }
  const double per_read = static_cast<double>(peers.size()) / 100;
  ctx.figure("peer messages per read (100 at once)", per_read, "");
  ctx.figure("time to answer all 100", static_cast<double>(cluster.sim().now() - start) / kMillisecond, "ms");
  if (per_read >= 1.0) {
    cluster.fail("100 reads sent at once cost " + std::to_string(peers.size()) +
                 " messages between servers: one heartbeat round serves every read that was waiting when it "
                 "began (budget: fewer than 1 per read)");
  }
  cluster.check_linearizable();
}

STORE_SCENARIO(read_latency, {.lab = 3,
                              .name = "read-latency",
                              .points = 5,
                              .description = "a read-index get takes about two round trips and no fsync, faster "
                                             "than a get through the log",
                              .handout = std::string(kHandout) + "#test-read-latency",
                              .default_seeds = 2,
                              .order = 3}) {
  const PathLatency index = measure_reads(ctx, ReadPath::kReadIndex, true);
  const PathLatency log = measure_reads(ctx, ReadPath::kLog, false);
  const PathLatency follower = measure_reads(ctx, ReadPath::kFollowerRead, false);
  const double rtt = static_cast<double>(round_trip(sim::NetworkProfile::lan()));
  ctx.figure("read-index get p50", static_cast<double>(index.get.p50) / rtt, "RTT");
  ctx.figure("read-index get p99", static_cast<double>(index.get.p99) / rtt, "RTT");
  ctx.figure("log get p50", static_cast<double>(log.get.p50) / rtt, "RTT");
  ctx.figure("follower get p50", static_cast<double>(follower.get.p50) / rtt, "RTT");
  ctx.figure("read-index get p50", static_cast<double>(index.get.p50), "us");
  ctx.figure("log get p50", static_cast<double>(log.get.p50), "us");
  ctx.figure("follower get p50", static_cast<double>(follower.get.p50), "us");
  ctx.figure("peer messages per read under load (read-index)", index.peer_messages_per_read, "");
  ctx.figure("peer messages per read under load (follower reads)", follower.peer_messages_per_read, "");
  if (static_cast<double>(index.get.p50) > 2.2 * rtt) {
    ctx.fail("read-index get p50 is " + std::to_string(index.get.p50) + " us, more than 2.2 network round trips (" +
             std::to_string(static_cast<Micros>(2.2 * rtt)) +
             " us): one between client and leader, one for the heartbeat round, and no fsync");
  }
  if (index.get.p50 >= log.get.p50) {
    ctx.fail("read-index get p50 (" + std::to_string(index.get.p50) + " us) is no faster than a get through the log (" +
             std::to_string(log.get.p50) + " us), which pays a replication round and an fsync");
  }
  if (index.peer_messages_per_read >= 1.0) {
    ctx.fail("under load, read-index reads cost " + std::to_string(index.peer_messages_per_read) +
             " peer messages each: reads that wait should share a heartbeat round (budget: fewer than 1 per read)");
  }
}

}  // namespace
}  // namespace store::grading
