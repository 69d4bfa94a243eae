#include "support/cluster.h"

#include <map>

#include "core/hash.h"

namespace store::grading {

// Tells the grader that simulated time moves, so that a live scenario is
// never mistaken for a hung one.
class Cluster::Progress final : public sim::Observer {
 public:
  Progress(grader::TestContext& ctx, sim::Simulator& sim) : ctx_(ctx), sim_(sim) {}
  void after_step(NodeId) override { ctx_.progress(sim_.now()); }

 private:
  grader::TestContext& ctx_;
  sim::Simulator& sim_;
};

Cluster::Cluster(grader::TestContext& ctx, ClusterOptions options, sim::NodeFactory factory)
    : ctx_(ctx), options_(options) {
  sim_ = std::make_unique<sim::Simulator>(sim::SimConfig{.seed = ctx.seed(),
                                                         .servers = options_.servers,
                                                         .network = options_.network,
                                                         .trace_path = options_.writes_trace ? ctx.trace_path() : ""},
                                          std::move(factory));
  for (NodeId id : sim_->servers()) sim_->set_fsync_latency(id, options_.fsync_latency);
  invariants_ = std::make_unique<RaftInvariants>(*sim_);
  elections_ = std::make_unique<ElectionRules>(*sim_, *invariants_, options_.election_timeout_min,
                                               sim::SimConfig{}.tick_interval);
  traffic_ = std::make_unique<TrafficGuard>(*sim_);
  progress_ = std::make_unique<Progress>(ctx, *sim_);
  sim_->add_observer(*invariants_);
  sim_->add_observer(*elections_);
  if (options_.traffic_guard) sim_->add_observer(*traffic_);
  sim_->add_observer(*progress_);
}

Cluster::~Cluster() {
  // Several clusters in one test: the hash covers each of them, in order.
  const std::uint64_t mine = sim_->trace_hash();
  ctx_.set_trace_hash(ctx_.trace_hash() ? Hasher().add(*ctx_.trace_hash()).add(mine).value() : mine);
  sim_->flush_trace();
}

void Cluster::fail(const std::string& message) {
  ctx_.fail("at t=" + std::to_string(sim_->now() / kMillisecond) + " ms: " + message);
}

// ---------------------------------------------------------------- faults

void Cluster::apply_connectivity() {
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

void Cluster::disconnect(NodeId id) {
  sim_->note("harness: disconnect " + std::to_string(id));
  disconnected_.insert(id);
  apply_connectivity();
}

void Cluster::connect(NodeId id) {
  sim_->note("harness: connect " + std::to_string(id));
  disconnected_.erase(id);
  apply_connectivity();
}

void Cluster::connect_all() {
  disconnected_.clear();
  apply_connectivity();
}

void Cluster::partition(const std::vector<std::vector<NodeId>>& groups) {
  disconnected_.clear();
  sim_->partition(groups);
}

void Cluster::set_network(const sim::NetworkProfile& profile) {
  options_.network = profile;
  sim_->set_network(profile);
}

void Cluster::crash(NodeId id) { guarded([&] { sim_->crash(id); }); }

void Cluster::set_clock_rate(NodeId id, double rate) {
  const Micros offset = sim_->local_time(id) - sim_->now();
  sim_->set_clock(id, offset, static_cast<std::int64_t>((rate - 1.0) * 1e6));
}
void Cluster::restart(NodeId id) { guarded([&] { sim_->restart(id); }); }

void Cluster::forge(NodeId from, NodeId to, Message message) {
  sim_->note("harness: forged " + std::string(message_name(message)) + " from " + std::to_string(from) + " to " +
             std::to_string(to));
  guarded([&] { sim_->deliver_now(from, to, std::move(message)); });
}

// ---------------------------------------------------------------- time

void Cluster::run_for(Micros duration) { guarded([&] { sim_->run_for(duration); }); }

bool Cluster::run_until(const std::function<bool()>& predicate, Micros timeout) {
  return guarded([&] { return sim_->run_until(predicate, timeout); });
}

// ---------------------------------------------------------------- elections

NodeId Cluster::check_one_leader() {
  // As MIT's tests do: let things settle for about half a second (so that a
  // deposed leader that just returned has heard of the new term), then look;
  // up to ten times.
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
  fail("expected one leader among the connected servers, but none was elected");
}

void Cluster::check_no_leader() {
  for (NodeId id : servers()) {
    if (up(id) && connected(id) && sim_->status(id).role == Role::kLeader) {
      fail("server " + std::to_string(id) + " believes it leads term " + std::to_string(sim_->status(id).term) +
           ", but no majority is connected");
    }
  }
}

Term Cluster::check_terms() {
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

}  // namespace store::grading
