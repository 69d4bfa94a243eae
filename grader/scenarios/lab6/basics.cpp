// Lab 6 scenarios: the configurations a quorum server accepts, reads and
// writes through every server, and what they cost in round trips.
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "framework/scenario.h"
#include "support/latency.h"
#include "support/quorum_cluster.h"

namespace store::grading {
namespace {

constexpr const char* kHandout = "docs/labs/lab6-quorums.md";

STORE_LAB(6, "Quorums without a leader");

std::string nwr(const QuorumConfig& c) {
  return "N = " + std::to_string(c.n) + ", W = " + std::to_string(c.w) + ", R = " + std::to_string(c.r);
}

// A configuration and the number of servers it runs on.
struct Setup {
  QuorumConfig config;
  int servers = 3;
  const char* why = "";  // for refused ones: what is wrong with it
};

STORE_SCENARIO(quorum_config, {.lab = 6,
                               .name = "quorum-config",
                               .points = 4,
                               .description = "W + R <= N is refused unless stale reads are asked for, and so is "
                                              "an impossible N, W or R; every other configuration serves",
                               .handout = std::string(kHandout) + "#test-quorum-config",
                               .default_seeds = 1,
                               .order = 1}) {
  const std::vector<Setup> refused = {
      {{.n = 3, .w = 1, .r = 1}, 3, "W + R = 2 is not more than N, so a read can miss every acknowledged write"},
      {{.n = 3, .w = 2, .r = 1}, 3, "W + R = N: the one replica a read asks can be the one the write missed"},
      {{.n = 5, .w = 2, .r = 3}, 5, "W + R = N: the three replicas a read asks can all have missed the write"},
      {{.n = 3, .w = 4, .r = 2}, 3, "W is more than N: no write could ever be acknowledged"},
      {{.n = 3, .w = 2, .r = 0}, 3, "R = 0: a read would answer without asking anyone"},
      {{.n = 4, .w = 3, .r = 2}, 3, "N = 4 replicas on 3 servers"},
  };
  for (const Setup& s : refused) {
    bool was_refused = false;
    std::string reason;
    try {
      QuorumCluster cluster(ctx, {.servers = s.servers, .quorum = s.config, .writes_trace = false});
    } catch (const std::invalid_argument& e) {
      was_refused = true;
      reason = e.what();
    }
    if (!was_refused) {
      ctx.fail("make_quorum_server accepted " + nwr(s.config) + " on " + std::to_string(s.servers) +
               " servers without allow_stale_reads: " + s.why +
               "; it must throw std::invalid_argument naming the problem, so that nobody runs it by mistake");
    }
    if (reason.empty()) ctx.fail("make_quorum_server refused " + nwr(s.config) + " without saying why");
    ctx.log("refused " + nwr(s.config) + ": " + reason);
  }

  QuorumConfig weak{.n = 3, .w = 1, .r = 1, .allow_stale_reads = true};
  QuorumConfig weak_writes{.n = 3, .w = 1, .r = 3};
  QuorumConfig weak_reads{.n = 3, .w = 3, .r = 1};
  QuorumConfig majority{.n = 3, .w = 2, .r = 2};
  const std::vector<Setup> accepted = {
      {weak, 3}, {weak_writes, 3}, {weak_reads, 3}, {majority, 3}, {{.n = 5, .w = 3, .r = 3}, 5}, {majority, 5}};
  for (const Setup& s : accepted) {
    QuorumCluster cluster(ctx, {.servers = s.servers, .quorum = s.config});
    // One coordinator throughout: even W = R = 1 then reads its own writes.
    SimClerk& client = cluster.add_client_at(1);
    const std::string what = " with " + nwr(s.config) + " on " + std::to_string(s.servers) + " servers";
    if (cluster.perform(client, OpType::kPut, "x", "1").outcome != ClerkResult::Outcome::kOk) {
      cluster.fail("put x = 1 did not succeed" + what + ", a configuration a quorum server must run with");
    }
    const ClerkResult got = cluster.perform(client, OpType::kGet, "x");
    if (got.outcome != ClerkResult::Outcome::kOk || !got.found || got.value != "1") {
      cluster.fail(describe(OpType::kGet, "x", "", got) + " right after put x = 1" + what);
    }
  }
}

// W counts replicas, not replies. With W = N = 3, server 3 cut off and every
// message between servers 1 and 2 delivered twice, a put through server 1
// has two replicas and three or four acknowledgements (its own, server 2's
// and server 2's duplicate): it must wait until server 3 holds it too, and
// then a get with R = 1 through server 3 must return it.
void distinct_acknowledgements(grader::TestContext& ctx) {
  sim::NetworkProfile doubled = sim::NetworkProfile::lan();
  doubled.duplicate_probability = 1;
  QuorumCluster cluster(ctx, {.servers = 3, .network = doubled, .quorum = {.n = 3, .w = 3, .r = 1}});
  SimClerk& writer = cluster.add_client_of({1});
  SimClerk& reader = cluster.add_client_of({3});
  cluster.partition({{1, 2}, {3}});
  std::optional<ClerkResult> put;
  writer.clerk().put("d", "new", [&](const ClerkResult& result) { put = result; });
  cluster.run_for(300 * kMillisecond);
  if (put.has_value()) {
    cluster.fail(describe(OpType::kPut, "d", "new", *put) + " through server 1 with W = 3 while server 3 was cut " +
                 "off: only servers 1 and 2 can hold it, and server 2's acknowledgements arrived twice; a write " +
                 "waits for W distinct replicas, counting each once (the coordinator included, once)");
  }
  cluster.connect_all();
  if (!cluster.run_until([&] { return put.has_value(); }, 3 * kSecond) || put->outcome != ClerkResult::Outcome::kOk) {
    cluster.fail("put d = new through server 1 did not succeed within 3 s after server 3 was reconnected");
  }
  const ClerkResult got = cluster.perform_ok(reader, OpType::kGet, "d");
  if (!got.found || got.value != "new") {
    cluster.fail(describe(OpType::kGet, "d", "", got) + " through server 3 (R = 1) after put d = new was " +
                 "acknowledged with W = 3: every replica holds an acknowledged write");
  }
  cluster.check_linearizable();
}

STORE_SCENARIO(quorum_basics,
               {.lab = 6,
                .name = "quorum-basics",
                .points = 5,
                .description = "puts, gets and deletes through every server, for several N, W and R "
                               "with W + R > N: every get returns the latest acknowledged write; W counts distinct "
                               "replicas, not replies",
                .handout = std::string(kHandout) + "#test-quorum-basics",
                .default_seeds = 3,
                .order = 2}) {
  const std::vector<Setup> setups = {{{.n = 3, .w = 2, .r = 2}, 3},
                                     {{.n = 5, .w = 3, .r = 3}, 5},
                                     {{.n = 3, .w = 3, .r = 1}, 3},
                                     {{.n = 3, .w = 1, .r = 3}, 3},
                                     {{.n = 3, .w = 2, .r = 2}, 5}};
  for (const Setup& s : setups) {
    // Each cluster writes the trace over the last one's: a failure stops the
    // test, so the trace is the failing cluster's.
    QuorumCluster cluster(ctx, {.servers = s.servers, .quorum = s.config});
    std::vector<SimClerk*> clients;
    for (NodeId server : cluster.servers()) clients.push_back(&cluster.add_client_at(server));
    const std::string what = " (" + nwr(s.config) + " on " + std::to_string(s.servers) + " servers)";
    for (int round = 0; round < 12; ++round) {
      const std::string key = "k" + std::to_string(round % 4);
      const std::size_t writer = static_cast<std::size_t>(round) % clients.size();
      const bool deleting = round % 3 == 2;
      const std::string value = "v" + std::to_string(round);
      cluster.perform_ok(*clients[writer], deleting ? OpType::kDelete : OpType::kPut, key, value);
      for (std::size_t i = 0; i < clients.size(); ++i) {
        const ClerkResult got = cluster.perform_ok(*clients[i], OpType::kGet, key);
        const bool right = deleting ? !got.found : got.found && got.value == value;
        if (!right) {
          cluster.fail(describe(OpType::kGet, key, "", got) + " through server " + std::to_string(i + 1) + " after " +
                       (deleting ? "delete " + key : "put " + key + " = " + value) + " through server " +
                       std::to_string(writer + 1) + " was acknowledged" + what +
                       ": with W + R > N the replicas a get asks include one that acknowledged the write");
        }
      }
    }
    cluster.check_linearizable();
  }
  distinct_acknowledgements(ctx);
}

STORE_SCENARIO(quorum_latency, {.lab = 6,
                                .name = "quorum-latency",
                                .points = 5,
                                .description = "a W = 2 write takes one round trip to the nearest other replica, and a "
                                               "read at most two, never waiting for a far replica",
                                .handout = std::string(kHandout) + "#test-quorum-latency",
                                .default_seeds = 2,
                                .order = 3}) {
  // Servers 1 and 2 are near each other (and the client); server 3 is far.
  const sim::NetworkProfile near{.base_latency = 100, .jitter = 0};
  const sim::NetworkProfile far{.base_latency = 20 * kMillisecond, .jitter = 0};
  QuorumCluster cluster(ctx, {.servers = 3, .network = near, .quorum = {.n = 3, .w = 2, .r = 2}});
  for (NodeId a : {1, 2}) {
    cluster.sim().set_link_profile(a, 3, far);
    cluster.sim().set_link_profile(3, a, far);
  }
  SimClerk& client = cluster.add_client_of({1});
  std::vector<Micros> puts;
  std::vector<Micros> gets;
  for (int i = 0; i < 20; ++i) {
    const std::string value = std::to_string(i);
    puts.push_back(cluster.perform_ok(client, OpType::kPut, "x", value).latency);
    gets.push_back(cluster.perform_ok(client, OpType::kGet, "x").latency);
    // Let the far replica's copies land, so that every operation starts alike.
    cluster.run_for(50 * kMillisecond);
  }
  const LatencySummary put = summarize(puts);
  const LatencySummary get = summarize(gets);
  const Micros client_rtt = 2 * near.base_latency;
  const Micros near_rtt = 2 * near.base_latency;
  const Micros far_rtt = 2 * far.base_latency;
  ctx.figure("put p50", static_cast<double>(put.p50), "us");
  ctx.figure("get p50", static_cast<double>(get.p50), "us");
  ctx.figure("round trip to the far replica", static_cast<double>(far_rtt), "us");
  const auto budget = [&](int rounds) { return (client_rtt + rounds * near_rtt) * 5 / 4; };
  if (put.max > budget(1)) {
    ctx.fail("a put with W = 2 took up to " + std::to_string(put.max) + " us; the client's round trip (" +
             std::to_string(client_rtt) + " us) and one round trip to the nearest other replica (" +
             std::to_string(near_rtt) +
             " us) are enough, since the coordinator's own copy and the nearest one "
             "make two (budget " +
             std::to_string(budget(1)) + " us; the far replica is " + std::to_string(far_rtt) +
             " us away and must not be waited for)");
  }
  if (get.max > budget(2)) {
    ctx.fail("a get with R = 2 took up to " + std::to_string(get.max) +
             " us; one round to the two nearest replicas, and one more to write back, are enough (budget " +
             std::to_string(budget(2)) + " us; the far replica is " + std::to_string(far_rtt) + " us away)");
  }
  cluster.check_linearizable();
}

}  // namespace
}  // namespace store::grading
