// Lab 5 scenarios: the session table survives the servers (it is rebuilt from
// the log, like the map), and sessions cost a write nothing it did not cost
// before.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "framework/scenario.h"
#include "support/latency.h"
#include "support/session_monitors.h"
#include "support/session_workload.h"

namespace store::grading {
namespace {

constexpr const char* kHandout = "docs/labs/lab5-sessions.md";
using Outcome = ClerkResult::Outcome;

STORE_SCENARIO(table_survives_restart, {.lab = 5,
                                        .name = "table-survives-restart",
                                        .points = 5,
                                        .description = "after every server crashed and restarted, a retry of an "
                                                       "increment that ran gets the same reply and does not run "
                                                       "again, a retry of a refused one is refused again, and the "
                                                       "client's session goes on",
                                        .handout = std::string(kHandout) + "#test-table-survives-restart",
                                        .order = 14}) {
  KvClusterOptions options = session_cluster();
  options.servers = 3;
  options.fsync_latency = 1 * kMillisecond;
  KvCluster cluster(ctx, options);
  ClientTraffic traffic(cluster);
  SimClerk& client = cluster.add_client();
  SimClerk& reader = cluster.add_client();
  for (int i = 1; i <= 5; ++i) {
    const ClerkResult r = cluster.perform(client, OpType::kIncrement, "count", "1");
    if (r.outcome != Outcome::kOk || r.value != std::to_string(i)) {
      cluster.fail("increment number " + std::to_string(i) + " of count returned '" + r.value + "'");
    }
    if (i == 1) {
      // A client that has not written yet sends its gets outside any
      // session, under its own id, which may equal a live session's id; that
      // session's latest write had the same sequence number. It still reads.
      SimClerk& twin = cluster.add_client();
      twin.renew(client.clerk().session());
      const ClerkResult read = cluster.perform(twin, OpType::kGet, "count");
      if (read.value != "1") {
        cluster.fail("a get under client id " + std::to_string(client.clerk().session()) +
                     " (also a live session's id) returned '" + read.value + "' for count = 1: gets run outside "
                     "sessions, and are never answered from a session's cached reply");
      }
    }
  }
  const ClientRequest last = traffic.last_request_of(client, OpType::kIncrement);

  // Another client's increment is refused (the sum would overflow 64 bits):
  // a reply like any other, which a retry must get again, status and all.
  SimClerk& refused = cluster.add_client();
  const std::string kMax = std::to_string(std::numeric_limits<std::int64_t>::max());
  cluster.perform(refused, OpType::kPut, "big", kMax);
  const ClerkResult overflow = cluster.perform(refused, OpType::kIncrement, "big", "1");
  if (overflow.outcome == Outcome::kOk) {
    cluster.fail("increment of big (" + kMax + ") by 1 was answered ok '" + overflow.value +
                 "': a sum that overflows 64 bits is a bad request and leaves the key alone");
  }
  const ClientRequest refused_increment = traffic.last_request_of(refused, OpType::kIncrement);

  for (NodeId id : cluster.servers()) cluster.crash(id);
  for (NodeId id : cluster.servers()) cluster.restart(id);
  if (cluster.perform(reader, OpType::kGet, "count").value != "5") cluster.fail("count is not 5 after the restart");

  // The reply to the fifth increment was lost, say, and it comes again.
  const ClientReply reply = traffic.deliver_late_copy(client, last, cluster.check_one_leader());
  if (reply.status != ReplyStatus::kOk || reply.value != "5") {
    cluster.fail("a retry of the fifth increment of count, after every server restarted, was answered " +
                 std::string(to_string(reply.status)) + " '" + reply.value + "' " + reply.error +
                 ": a retry gets the reply the first copy got (ok, 5), from the table rebuilt from the log");
  }
  if (const std::string value = cluster.perform(reader, OpType::kGet, "count").value; value != "5") {
    cluster.fail("a retry of an increment that had run, sent after every server restarted, ran again: count is " +
                 value);
  }
  const ClientReply refused_again = traffic.deliver_late_copy(refused, refused_increment, cluster.check_one_leader());
  if (refused_again.status != ReplyStatus::kBadRequest) {
    cluster.fail("a retry of the refused increment of big, after every server restarted, was answered " +
                 std::string(to_string(refused_again.status)) + " '" + refused_again.value +
                 "': the table keeps the whole reply, its status included, so a refused command stays refused");
  }
  if (const std::string value = cluster.perform(reader, OpType::kGet, "big").value; value != kMax) {
    cluster.fail("big is " + value + " after its refused increment was retried, not " + kMax);
  }
  const ClerkResult next = cluster.perform(client, OpType::kIncrement, "count", "1");
  if (next.outcome != Outcome::kOk || next.value != "6") {
    cluster.fail("the client's next increment after the restart returned '" + next.value + "' " + next.error);
  }
  if (client.clerk().sessions_registered() != 1) {
    cluster.fail("the client had to register again after the restart: sessions are part of the log's state");
  }
  cluster.check_linearizable();
}

struct WriteLatency {
  LatencySummary put;
  LatencySummary append;
};

// One client alternating puts and appends on its own keys, after a warm-up
// write (which, with sessions, registers).
WriteLatency measure_writes(grader::TestContext& ctx, bool sessions) {
  KvClusterOptions options = sessions ? session_cluster() : KvClusterOptions{};
  options.client_link_faults = false;
  options.writes_trace = sessions;
  KvCluster cluster(ctx, options);
  SimClerk& client = cluster.add_client();
  cluster.perform(client, OpType::kPut, "warm-up", "0");
  Rng& rng = cluster.sim().rng();
  std::vector<Micros> puts, appends;
  for (int i = 0; i < 100; ++i) {
    puts.push_back(cluster.perform(client, OpType::kPut, "p", std::to_string(i)).latency);
    cluster.run_for(rng.between(1, 10) * kMillisecond);
    appends.push_back(cluster.perform(client, OpType::kAppend, "a", std::to_string(i) + ";").latency);
    cluster.run_for(rng.between(1, 10) * kMillisecond);
  }
  cluster.check_linearizable();
  return {.put = summarize(puts), .append = summarize(appends)};
}

STORE_SCENARIO(session_latency, {.lab = 5,
                                 .name = "session-latency",
                                 .points = 4,
                                 .description = "in a session an append costs what a put costs, and a put what it "
                                                "cost without sessions",
                                 .handout = std::string(kHandout) + "#test-session-latency",
                                 .default_seeds = 2,
                                 .order = 15}) {
  const WriteLatency plain = measure_writes(ctx, false);
  const WriteLatency session = measure_writes(ctx, true);
  const double rtt = static_cast<double>(round_trip(sim::NetworkProfile::lan()));
  ctx.figure("put p50 without sessions", static_cast<double>(plain.put.p50) / rtt, "RTT");
  ctx.figure("put p50 in a session", static_cast<double>(session.put.p50) / rtt, "RTT");
  ctx.figure("append p50 in a session", static_cast<double>(session.append.p50) / rtt, "RTT");
  ctx.figure("append p99 in a session", static_cast<double>(session.append.p99) / rtt, "RTT");
  if (static_cast<double>(session.append.p50) > 1.1 * static_cast<double>(session.put.p50)) {
    ctx.fail("append p50 in a session is " + std::to_string(session.append.p50) + " us against " +
             std::to_string(session.put.p50) + " us for put in the same session: both are one log entry");
  }
  if (static_cast<double>(session.put.p50) > 1.1 * static_cast<double>(plain.put.p50)) {
    ctx.fail("put p50 in a session is " + std::to_string(session.put.p50) + " us against " +
             std::to_string(plain.put.p50) + " us without sessions: the session check rides in the same entry, "
             "so it should cost no extra round");
  }
}

}  // namespace
}  // namespace store::grading
