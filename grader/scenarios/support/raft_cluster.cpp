#include "support/raft_cluster.h"

#include <algorithm>
#include <map>

namespace store::grading {

namespace {

std::string ms(Micros t) { return std::to_string(t / kMillisecond) + " ms"; }

}  // namespace

// Tells the grader that simulated time moves, so that a live scenario is
// never mistaken for a hung one.
class RaftCluster::Progress final : public sim::Observer {
 public:
  Progress(grader::TestContext& ctx, sim::Simulator& sim) : ctx_(ctx), sim_(sim) {}
  void after_step(NodeId) override { ctx_.progress(sim_.now()); }

 private:
  grader::TestContext& ctx_;
  sim::Simulator& sim_;
};

RaftCluster::RaftCluster(grader::TestContext& ctx, RaftClusterOptions options) : ctx_(ctx), options_(options) {
  const RaftConfig raft = options_.raft;
  sim_ = std::make_unique<sim::Simulator>(
      sim::SimConfig{.seed = ctx.seed(),
                     .servers = options_.servers,
                     .network = options_.network,
                     .trace_path = ctx.trace_path()},
      [raft](Env& env) { return std::make_unique<RaftHost>(env, raft); });
  invariants_ = std::make_unique<RaftInvariants>(*sim_);
  progress_ = std::make_unique<Progress>(ctx, *sim_);
  sim_->add_observer(*invariants_);
  sim_->add_observer(*progress_);
}

RaftCluster::~RaftCluster() {
  ctx_.set_trace_hash(sim_->trace_hash());
  sim_->flush_trace();
}

std::vector<NodeId> RaftCluster::servers() const { return sim_->servers(); }

void RaftCluster::fail(const std::string& message) {
  ctx_.fail("at t=" + ms(sim_->now()) + ": " + message);
}

// Safety violations surface as exceptions from deep inside a step; report
// them as the test's failure rather than as an unexpected exception.
template <class F>
auto RaftCluster::guarded(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const InvariantViolation& violation) {
    ctx_.fail(violation.what());
  }
}

// ---------------------------------------------------------------- faults

void RaftCluster::apply_connectivity() {
  if (disconnected_.empty()) {
    sim_->heal();
    return;
  }
  std::vector<std::vector<NodeId>> groups(1);
  for (NodeId id : servers()) {
    if (disconnected_.contains(id)) {
      groups.push_back({id});
    } else {
      groups[0].push_back(id);
    }
  }
  sim_->partition(groups);
}

void RaftCluster::disconnect(NodeId id) {
  sim_->note("harness: disconnect " + std::to_string(id));
  disconnected_.insert(id);
  apply_connectivity();
}

void RaftCluster::connect(NodeId id) {
  sim_->note("harness: connect " + std::to_string(id));
  disconnected_.erase(id);
  apply_connectivity();
}

void RaftCluster::connect_all() {
  disconnected_.clear();
  apply_connectivity();
}

void RaftCluster::crash(NodeId id) { guarded([&] { sim_->crash(id); }); }
void RaftCluster::restart(NodeId id) { guarded([&] { sim_->restart(id); }); }

// ---------------------------------------------------------------- time

void RaftCluster::run_for(Micros duration) { guarded([&] { sim_->run_for(duration); }); }

bool RaftCluster::run_until(const std::function<bool()>& predicate, Micros timeout) {
  return guarded([&] { return sim_->run_until(predicate, timeout); });
}

// ---------------------------------------------------------------- elections

RaftStatus RaftCluster::raft_status(NodeId id) {
  const NodeStatus s = sim_->status(id);
  return {.term = s.term, .role = s.role, .leader_hint = s.leader_hint, .commit_index = s.commit_index,
          .last_log_index = s.last_log_index};
}

