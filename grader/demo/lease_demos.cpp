#include "demo/lease_demos.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

#include "framework/test_context.h"
#include "support/kv_cluster.h"

namespace store::demo {

namespace {

using grading::KvCluster;
using grading::SimClerk;

// A client that reads x again as soon as a read completes, until told to stop.
struct Reader {
  explicit Reader(SimClerk& c) : clerk(c) {}
  void next() {
    if (reading) clerk.clerk().get("x", [this](const ClerkResult&) { next(); });
  }
  SimClerk& clerk;
  bool reading = true;
};

struct Outcome {
  bool stale = false;
  std::string what;  // the checker's explanation, or how many operations were checked
};

// Eight times: x = old; the leader's clocks are set by `skew` (and then
// `at_cut`, the moment the leader is cut off from the other servers), while
// a client that knows only the leader keeps reading x; the others elect a
// leader and commit x = new. The history is checked at the end.
Outcome run(const DemoOptions& options, const std::string& name, int servers,
            const std::function<void(KvCluster&, NodeId leader)>& skew,
            const std::function<void(KvCluster&, NodeId leader)>& at_cut) {
  std::filesystem::create_directories(options.out_dir);
  grader::TestContext ctx(options.seed, false, "");
  ctx.set_artifact_stem(options.out_dir + "/" + name + "-seed" + std::to_string(options.seed));
  try {
    KvCluster cluster(ctx, {.servers = servers, .server = {.read_path = ReadPath::kLease}});
    std::vector<std::unique_ptr<Reader>> readers;  // outlive their rounds: a last get may still be on its way
    SimClerk& writer = cluster.add_client();
    for (int round = 0; round < 8; ++round) {
      cluster.perform(writer, OpType::kPut, "x", "old-" + std::to_string(round));
      const NodeId leader = cluster.check_one_leader();
      skew(cluster, leader);
      cluster.run_for(300 * kMillisecond);
      readers.push_back(std::make_unique<Reader>(cluster.add_client_of({leader})));
      readers.back()->next();
      std::vector<NodeId> others;
      for (NodeId id : cluster.servers()) {
        if (id != leader) others.push_back(id);
      }
      cluster.partition({{leader}, others});
      at_cut(cluster, leader);
      NodeId successor = kNoNode;
      cluster.run_until(
          [&] {
            for (NodeId id : others) {
              if (cluster.sim().status(id).role == Role::kLeader) successor = id;
            }
            return successor != kNoNode;
          },
          5 * kSecond);
      writer.clerk().set_leader_guess(successor);
      cluster.perform(writer, OpType::kPut, "x", "new-" + std::to_string(round));
      cluster.run_for(300 * kMillisecond);
      readers.back()->reading = false;
      cluster.connect_all();
      for (NodeId id : cluster.servers()) cluster.set_clock_rate(id, 1.0);
      cluster.run_for(1 * kSecond);
    }
    cluster.check_linearizable();
    return {.stale = false, .what = std::to_string(cluster.history().records.size()) + " operations, linearizable"};
  } catch (const grader::TestFailure& failure) {
    return {.stale = true, .what = failure.what()};
  }
}

void show(std::ostream& out, const std::string& title, const Outcome& outcome) {
  out << "  " << title << ":\n    " << (outcome.stale ? "STALE READ FOUND. " : "no stale read: ") << outcome.what
      << "\n";
}

}  // namespace

bool lease_drift(const DemoOptions& options, std::ostream& out) {
  out << "lease-drift (seed " << options.seed << "): leases assume clocks drift apart by at most 1% (the default\n"
      << "clock_drift_bound). The leader is cut off while a client keeps reading from it, and the others\n"
      << "elect a leader and commit a newer value.\n";
  const Outcome beyond = run(
      options, "lease-drift-beyond", 5,
      [](KvCluster& cluster, NodeId leader) {
        for (NodeId id : cluster.servers()) cluster.set_clock_rate(id, id == leader ? 0.8 : 1.2);
      },
      [](KvCluster&, NodeId) {});
  show(out, "beyond the bound: the leader's clock 20% slow, the followers' 20% fast", beyond);
  const Outcome within = run(
      options, "lease-drift-within", 5,
      [](KvCluster& cluster, NodeId leader) {
        for (NodeId id : cluster.servers()) cluster.set_clock_rate(id, id == leader ? 0.995 : 1.005);
      },
      [](KvCluster&, NodeId) {});
  show(out, "within the bound: 0.5% slow and 0.5% fast", within);
  return beyond.stale && !within.stale;
}

bool clock_jump(const DemoOptions& options, std::ostream& out) {
  out << "clock-jump (seed " << options.seed << "): three servers; the leader is cut off while a client keeps\n"
      << "reading from it, and the other two elect a leader and commit a newer value.\n";
  const Outcome jumped = run(
      options, "clock-jump", 3, [](KvCluster&, NodeId) {},
      [](KvCluster& cluster, NodeId leader) {
        // An NTP step on both followers: 150 ms of their promise gone at once.
        for (NodeId id : cluster.servers()) {
          if (id != leader) cluster.sim().jump_clock(id, 150 * kMillisecond);
        }
      });
  show(out, "the followers' clocks jump 150 ms forward the moment the leader is cut off", jumped);
  const Outcome steady = run(
      options, "clock-steady", 3, [](KvCluster&, NodeId) {}, [](KvCluster&, NodeId) {});
  show(out, "the same without the jump", steady);
  return jumped.stale && !steady.stale;
}

}  // namespace store::demo
