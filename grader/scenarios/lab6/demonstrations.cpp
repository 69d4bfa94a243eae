// Lab 6's demonstrations, graded: the checker must find what the seed text's
// inequality leaves out. Each runs one schedule twice: in the mode that
// breaks linearizability the test passes only when the checker finds the
// violation, and in the mode that fixes it only when it finds none. The
// schedules are forced (partitions and held-back messages), not left to
// chance, so every seed reaches the violation.
#include <algorithm>
#include <string>
#include <variant>
#include <vector>

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

// The inversion again, on geometries where the first read's write-back must
// reach a replica other than its coordinator and the writer: the one the
// second read meets. The link carrying it is slow, so a read that answers
// before W replicas acknowledged its write-back, or skips the write-back
// when 2R <= N, lets the second read miss the value the first returned.
struct WriteBackCase {
  const char* name;
  int servers;
  QuorumConfig quorum;
  std::vector<NodeId> held_back_from_writer;      // the put's copies from server 1 to these are lost
  std::vector<std::vector<NodeId>> first_groups;  // the partition while the first read runs ({}: none)
  NodeId first_reader;
  NodeId slow_to;  // the link first_reader -> slow_to takes 20 ms
  std::vector<std::vector<NodeId>> second_groups;
  NodeId second_reader;
};

