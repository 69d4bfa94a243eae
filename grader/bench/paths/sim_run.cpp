#include "paths/sim_run.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <memory>

#include "framework/test_context.h"
#include "support/kv_cluster.h"
#include "support/quorum_cluster.h"

namespace store::bench {

namespace {

using grading::KvCluster;
using grading::QuorumCluster;
using grading::SimClerk;

// Peer traffic, each server's messages, fsyncs and node 1's command entries while `counting`.
class CostCounter final : public sim::Observer {
 public:
  void on_send(NodeId from, NodeId to, const Message&, std::size_t wire_size) override {
    if (!counting) return;
    if (!is_client_id(from)) ++per_server[from];
    if (!is_client_id(to)) ++per_server[to];
    if (is_client_id(from) || is_client_id(to)) return;
    ++messages;
    bytes += wire_size;
  }
  std::uint64_t busiest() const {
    std::uint64_t most = 0;
    for (const auto& [server, count] : per_server) most = std::max(most, count);
    return most;
  }
  void on_synced(NodeId, std::uint64_t) override {
    if (counting) ++syncs;
  }
  void on_entries_appended(NodeId node, std::span<const LogEntry> entries) override {
    if (!counting || node != 1) return;
    for (const LogEntry& e : entries) entries_ += e.type == EntryType::kCommand ? 1 : 0;
  }
  bool counting = false;
  std::uint64_t messages = 0;
  std::uint64_t bytes = 0;
  std::uint64_t syncs = 0;
  std::uint64_t entries_ = 0;
  std::map<NodeId, std::uint64_t> per_server;
};

// Moves leadership to node 1, as the real bench does: cut the leader off
// until another is elected, and again, until node 1 leads.
void lead_from_node_one(KvCluster& cluster) {
  for (int attempt = 0; attempt < 50; ++attempt) {
    const NodeId leader = cluster.check_one_leader();
    if (leader == 1) return;
    cluster.disconnect(leader);
    cluster.check_one_leader();
    cluster.connect(leader);
  }
  cluster.fail("node 1 did not become the leader in 50 elections");
}

// The row's store under the profile: Raft's servers on the readers' path,
// or lab 6's replicas with N = the servers and W = R = a majority (R = 1 for
// the stale-read row).
std::unique_ptr<KvCluster> make_cluster(grader::TestContext& ctx, const RunSpec& spec, const BenchRow& reads) {
  const Profile& profile = *spec.profile;
  // Retries only after a loss that cannot happen here: long enough for the
  // farthest round trip and a sync.
  const ClerkConfig clerk{.attempt_timeout = 2 * kSecond, .retry_pause = 10 * kMillisecond};
  const Micros fsync = spec.no_fsync ? 0 : profile.fsync;
  if (spec.row->store == BenchStore::kQuorum) {
    const int majority = spec.nodes / 2 + 1;
    QuorumConfig config{.n = spec.nodes, .w = majority, .r = majority};
    // R = 1 writes nothing back, or it would wait for W replicas after all.
    if (spec.row->read_one) {
      config = {.n = spec.nodes, .w = majority, .r = 1, .allow_stale_reads = true, .write_back = false};
    }
    // Nothing is lost here: no coordinator resends before the farthest
    // replica could have answered, nor gives up before the clerk would.
    config.resend_after = 1 * kSecond;
    config.give_up_after = 1900 * kMillisecond;
    return std::make_unique<QuorumCluster>(ctx, grading::QuorumClusterOptions{.servers = spec.nodes,
                                                                              .network = profile.link(spec.nodes, 1, 1),
                                                                              .fsync_latency = fsync,
                                                                              .quorum = config,
                                                                              .clerk = clerk,
                                                                              .writes_trace = false,
                                                                              .traffic_guard = false});
  }
  grading::KvClusterOptions options;
  options.servers = spec.nodes;
  options.network = profile.link(spec.nodes, 1, 1);
  options.fsync_latency = fsync;
  options.server = {.raft = profile.raft, .read_path = reads.path};
  options.clerk = clerk;
  options.writes_trace = false;
  options.traffic_guard = false;  // 64 clients on 15 us links are a storm by its measure, and correct
  return std::make_unique<KvCluster>(ctx, options);
}

// One client: a clerk beside a server, in a closed loop.
struct Client {
  SimClerk* clerk = nullptr;
  OpType op = OpType::kGet;
  std::string own_key;
  int writes = 0;
};

}  // namespace

double percentile_ms(const std::vector<Micros>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return static_cast<double>(sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1]) / 1000.0;
}

