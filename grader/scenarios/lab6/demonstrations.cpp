// Lab 6's demonstrations, graded: the checker must find what the seed text's
// inequality leaves out. Each runs one schedule twice: in the mode that
// breaks linearizability the test passes only when the checker finds the
// violation, and in the mode that fixes it only when it finds none. The
// schedules are forced (partitions and held-back messages), not left to
// chance, so every seed reaches the violation.
#include <string>
#include <variant>

#include "checker/checker.h"
#include "framework/scenario.h"
#include "support/quorum_cluster.h"

namespace store::grading {
namespace {

constexpr const char* kHandout = "docs/labs/lab6-quorums.md";

// The checker's verdict on `cluster`'s history, in words for the log.
checker::Verdict verdict(grader::TestContext& ctx, QuorumCluster& cluster, const std::string& mode) {
  const checker::CheckResult result = cluster.check_history();
  if (result.verdict == checker::Verdict::kUnknown) {
    cluster.fail(mode + ": the checker could not decide within its budget, which counts as a failure");
  }
  if (result.verdict == checker::Verdict::kNotLinearizable) {
    ctx.log(mode + ": the checker found: " + checker::explain(cluster.history(), result));
    cluster.write_history_view(result);
  } else {
    ctx.log(mode + ": linearizable");
  }
  return result.verdict;
}

// The new-old inversion. A put of x = new reaches server 1 and no one else
// (its coordinator's copies to 2 and 3 are held back). A get through server
// 2, which can only reach 1 and 2, sees it and returns new; then a get
// through server 3, which can only reach 2 and 3, returns old unless the
// first get wrote new back to a write quorum before answering.
struct InversionRun {
  std::string first;   // what the get through server 2 returned
  std::string second;  // and the one through server 3 after it
  checker::Verdict verdict = checker::Verdict::kUnknown;
};

InversionRun run_inversion(grader::TestContext& ctx, bool write_back) {
  const std::string mode = write_back ? "with write-back" : "without write-back";
  QuorumCluster cluster(ctx, {.servers = 3, .quorum = {.n = 3, .w = 2, .r = 2, .write_back = write_back}});
  SimClerk& setup = cluster.add_client_of({1});
  SimClerk& writer = cluster.add_client_of({1});
  SimClerk& reader2 = cluster.add_client_of({2});
  SimClerk& reader3 = cluster.add_client_of({3});
  cluster.perform_ok(setup, OpType::kPut, "x", "old");
  cluster.run_for(50 * kMillisecond);

  // Server 1's copies of the new value never reach 2 or 3: the write stays
  // half finished for the rest of the run (its put never completes).
  cluster.sim().set_drop_filter([](NodeId from, NodeId to, const Message& message) {
    const auto* write = std::get_if<QuorumWrite>(&message);
    return from == 1 && to != 1 && write != nullptr && write->key == "x" && write->value == "new";
  });
  writer.clerk().put("x", "new", [](const ClerkResult&) {});
  cluster.run_for(20 * kMillisecond);
  const QuorumReadReply on1 = cluster.probe(1, "x");
  if (on1.value != "new") {
    cluster.fail(mode + ": server 1 coordinates put x = new but holds " + describe(on1) +
                 " 20 ms later; a coordinator that is a replica of the key keeps its own copy at once");
  }

  InversionRun run;
  cluster.partition({{1, 2}, {3}});
  run.first = cluster.perform_ok(reader2, OpType::kGet, "x").value;
  cluster.partition({{2, 3}, {1}});
  run.second = cluster.perform_ok(reader3, OpType::kGet, "x").value;
  cluster.connect_all();
  ctx.log(mode + ": get through server 2 (reaching 1 and 2) returned " + run.first +
          ", then get through server 3 (reaching 2 and 3) returned " + run.second);
  if (run.first != "new") {
    cluster.fail(mode +
                 ": get x through server 2, whose replies came from server 1 (holding new) and server 2 "
                 "(old), returned " +
                 run.first + ": a read answers with the highest version it heard");
  }
  run.verdict = verdict(ctx, cluster, mode);
  return run;
}

STORE_SCENARIO(new_old_inversion, {.lab = 6,
                                   .name = "new-old-inversion",
                                   .points = 8,
                                   .description = "demonstration: with W + R > N but no write-back the checker finds "
                                                  "a read of a half-finished write followed by a read of the older "
                                                  "value; with write-back it finds nothing",
                                   .handout = std::string(kHandout) + "#test-new-old-inversion",
                                   .default_seeds = 5,
                                   .order = 6}) {
  // Each run's cluster writes the trace over the one before; a failure stops
  // the test, so the trace shows the run that failed.
  const InversionRun fixed = run_inversion(ctx, true);
  if (fixed.verdict != checker::Verdict::kLinearizable) {
    ctx.fail("with write-back on, the checker found a violation (see the log): the first get returned " + fixed.first +
             " and the second " + fixed.second +
             "; a get must write the version it returns to W replicas before "
             "answering, so that every later read quorum meets it");
  }
  const InversionRun plain = run_inversion(ctx, false);
  if (plain.verdict != checker::Verdict::kNotLinearizable) {
    ctx.fail(
        "with write-back off (write_back = false), the checker found no violation, but the schedule forces "
        "the new-old inversion: the first get returned " +
        plain.first + " and the second " + plain.second +
        " (expected new, then old). A read without write-back must answer from its R replies alone, and "
        "write nothing back, for the demonstration to show what W + R > N leaves out");
  }
}

// Stale reads with R = 1. Server 1 is cut off from 2 and 3, and x = new is
// written through 2 (acknowledged by 2 and 3). A get through 1 with R = 1
// answers from server 1 alone: old. With R = 2 server 1 cannot answer, and
// the client's retry through another server returns new.
struct StaleRun {
  std::string read;
  checker::Verdict verdict = checker::Verdict::kUnknown;
};

StaleRun run_stale(grader::TestContext& ctx, int r) {
  const std::string mode = "R = " + std::to_string(r);
  // With R = 1 a read answers from one reply, and writes nothing back (which
  // would make it wait for W replicas after all).
  QuorumCluster cluster(
      ctx, {.servers = 3, .quorum = {.n = 3, .w = 2, .r = r, .allow_stale_reads = r == 1, .write_back = r > 1}});
  SimClerk& writer = cluster.add_client_of({2, 3});
  SimClerk& reader = cluster.add_client_at(1);
  cluster.perform_ok(writer, OpType::kPut, "x", "old");
  cluster.run_for(50 * kMillisecond);
  cluster.partition({{1}, {2, 3}});
  cluster.perform_ok(writer, OpType::kPut, "x", "new");
  StaleRun run;
  const ClerkResult got = cluster.perform_ok(reader, OpType::kGet, "x");
  run.read = got.value;
  cluster.connect_all();
  ctx.log(mode + ": after put x = new through server 2, get x (sent first to the cut-off server 1) returned " +
          run.read + ", answered by server " + std::to_string(got.answered_by));
  run.verdict = verdict(ctx, cluster, mode);
  return run;
}

STORE_SCENARIO(stale_reads_r1, {.lab = 6,
                                .name = "stale-reads-r1",
                                .points = 5,
                                .description = "demonstration: with R = 1 a server cut off from the others answers "
                                               "with the value it had, and the checker finds it; with R = 2 it "
                                               "cannot answer and nothing stale is read",
                                .handout = std::string(kHandout) + "#test-stale-reads-r1",
                                .default_seeds = 5,
                                .order = 7}) {
  const StaleRun strict = run_stale(ctx, 2);
  if (strict.verdict != checker::Verdict::kLinearizable || strict.read != "new") {
    ctx.fail("with R = 2, get x returned " + strict.read +
             " after put x = new was acknowledged (see the log): a "
             "server cut off from both others cannot gather two replies, so the read must wait or go elsewhere");
  }
  const StaleRun weak = run_stale(ctx, 1);
  if (weak.read != "old" || weak.verdict != checker::Verdict::kNotLinearizable) {
    ctx.fail("with R = 1 and allow_stale_reads, get x through the cut-off server 1 returned " + weak.read +
             " and the checker " + (weak.verdict == checker::Verdict::kNotLinearizable ? "found" : "did not find") +
             " a violation; expected old, found: R = 1 reads answer from the first replica that replies, which "
             "for a server on its own is itself, and it never got the new value");
  }
}

// Timestamps and clocks. Servers 1 and 3 run 200 ms ahead of server 2. x = a
// is written through server 1 while server 2 hears nothing of it; then x = b
// is written through server 2, after put x = a was acknowledged. With
// versions from the clock alone, b gets the older timestamp and a later get
// returns a; with read_before_write, server 2 first learns a's version from
// its read quorum and gives b a newer one.
struct SkewRun {
  std::string read;
  checker::Verdict verdict = checker::Verdict::kUnknown;
};

SkewRun run_skew(grader::TestContext& ctx, bool read_before_write) {
  const std::string mode = read_before_write ? "with read_before_write" : "versions from the clock alone";
  QuorumCluster cluster(ctx, {.servers = 3,
                              .network = {.base_latency = 100, .jitter = 20},
                              .quorum = {.n = 3, .w = 2, .r = 2, .read_before_write = read_before_write}});
  for (NodeId ahead : {1, 3}) cluster.sim().jump_clock(ahead, 200 * kMillisecond);
  SimClerk& at1 = cluster.add_client_of({1});
  SimClerk& at2 = cluster.add_client_of({2});
  SimClerk& at3 = cluster.add_client_of({3});
  cluster.sim().cut(1, 2);
  cluster.perform_ok(at1, OpType::kPut, "x", "a");
  cluster.run_for(20 * kMillisecond);
  cluster.sim().uncut(1, 2);
  cluster.perform_ok(at2, OpType::kPut, "x", "b");
  cluster.run_for(20 * kMillisecond);
  SkewRun run;
  run.read = cluster.perform_ok(at3, OpType::kGet, "x").value;
  ctx.log(mode + ": put x = a through server 1 (clock 200 ms ahead), then put x = b through server 2, then get x " +
          "through server 3 returned " + run.read);
  run.verdict = verdict(ctx, cluster, mode);
  return run;
}

STORE_SCENARIO(clock_skew_writes, {.lab = 6,
                                   .name = "clock-skew-writes",
                                   .points = 5,
                                   .description = "demonstration: with clocks 200 ms apart, a write that follows "
                                                  "another gets an older timestamp and is lost, and the checker "
                                                  "finds it; a write that reads its version from a quorum first "
                                                  "is never lost",
                                   .handout = std::string(kHandout) + "#test-clock-skew-writes",
                                   .default_seeds = 3,
                                   .order = 13}) {
  const SkewRun fixed = run_skew(ctx, true);
  if (fixed.verdict != checker::Verdict::kLinearizable || fixed.read != "b") {
    ctx.fail("with read_before_write, get x returned " + fixed.read +
             " after put x = b followed put x = a (see the log): a put that first asks R replicas for their "
             "versions must take one above the newest, whatever its own clock says");
  }
  const SkewRun plain = run_skew(ctx, false);
  if (plain.read != "a" || plain.verdict != checker::Verdict::kNotLinearizable) {
    ctx.fail("with versions from the clock alone, get x returned " + plain.read + " and the checker " +
             (plain.verdict == checker::Verdict::kNotLinearizable ? "found" : "did not find") +
             " a violation; expected a, found: server 2's clock is 200 ms behind and it never heard of a, so b "
             "gets the older timestamp (take the version from the clock, raised only above versions seen, and "
             "ask no replica first unless read_before_write is set)");
  }
}

}  // namespace
}  // namespace store::grading
