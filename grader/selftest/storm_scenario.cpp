// Lab 0: a message storm in the real simulator, for the grader's handling of
// large traces. Its first run fails quickly; its traced re-run writes a trace
// far larger than any cap and goes on until the time limit stops it, as a
// re-run slowed down by tracing would. The grader must keep the trace within
// its cap, cut at a line boundary, and report the re-run as stopped by a
// limit, not as a sign of non-determinism.
#include <memory>
#include <string>
#include <utility>

#include "framework/scenario.h"
#include "framework/test_context.h"
#include "node/env.h"
#include "node/node.h"
#include "sim/simulator.h"

namespace {

// On every tick, a burst of AppendEntries with an entry to every other server;
// every one is answered.
class StormNode final : public store::Node {
 public:
  explicit StormNode(store::Env& env) : env_(env) {}

  void tick() override {
    for (int burst = 0; burst < 10; ++burst) {
      for (store::NodeId peer : env_.servers()) {
        if (peer == env_.id()) continue;
        ++sent_;
        env_.send(peer,
                  store::AppendEntries{.term = 1,
                                       .leader = env_.id(),
                                       .prev_log_index = sent_,
                                       .entries = {{.term = 1, .index = sent_ + 1, .data = std::string(200, 's')}}});
      }
    }
  }
  void receive(store::NodeId from, const store::Message& message) override {
    if (std::holds_alternative<store::AppendEntries>(message)) {
      env_.send(from, store::AppendEntriesReply{.term = 1, .success = true});
    }
  }
  void on_apply(const store::LogEntry&) override {}
  store::NodeStatus status() const override { return {.term = 1, .last_log_index = sent_}; }

 private:
  store::Env& env_;
  store::Index sent_ = 0;
};

class Progress final : public store::sim::Observer {
 public:
  Progress(store::grader::TestContext& ctx, store::sim::Simulator& sim) : ctx_(ctx), sim_(sim) {}
  void after_step(store::NodeId) override { ctx_.progress(sim_.now()); }

 private:
  store::grader::TestContext& ctx_;
  store::sim::Simulator& sim_;
};

}  // namespace

STORE_SCENARIO(selftest_message_storm,
               {.lab = 0,
                .name = "message-storm",
                .points = 1,
                .description = "floods the simulated network; its traced re-run goes on until the time limit",
                .handout = "docs/grader.md#the-self-test",
                .default_seeds = 1,
                .time_limit_s = 2}) {
  store::sim::Simulator sim({.seed = ctx.seed(), .servers = 5, .trace_path = ctx.trace_path()},
                            [](store::Env& env) { return std::make_unique<StormNode>(env); });
  Progress progress(ctx, sim);
  sim.add_observer(progress);
  sim.run_for(500 * store::kMillisecond);
  ctx.set_trace_hash(sim.trace_hash());
  if (!ctx.trace_path().empty()) {
    for (;;) sim.run_for(store::kSecond);  // the slow traced re-run: only the time limit ends it
  }
  ctx.fail("message storm: " + std::to_string(sim.stats().sent().messages) + " messages sent in 0.5 s (budget 1000)");
}
