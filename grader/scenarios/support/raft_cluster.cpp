#include "support/raft_cluster.h"

namespace store::grading {

RaftCluster::RaftCluster(grader::TestContext& ctx, RaftClusterOptions options)
    : Cluster(ctx,
              {.servers = options.servers,
               .network = options.network,
               .fsync_latency = options.fsync_latency,
               .election_timeout_min = options.raft.election_timeout_min},
              [raft = options.raft](Env& env) { return std::make_unique<RaftHost>(env, raft); }),
      raft_(options.raft) {}

RaftStatus RaftCluster::raft_status(NodeId id) {
  const NodeStatus s = sim().status(id);
  return {.term = s.term,
          .role = s.role,
          .leader_hint = s.leader_hint,
          .commit_index = s.commit_index,
          .last_log_index = s.last_log_index};
}

Proposal RaftCluster::propose(NodeId id, const std::string& command) {
  return guarded([&] { return sim().call_as<RaftHost>(id, [&](RaftHost& host) { return host.propose(command); }); });
}

Index RaftCluster::applied_on(NodeId id) {
  if (!up(id)) return 0;
  const auto& applied = sim().node_as<RaftHost>(id).applied();
  return applied.empty() ? 0 : applied.back().index;
}

int RaftCluster::applied_count(Index index, std::string* command) {
  int count = 0;
  const LogEntry* first = nullptr;
  for (NodeId id : servers()) {
    if (!up(id)) continue;
    const auto& applied = sim().node_as<RaftHost>(id).applied();
    if (applied.size() < index) continue;
    if (first == nullptr) first = &applied[index - 1];
    ++count;
  }
  if (command != nullptr && first != nullptr) *command = first->data;
  return count;
}

bool RaftCluster::wait_applied(Index index, int count, Micros timeout) {
  return run_until([&] { return applied_count(index) >= count; }, timeout);
}

Index RaftCluster::one(const std::string& command, int expected, bool retry) {
  const Micros deadline = sim().now() + 10 * kSecond;
  std::size_t next = static_cast<std::size_t>(last_leader_ - 1);
  while (sim().now() < deadline) {
    // Offer the command to each connected, running server in turn until one accepts.
    Index index = 0;
    for (int tries = 0; tries < size() && index == 0; ++tries) {
      const NodeId id = servers()[next % servers().size()];
      next = (next + 1) % servers().size();
      if (!up(id) || !connected(id)) continue;
      if (const Proposal p = propose(id, command); p.accepted) {
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