RunResult run_once(const RunSpec& spec) {
  const Profile& profile = *spec.profile;
  const BenchRow& row = *spec.row;
  const BenchRow& reads = spec.reader_row != nullptr ? *spec.reader_row : row;
  grader::TestContext ctx(spec.seed, false, "");
  const bool quorum = row.store == BenchStore::kQuorum;
  const std::unique_ptr<KvCluster> made = make_cluster(ctx, spec, reads);
  KvCluster& cluster = *made;
  sim::Simulator& sim = cluster.sim();
  const std::vector<NodeId> servers = cluster.servers();
  for (NodeId a : servers) {
    for (NodeId b : servers) {
      if (a != b) sim.set_link_profile(a, b, profile.link(spec.nodes, a, b));
    }
    if (spec.apply_lag > 0) sim.set_apply_lag(a, spec.apply_lag);
  }
  if (!quorum) lead_from_node_one(cluster);

  // Client i sits beside server (client_beside + i - 1) mod N + 1 and, on a
  // follower-read path, reads from that server; a lone client beside the
  // leader reads from node 2, a follower. A quorum client sends everything
  // to the server beside it.
  const int total = spec.clients + spec.readers + spec.writers;
  std::vector<Client> clients;
  for (int i = 0; i < total; ++i) {
    const NodeId beside = static_cast<NodeId>((spec.client_beside - 1 + i) % spec.nodes + 1);
    SimClerk& clerk =
        quorum ? static_cast<QuorumCluster&>(cluster).add_client_at(beside) : cluster.add_client();
    for (NodeId s : servers) {
      sim.set_link_profile(clerk.id(), s, profile.link(spec.nodes, beside, s));
      sim.set_link_profile(s, clerk.id(), profile.link(spec.nodes, s, beside));
    }
    if (!quorum) clerk.clerk().set_leader_guess(1);
    const OpType op = i < spec.clients ? row.op : i < spec.clients + spec.readers ? OpType::kGet : OpType::kPut;
    if (op == OpType::kGet && reads.follower_reads) clerk.clerk().set_read_server(total == 1 && beside == 1 ? 2 : beside);
    clients.push_back({.clerk = &clerk,
                       .op = op,
                       .own_key = "w" + std::to_string(i),
                       .writes = 0});
  }
  // 100 keys to read, written by the first client.
  constexpr int kKeys = 100;
  const std::string padding(56, 'x');  // values of 64 bytes, as in the real bench
  for (int k = 0; k < kKeys; ++k) {
    cluster.perform(*clients[0].clerk, OpType::kPut, "r" + std::to_string(k), "v" + std::to_string(k) + padding);
  }

  CostCounter costs;
  sim.add_observer(costs);
  RunResult result;
  bool measuring = false;
  bool stopping = false;
  Micros window_start = 0;
  std::uint64_t measured_count = 0;
  std::function<void(std::size_t)> next = [&](std::size_t i) {
    if (stopping) return;
    Client& c = clients[i];
    const Micros started = sim.now();
    auto done = [&, i, started](const ClerkResult& r) {
      const bool in_window = measuring && started >= window_start;
      if (in_window && r.outcome == ClerkResult::Outcome::kOk) {
        ++result.operations;
        if (static_cast<int>(i) < spec.clients) {
          result.latencies.push_back(r.latency);
          if (++measured_count >= static_cast<std::uint64_t>(spec.target_ops)) stopping = true;
        }
      }
      next(i);
    };
    if (c.op == OpType::kPut) {
      c.clerk->clerk().put(c.own_key, std::to_string(++c.writes) + padding, done);
    } else {
      c.clerk->clerk().get("r" + std::to_string(sim.rng().below(kKeys)), done);
    }
  };
  for (std::size_t i = 0; i < clients.size(); ++i) next(i);
  // A warm-up of a few round trips, then the window.
  cluster.run_for(std::max<Micros>(50 * kMillisecond, 4 * profile.mean_one_way(spec.nodes, 1, spec.nodes) * 2));
  measuring = true;
  costs.counting = true;
  window_start = sim.now();
  if (!cluster.run_until([&] { return stopping; }, spec.max_time)) {
    if (measured_count == 0) cluster.fail("no operation completed in the measured window");
  }
  result.window = sim.now() - window_start;
  costs.counting = false;
  stopping = true;
  cluster.run_for(5 * kSecond);  // let the operations under way finish, unmeasured
  sim.remove_observer(costs);

  std::sort(result.latencies.begin(), result.latencies.end());
  const double ops = static_cast<double>(std::max<std::uint64_t>(result.operations, 1));
  const double seconds = static_cast<double>(std::max<Micros>(result.window, 1)) / 1e6;
  result.ops_per_second = static_cast<double>(measured_count) / seconds;
  result.peer_messages_per_op = static_cast<double>(costs.messages) / ops;
  result.peer_bytes_per_op = static_cast<double>(costs.bytes) / ops;
  result.fsyncs_per_op = static_cast<double>(costs.syncs) / ops;
  result.entries_per_op = static_cast<double>(costs.entries_) / ops;
  result.busiest_server_messages_per_op = static_cast<double>(costs.busiest()) / ops;
  result.trace_hash = sim.trace_hash();
  return result;
}

}  // namespace store::bench