NodeId RaftCluster::check_one_leader() {
  // As MIT's tests do: let things settle for about half a second (so that a
  // deposed leader that just returned has heard of the new term), then look;
  // up to ten times.
  std::string problem = "no server became leader";
  for (int attempt = 0; attempt < 10; ++attempt) {
    run_for(sim_->rng().between(450, 550) * kMillisecond);
    std::map<Term, std::vector<NodeId>> leaders;
    for (NodeId id : servers()) {
      if (!up(id) || !connected(id)) continue;
      const NodeStatus s = sim_->status(id);
      if (s.role == Role::kLeader) leaders[s.term].push_back(id);
    }
    for (const auto& [term, ids] : leaders) {
      if (ids.size() > 1) {
        fail("servers " + std::to_string(ids[0]) + " and " + std::to_string(ids[1]) + " both lead term " +
             std::to_string(term));
      }
    }
    if (!leaders.empty()) {
      last_leader_ = leaders.rbegin()->second.front();
      return last_leader_;
    }
  }
  fail("expected one leader among the connected servers: " + problem);
}

void RaftCluster::check_no_leader() {
  for (NodeId id : servers()) {
    if (up(id) && connected(id) && sim_->status(id).role == Role::kLeader) {
      fail("server " + std::to_string(id) + " believes it leads term " + std::to_string(sim_->status(id).term) +
           ", but no majority is connected");
    }
  }
}

Term RaftCluster::check_terms() {
  Term term = 0;
  for (NodeId id : servers()) {
    if (!up(id) || !connected(id)) continue;
    const Term t = sim_->status(id).term;
    if (term == 0) {
      term = t;
    } else if (t != term) {
      fail("connected servers disagree on the term (" + std::to_string(term) + " and " + std::to_string(t) + ")");
    }
  }
  return term;
}

// ---------------------------------------------------------------- agreement

Proposal RaftCluster::propose(NodeId id, const std::string& command) {
  return guarded([&] { return sim_->call_as<RaftHost>(id, [&](RaftHost& host) { return host.propose(command); }); });
}

Index RaftCluster::applied_on(NodeId id) {
  if (!up(id)) return 0;
  const auto& applied = sim_->node_as<RaftHost>(id).applied();
  return applied.empty() ? 0 : applied.back().index;
}

void RaftCluster::forge(NodeId from, NodeId to, Message message) {
  sim_->note("harness: forged " + std::string(message_name(message)) + " from " + std::to_string(from) + " to " +
             std::to_string(to));
  guarded([&] { sim_->deliver_now(from, to, std::move(message)); });
}

int RaftCluster::applied_count(Index index, std::string* command) {
  int count = 0;
  const LogEntry* first = nullptr;
  for (NodeId id : servers()) {
    if (!up(id)) continue;
    const auto& applied = sim_->node_as<RaftHost>(id).applied();
    if (applied.size() < index) continue;
    const LogEntry& entry = applied[index - 1];
    if (first == nullptr) first = &entry;
    ++count;
  }
  if (command != nullptr && first != nullptr) *command = first->data;
  return count;
}

bool RaftCluster::wait_applied(Index index, int count, Micros timeout) {
  return run_until([&] { return applied_count(index) >= count; }, timeout);
}

Index RaftCluster::one(const std::string& command, int expected, bool retry) {
  const Micros deadline = sim_->now() + 10 * kSecond;
  std::size_t next = static_cast<std::size_t>(last_leader_ - 1);
  while (sim_->now() < deadline) {
    // Offer the command to each running server in turn until one accepts.
    Index index = 0;
    for (int tries = 0; tries < size() && index == 0; ++tries) {
      const NodeId id = servers()[next % servers().size()];
      next = (next + 1) % servers().size();
      if (!up(id) || !connected(id)) continue;
      const Proposal p = propose(id, command);
      if (p.accepted) {
        index = p.index;
        last_leader_ = id;
      }
    }
    if (index == 0) {
      run_for(50 * kMillisecond);
      continue;
    }
    // Wait (up to 2 s) for enough servers to apply it where it was proposed.
    std::string at_index;
    const bool agreed = run_until(
        [&] { return applied_count(index, &at_index) >= expected && at_index == command; }, 2 * kSecond);
    if (agreed) return index;
    if (!retry) {
      fail("command '" + command + "' proposed at index " + std::to_string(index) + " was applied by " +
           std::to_string(applied_count(index)) + " servers within 2 s; expected " + std::to_string(expected));
    }
    run_for(50 * kMillisecond);
  }
  fail("command '" + command + "' was not agreed on by " + std::to_string(expected) + " servers within 10 s");
}

}  // namespace store::grading