void run_write_back_case(grader::TestContext& ctx, const WriteBackCase& c) {
  const std::string mode = std::string("with write-back, ") + c.name;
  QuorumCluster cluster(ctx, {.servers = c.servers, .quorum = c.quorum});
  SimClerk& writer = cluster.add_client_of({1});
  SimClerk& first_reader = cluster.add_client_of({c.first_reader});
  SimClerk& second_reader = cluster.add_client_of({c.second_reader});
  cluster.perform_ok(writer, OpType::kPut, "x", "old");
  cluster.run_for(50 * kMillisecond);
  const std::vector<NodeId> held_back = c.held_back_from_writer;
  cluster.sim().set_drop_filter([held_back](NodeId from, NodeId to, const Message& message) {
    const auto* write = std::get_if<QuorumWrite>(&message);
    return from == 1 && write != nullptr && write->key == "x" && write->value == "new" &&
           std::find(held_back.begin(), held_back.end(), to) != held_back.end();
  });
  writer.clerk().put("x", "new", [](const ClerkResult&) {});
  cluster.run_for(20 * kMillisecond);
  cluster.sim().set_link_profile(c.first_reader, c.slow_to, {.base_latency = 20 * kMillisecond, .jitter = 0});
  if (!c.first_groups.empty()) cluster.partition(c.first_groups);
  const std::string first = cluster.perform_ok(first_reader, OpType::kGet, "x").value;
  cluster.partition(c.second_groups);
  const std::string second = cluster.perform_ok(second_reader, OpType::kGet, "x").value;
  cluster.connect_all();
  ctx.log(mode + ": get through server " + std::to_string(c.first_reader) + " returned " + first +
          ", then get through server " + std::to_string(c.second_reader) + " returned " + second);
  if (first != "new") {
    cluster.fail(mode + ": get x through server " + std::to_string(c.first_reader) + " returned " + first +
                 " while a reply it waited for held new: a read answers with the highest version it heard");
  }
  if (verdict(ctx, cluster, mode) != checker::Verdict::kLinearizable) {
    ctx.fail(mode + ": the first get returned " + first + " and the later one through server " +
             std::to_string(c.second_reader) + " returned " + second +
             ": a get answers only once W replicas acknowledged its write-back (the link to server " +
             std::to_string(c.slow_to) +
             " is slow, and the later read meets only that one of them), and skips it only when all R replies "
             "agree and 2R > N");
  }
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
  // N = 5, W = R = 3: the put reaches server 1 only; the first read hears
  // 1, 2 and 3 and must write back to 3 as well; the second hears 3, 4, 5.
  run_write_back_case(ctx, {.name = "N = 5, W = R = 3",
                            .servers = 5,
                            .quorum = {.n = 5, .w = 3, .r = 3},
                            .held_back_from_writer = {2, 3, 4, 5},
                            .first_groups = {{1, 2, 3}, {4, 5}},
                            .first_reader = 2,
                            .slow_to = 3,
                            .second_groups = {{3, 4, 5}, {1, 2}},
                            .second_reader = 5});
  // N = 3, W = 3, R = 1: the put reaches servers 1 and 2; a read through 2
  // hears only itself, new, and with 2R <= N must write back to 3 before
  // answering; a read through 3 hears only 3.
  run_write_back_case(ctx, {.name = "N = 3, W = 3, R = 1",
                            .servers = 3,
                            .quorum = {.n = 3, .w = 3, .r = 1},
                            .held_back_from_writer = {3},
                            .first_groups = {},
                            .first_reader = 2,
                            .slow_to = 3,
                            .second_groups = {{1, 2, 3}},
                            .second_reader = 3});
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

// Timestamps and clocks. Every server but b's coordinator runs 200 ms ahead.
// x = a is written through a's coordinator; then x = b through b's, after
// put x = a was acknowledged; then a get through the third server. When b's
// coordinator never heard of a and versions come from the clock alone, b
// gets the older timestamp and the get returns a; with read_before_write,
// b's coordinator first learns a's version from its read quorum and gives b
// a newer one; and when it heard of a (a's copy reached it), its clock has
// been raised above a's version and b is newer even without asking first.
// Each of the two orders of the coordinators' ids is tried, so that a
// version that only ties with the one seen (and wins or loses by writer id)
// is caught.
struct SkewCase {
  bool read_before_write = false;
  NodeId a_through = 1;
  NodeId b_through = 2;
  bool b_heard_a = false;
  // b's coordinator crashes and restarts after hearing of a: it holds a in
  // its storage, and its clock starts above a's version again.
  bool b_restarts = false;
};

struct SkewRun {
  std::string mode;
  std::string read;
  checker::Verdict verdict = checker::Verdict::kUnknown;
};

SkewRun run_skew(grader::TestContext& ctx, const SkewCase& c) {
  SkewRun run;
  run.mode = std::string(c.read_before_write ? "with read_before_write" : "versions from the clock alone") +
             ", a through server " + std::to_string(c.a_through) + ", b through server " + std::to_string(c.b_through) +
             (c.b_heard_a ? ", which heard of a" : "") + (c.b_restarts ? " and then restarted" : "");
  QuorumCluster cluster(ctx, {.servers = 3,
                              .network = {.base_latency = 100, .jitter = 20},
                              .quorum = {.n = 3, .w = 2, .r = 2, .read_before_write = c.read_before_write}});
  NodeId reader = 0;
  for (NodeId server : cluster.servers()) {
    if (server == c.b_through) continue;
    cluster.sim().jump_clock(server, 200 * kMillisecond);
    if (server != c.a_through) reader = server;
  }
  SimClerk& at_a = cluster.add_client_of({c.a_through});
  SimClerk& at_b = cluster.add_client_of({c.b_through});
  SimClerk& at_reader = cluster.add_client_of({reader});
  if (!c.b_heard_a) cluster.sim().cut(c.a_through, c.b_through);
  cluster.perform_ok(at_a, OpType::kPut, "x", "a");
  cluster.run_for(20 * kMillisecond);
  cluster.sim().uncut(c.a_through, c.b_through);
  if (c.b_restarts) {
    cluster.crash(c.b_through);
    cluster.restart(c.b_through);
  }
  cluster.perform_ok(at_b, OpType::kPut, "x", "b");
  cluster.run_for(20 * kMillisecond);
  run.read = cluster.perform_ok(at_reader, OpType::kGet, "x").value;
  ctx.log(run.mode + ": put x = a (clock 200 ms ahead), then put x = b (clock behind), then get x through server " +
          std::to_string(reader) + " returned " + run.read);
  run.verdict = verdict(ctx, cluster, run.mode);
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
  const std::vector<SkewCase> newer = {{.read_before_write = true, .a_through = 1, .b_through = 2},
                                       {.read_before_write = true, .a_through = 2, .b_through = 1},
                                       {.a_through = 1, .b_through = 2, .b_heard_a = true},
                                       {.a_through = 2, .b_through = 1, .b_heard_a = true},
                                       {.a_through = 1, .b_through = 2, .b_heard_a = true, .b_restarts = true}};
  for (const SkewCase& c : newer) {
    const SkewRun fixed = run_skew(ctx, c);
    if (fixed.verdict != checker::Verdict::kLinearizable || fixed.read != "b") {
      ctx.fail(fixed.mode + ": get x returned " + fixed.read + " after put x = b followed put x = a (see the log): " +
               (c.read_before_write
                    ? "a put that first asks R replicas for their versions must take one above the newest, "
                      "whatever its own clock says"
                    : "a coordinator's clock is raised above every version it has seen (after a restart, every "
                      "version its storage holds), so a put through a "
                      "server that heard of a gets a newer timestamp than a's, whatever its own clock says") +
               " (above it, not equal: a tie goes to the higher writer id)");
    }
  }
  const SkewRun plain = run_skew(ctx, {.a_through = 1, .b_through = 2});
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
