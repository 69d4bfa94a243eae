// Lab 5 scenarios: sessions that end. An idle session expires by the log's
// clock, identically on every server whatever their own clocks say; a live
// one never does; a copy of a request that arrives after its session is gone
// never runs; and a table fed by ten thousand short-lived clients stays small.
#include <functional>
#include <string>
#include <vector>

#include "framework/scenario.h"
#include "support/session_monitors.h"
#include "support/session_workload.h"

namespace store::grading {
namespace {

constexpr const char* kHandout = "docs/labs/lab5-sessions.md";
using Outcome = ClerkResult::Outcome;

std::string get_value(KvCluster& cluster, SimClerk& reader, const std::string& key) {
  const ClerkResult r = cluster.perform(reader, OpType::kGet, key);
  if (r.outcome != Outcome::kOk) cluster.fail("get " + key + " failed: " + r.error);
  return r.value;
}

STORE_SCENARIO(idle_session_expires, {.lab = 5,
                                      .name = "idle-session-expires",
                                      .points = 5,
                                      .description = "a session idle past the timeout expires: a late request in "
                                                     "it is refused with session-expired, also after its client "
                                                     "registered again; a client writing steadily keeps its one "
                                                     "session",
                                      .handout = std::string(kHandout) + "#test-idle-session-expires",
                                      .order = 10}) {
  KvClusterOptions options = session_cluster(sim::NetworkProfile::lan(), 2 * kSecond, 1 * kSecond);
  options.servers = 3;
  KvCluster cluster(ctx, options);
  ClientTraffic traffic(cluster);
  SessionAgreement agreement(cluster);
  SimClerk& idle = cluster.add_client();
  SimClerk& steady = cluster.add_client();
  SimClerk& reader = cluster.add_client();
  if (cluster.perform(idle, OpType::kIncrement, "idle", "1").value != "1") cluster.fail("increment idle by 1 failed");
  const ClientRequest old = traffic.last_request_of(idle, OpType::kIncrement);

  // Four seconds of one write every 100 ms from the steady client. After one
  // second a retry of the idle client's increment (its reply was lost, say)
  // gets the same reply; however it is answered, every server's table must
  // still agree at every index (a leader answering from its table must not
  // change it on its own, or its sessions outlive everyone else's).
  for (int i = 0; i < 40; ++i) {
    if (i == 10) {
      const ClientReply retry = traffic.deliver_late_copy(idle, old, cluster.check_one_leader());
      if (retry.status != ReplyStatus::kOk || retry.value != "1") {
        cluster.fail("a retry of the idle client's latest increment, in its live session, was answered " +
                     std::string(to_string(retry.status)) + " '" + retry.value + "' " + retry.error +
                     " instead of its cached reply (ok, 1)");
      }
    }
    if (cluster.perform(steady, OpType::kIncrement, "steady", "1").outcome != Outcome::kOk) {
      cluster.fail("an increment of the steady client failed");
    }
    cluster.run_for(100 * kMillisecond);
  }
  if (steady.clerk().sessions_registered() != 1) {
    cluster.fail("a client writing every 100 ms had to register " +
                 std::to_string(steady.clerk().sessions_registered()) +
                 " sessions with a 2 s timeout: a session expires only after the timeout without a request");
  }

  // The idle client's session is 4 s old: a copy of its last request now
  // must be refused, and must not run.
  const ClientReply reply = traffic.deliver_late_copy(idle, old, cluster.check_one_leader());
  if (reply.status != ReplyStatus::kSessionExpired) {
    cluster.fail("a request in a session idle for 4 s (timeout 2 s) was answered " +
                 std::string(to_string(reply.status)) + " '" + reply.value +
                 "' instead of session-expired: idle sessions must expire (or the table grows without bound)");
  }
  if (const std::string value = get_value(cluster, reader, "idle"); value != "1") {
    cluster.fail("a late copy of increment idle by 1, in an expired session, ran again: idle is " + value);
  }

  // Its client comes back: a new session, and the write runs once.
  const ClerkResult again = cluster.perform(idle, OpType::kIncrement, "idle", "1");
  if (again.outcome != Outcome::kOk || again.value != "2") {
    cluster.fail("after its session expired, a client's next increment returned '" + again.value + "' (" +
                 again.error + "), not 2");
  }
  ctx.figure("sessions registered by the returning client", idle.clerk().sessions_registered(), "");

  // A copy of its register and then one of the old increment turn up late.
  // The register opens (at most) a new session; the old one stays gone.
  traffic.deliver_late_copy(idle, traffic.last_request_of(idle, OpType::kRegister), cluster.check_one_leader());
  const ClientReply after_return = traffic.deliver_late_copy(idle, old, cluster.check_one_leader());
  if (after_return.status != ReplyStatus::kSessionExpired) {
    cluster.fail("a copy of a request in an expired session, delivered after its client registered again (and a "
                 "late copy of that register), was answered " + std::string(to_string(after_return.status)) +
                 " '" + after_return.value + "' instead of session-expired: a session id must never be reused");
  }
  if (const std::string value = get_value(cluster, reader, "idle"); value != "2") {
    cluster.fail("a copy of increment idle by 1 from an expired session ran after its client registered again: "
                 "idle is " + value + ", not 2 (an id handed out again lets old copies run)");
  }
  cluster.check_linearizable();
}

STORE_SCENARIO(late_copies, {.lab = 5,
                             .name = "late-copies",
                             .points = 5,
                             .description = "a late copy of an older request never runs: not in a live session, "
                                            "and not after its session expired and every server restarted",
                             .handout = std::string(kHandout) + "#test-late-copies",
                             .order = 11}) {
  KvClusterOptions options = session_cluster(sim::NetworkProfile::lan(), 2 * kSecond, 1 * kSecond);
  options.servers = 3;
  options.fsync_latency = 1 * kMillisecond;
  KvCluster cluster(ctx, options);
  ClientTraffic traffic(cluster);
  SimClerk& writer = cluster.add_client();
  SimClerk& other = cluster.add_client();
  SimClerk& reader = cluster.add_client();
  cluster.perform(writer, OpType::kAppend, "list", "a1;");
  const ClientRequest first = traffic.last_request_of(writer, OpType::kAppend);
  cluster.perform(writer, OpType::kAppend, "list", "a2;");
  const ClientRequest second = traffic.last_request_of(writer, OpType::kAppend);

  // The session is live and has moved on: the older copy must change nothing.
  traffic.deliver_late_copy(writer, first, cluster.check_one_leader());
  if (const std::string value = get_value(cluster, reader, "list"); value != "a1;a2;") {
    cluster.fail("after append a1 then a2 were acknowledged, a late copy of the first (an older sequence number "
                 "than the session's latest) left list = '" + value + "': only a newer number is a new request");
  }

  // Another client keeps the log moving for 3 s while the writer is silent,
  // then every server crashes and restarts: each rebuilds its table from the
  // log and must agree that the writer's session has expired.
  for (int i = 0; i < 30; ++i) {
    cluster.perform(other, OpType::kIncrement, "other", "1");
    cluster.run_for(100 * kMillisecond);
  }
  for (NodeId id : cluster.servers()) cluster.crash(id);
  for (NodeId id : cluster.servers()) cluster.restart(id);
  get_value(cluster, reader, "list");  // a leader that has applied its log
  const ClientReply reply = traffic.deliver_late_copy(writer, second, cluster.check_one_leader());
  if (reply.status != ReplyStatus::kSessionExpired) {
    cluster.fail("a copy of the last request of a session idle for 3 s (timeout 2 s), delivered after every server "
                 "restarted, was answered " + std::string(to_string(reply.status)) +
                 " instead of session-expired: a server must never take an unknown session for a new one");
  }
  if (const std::string value = get_value(cluster, reader, "list"); value != "a1;a2;") {
    cluster.fail("a copy of append a2 delivered after its session expired left list = '" + value + "'");
  }
  cluster.check_linearizable();
}

STORE_SCENARIO(skewed_clocks, {.lab = 5,
                               .name = "skewed-clocks",
                               .points = 6,
                               .description = "servers' clocks differ by up to 600 ms and leaders change while "
                                              "sessions come and go: every server's table holds the same sessions "
                                              "at every log index, and busy clients keep theirs",
                               .handout = std::string(kHandout) + "#test-skewed-clocks",
                               .default_seeds = 5,
                               .order = 12}) {
  KvCluster cluster(ctx, session_cluster(sim::NetworkProfile::lan(), 3 * kSecond, 1 * kSecond));
  Rng& rng = cluster.sim().rng();
  for (NodeId id : cluster.servers()) {
    cluster.sim().set_clock(id, rng.between(-300, 300) * kMillisecond, rng.between(-500, 500));
  }
  SessionAgreement agreement(cluster);
  std::vector<SimClerk*> busy = add_clients(cluster, 3);
  std::vector<SimClerk*> nappers = add_clients(cluster, 5);
  SessionWorkload steady(cluster, busy);
  // Pauses of up to 5 s: some shorter than the timeout, some longer.
  SessionWorkload napping(cluster, nappers, {.think_max = 5 * kSecond, .prefix = "nap-"});
  for (int round = 0; round < 3; ++round) {
    cluster.run_for(rng.between(1500, 2500) * kMillisecond);
    const NodeId leader = cluster.check_one_leader();
    cluster.disconnect(leader);  // another server, with another clock, leads
    cluster.run_for(rng.between(300, 600) * kMillisecond);
    cluster.connect(leader);
  }
  cluster.run_for(2 * kSecond);
  steady.stop();
  napping.stop();
  cluster.run_for(2 * kSecond);
  ctx.figure("log indexes compared", static_cast<double>(agreement.compared()), "");
  if (agreement.compared() < 100) {
    cluster.fail("servers reported their applied index at only " + std::to_string(agreement.compared()) +
                 " common log indexes: status() must give the applied index and the session count");
  }
  for (SimClerk* client : busy) {
    if (client->clerk().sessions_registered() > 1) {
      cluster.fail("client " + std::to_string(client->id()) + ", never idle for more than 10 ms, registered " +
                   std::to_string(client->clerk().sessions_registered()) +
                   " sessions (timeout 3 s, clocks within 600 ms of each other)");
    }
  }
  steady.check_exactly_once(cluster.add_client());
  cluster.check_linearizable();
}

STORE_SCENARIO(many_short_clients, {.lab = 5,
                                    .name = "many-short-clients",
                                    .points = 5,
                                    .description = "10,000 clients each register, write once and vanish: the "
                                                   "session table stays bounded by the clients of one timeout",
                                    .handout = std::string(kHandout) + "#test-many-short-clients",
                                    .default_seeds = 2,
                                    .order = 13}) {
  KvClusterOptions options = session_cluster(sim::NetworkProfile::lan(), 1 * kSecond, 500 * kMillisecond);
  options.servers = 3;
  KvCluster cluster(ctx, options);
  SessionAgreement agreement(cluster);
  std::vector<SimClerk*> pool = add_clients(cluster, 20);
  constexpr int kClients = 10000;
  constexpr Micros kEvery = 2 * kMillisecond;  // 500 new clients a second, so about 500 live sessions
  int started = 0;
  int finished = 0;
  int acknowledged = 0;
  int unknown = 0;
  std::vector<bool> retired(pool.size());
  std::function<void()> next = [&] {
    if (started == kClients) return;
    SimClerk& endpoint = *pool[static_cast<std::size_t>(started) % pool.size()];
    const std::size_t slot = static_cast<std::size_t>(started) % pool.size();
    if (!retired[slot] && !endpoint.clerk().busy()) {
      endpoint.renew(1'000'000 + static_cast<std::uint64_t>(started));
      ++started;
      endpoint.clerk().increment("visits", 1, [&, slot](const ClerkResult& r) {
        ++finished;
        if (r.outcome == Outcome::kOk) ++acknowledged;
        if (r.outcome == Outcome::kUnknown) ++unknown, retired[slot] = true;
      });
    }
    cluster.sim().schedule_after(kEvery, next);
  };
  next();
  if (!cluster.run_until([&] { return finished == kClients; }, 60 * kSecond)) {
    cluster.fail("only " + std::to_string(finished) + " of " + std::to_string(kClients) +
                 " short-lived clients finished their one write within 60 s");
  }
  const std::string visits = get_value(cluster, *pool.front(), "visits");
  if (visits != std::to_string(acknowledged) && unknown == 0) {
    cluster.fail(std::to_string(acknowledged) + " increments of visits were acknowledged, but it reads " + visits);
  }
  ctx.figure("largest session table", static_cast<double>(agreement.max_sessions()), "sessions");
  ctx.figure("largest session table", static_cast<double>(agreement.max_bytes()) / 1024.0, "KiB");
  if (agreement.max_sessions() > 0) {
    ctx.figure("bytes per session",
               static_cast<double>(agreement.max_bytes()) / static_cast<double>(agreement.max_sessions()), "B");
  }
  if (agreement.max_sessions() > 2000) {
    cluster.fail("a session table reached " + std::to_string(agreement.max_sessions()) + " sessions while " +
                 "about 500 clients were live in any one timeout (1 s): idle sessions must be dropped");
  }
  if (agreement.max_sessions() < 250) {
    cluster.fail("status() reported at most " + std::to_string(agreement.max_sessions()) +
                 " sessions while about 500 clients were live in any one timeout: it must count the table");
  }
  cluster.check_linearizable();
}

}  // namespace
}  // namespace store::grading
