// Lab 5 scenarios: shared keys written by many clients, with every way a
// request can reach the servers twice (a lost reply and a retry, a copy the
// network duplicates or holds back, a leader that dies between commit and
// reply). Each ends with every acknowledged append in its list exactly once,
// every counter equal to its increments, and a linearizable history.
#include <string>
#include <vector>

#include "framework/scenario.h"
#include "support/kv_faults.h"
#include "support/session_workload.h"

namespace store::grading {
namespace {

constexpr const char* kHandout = "docs/labs/lab5-sessions.md";

void set_client_links(KvCluster& cluster, const std::vector<SimClerk*>& clients,
                      const sim::NetworkProfile& requests, const sim::NetworkProfile& replies) {
  for (SimClerk* client : clients) {
    for (NodeId server : cluster.servers()) {
      cluster.sim().set_link_profile(client->id(), server, requests);
      cluster.sim().set_link_profile(server, client->id(), replies);
    }
  }
}

// Stops the workload, heals everything, lets open operations finish, and
// checks both what the keys hold and the history.
void finish_and_check(KvCluster& cluster, SessionWorkload& workload, int min_completed) {
  workload.stop();
  cluster.connect_all();
  cluster.set_network(sim::NetworkProfile::lan());
  for (NodeId id : cluster.servers()) {
    if (!cluster.up(id)) cluster.restart(id);
  }
  cluster.run_for(6 * kSecond);  // longer than the clerks' give-up time
  if (workload.completed() < min_completed) {
    cluster.fail("only " + std::to_string(workload.completed()) + " operations completed (expected at least " +
                 std::to_string(min_completed) + ")");
  }
  cluster.ctx().figure("operations completed", workload.completed(), "");
  workload.check_exactly_once(cluster.add_client());
  cluster.check_linearizable();
}

STORE_SCENARIO(lost_replies, {.lab = 5,
                              .name = "lost-replies",
                              .points = 6,
                              .description = "a third of the replies to clients are lost and every lost one is "
                                             "retried: each append and increment still runs once",
                              .handout = std::string(kHandout) + "#test-lost-replies",
                              .default_seeds = 5,
                              .order = 1}) {
  KvCluster cluster(ctx, session_cluster());
  std::vector<SimClerk*> clients = add_clients(cluster, 6);
  sim::NetworkProfile lossy = sim::NetworkProfile::lan();
  lossy.drop_probability = 0.33;
  set_client_links(cluster, clients, sim::NetworkProfile::lan(), lossy);
  SessionWorkload workload(cluster, clients);
  cluster.run_for(3 * kSecond);
  finish_and_check(cluster, workload, 150);
}

STORE_SCENARIO(duplicated_requests, {.lab = 5,
                                     .name = "duplicated-requests",
                                     .points = 6,
                                     .description = "the network delivers client requests twice and late: two "
                                                    "committed copies of one request apply once, and a late copy of "
                                                    "an older request never runs",
                                     .handout = std::string(kHandout) + "#test-duplicated-requests",
                                     .default_seeds = 5,
                                     .order = 2}) {
  sim::NetworkProfile twice = sim::NetworkProfile::lan();
  twice.duplicate_probability = 0.3;
  twice.long_delay_probability = 0.1;
  twice.long_delay_min = 5 * kMillisecond;
  twice.long_delay_max = 150 * kMillisecond;
  KvCluster cluster(ctx, session_cluster());
  std::vector<SimClerk*> clients = add_clients(cluster, 6);
  set_client_links(cluster, clients, twice, twice);
  SessionWorkload workload(cluster, clients);
  cluster.run_for(3 * kSecond);
  finish_and_check(cluster, workload, 150);
}

STORE_SCENARIO(leader_dies_before_reply, {.lab = 5,
                                          .name = "leader-dies-before-reply",
                                          .points = 6,
                                          .description = "leaders crash the moment they commit a command, before "
                                                         "answering, so clients retry at the next leader commands "
                                                         "that already committed: increments over failover add up",
                                          .handout = std::string(kHandout) + "#test-leader-dies-before-reply",
                                          .default_seeds = 5,
                                          .order = 3}) {
  KvCluster cluster(ctx, session_cluster());
  SessionWorkload workload(cluster, add_clients(cluster, 6), {.append_share = 0.3, .increment_share = 0.6});
  CrashOnCommit crash_on_commit(cluster);
  Rng& rng = cluster.sim().rng();
  for (int round = 0; round < 5; ++round) {
    cluster.run_for(rng.between(200, 500) * kMillisecond);
    const NodeId leader = cluster.check_one_leader();
    crash_on_commit.arm(leader);
    cluster.run_until([&] { return crash_on_commit.fired() && !cluster.up(leader); }, 1 * kSecond);
    cluster.run_for(rng.between(300, 600) * kMillisecond);
    if (!cluster.up(leader)) cluster.restart(leader);
  }
  finish_and_check(cluster, workload, 150);
}

STORE_SCENARIO(session_chaos, {.lab = 5,
                               .name = "session-chaos",
                               .points = 8,
                               .description = "shared keys through crashes, pauses, partitions and a network that "
                                              "loses, duplicates and delays requests and replies",
                               .handout = std::string(kHandout) + "#test-session-chaos",
                               .default_seeds = 10,
                               .order = 20}) {
  KvClusterOptions options = session_cluster(sim::NetworkProfile::unreliable());
  options.fsync_latency = 1 * kMillisecond;
  KvCluster cluster(ctx, options);
  SessionWorkload workload(cluster, add_clients(cluster, 6));
  chaos_under_load(
      ctx, cluster, workload,
      {.duration = 4 * kSecond,
       .gap_min = 200 * kMillisecond,
       .gap_max = 600 * kMillisecond,
       .length_min = 100 * kMillisecond,
       .length_max = 700 * kMillisecond,
       .weights = {{FaultKind::kIsolate, 3}, {FaultKind::kSplit, 2}, {FaultKind::kCrash, 3}, {FaultKind::kPause, 1}},
       .servers = 5});
  cluster.run_for(5 * kSecond);  // the clerks give up what is still open
  workload.check_exactly_once(cluster.add_client());
}

}  // namespace
}  // namespace store::grading
