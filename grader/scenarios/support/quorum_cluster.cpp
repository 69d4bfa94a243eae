#include "support/quorum_cluster.h"

#include <optional>

namespace store::grading {

namespace {

KvClusterOptions kv_options(const QuorumClusterOptions& options) {
  return {.servers = options.servers,
          .network = options.network,
          .fsync_latency = options.fsync_latency,
          .clerk = options.clerk,
          .writes_trace = options.writes_trace,
          .traffic_guard = options.traffic_guard};
}

}  // namespace

QuorumCluster::QuorumCluster(grader::TestContext& ctx, QuorumClusterOptions options)
    : KvCluster(
          ctx, kv_options(options), [quorum = options.quorum](Env& env) { return make_quorum_server(env, quorum); },
          /*raft_monitors=*/false),
      options_(options) {
  probe_ = sim().add_client([this](NodeId from, const Message& message) {
    if (const auto* reply = std::get_if<QuorumReadReply>(&message)) probe_replies_.emplace_back(from, *reply);
  });
  // The probe looks; it must not be lost on a lossy network.
  for (NodeId server : servers()) {
    sim().set_link_profile(probe_, server, sim::NetworkProfile::lan());
    sim().set_link_profile(server, probe_, sim::NetworkProfile::lan());
  }
}

QuorumCluster::~QuorumCluster() = default;

SimClerk& QuorumCluster::add_client_at(NodeId server) {
  SimClerk& client = add_client();
  client.clerk().set_leader_guess(server);
  return client;
}

ClerkResult QuorumCluster::perform_ok(SimClerk& client, OpType op, const std::string& key, const std::string& value) {
  const ClerkResult result = perform(client, op, key, value);
  if (result.outcome != ClerkResult::Outcome::kOk) {
    fail(describe(op, key, value, result) + " by client " + std::to_string(client.id()) +
         ", although a quorum of the key's replicas could be reached: its coordinator should have answered ok");
  }
  return result;
}

QuorumReadReply QuorumCluster::probe(NodeId server, const std::string& key) {
  const std::uint64_t context = ++probe_context_;
  probe_replies_.clear();
  sim().client_send(probe_, server, QuorumRead{.context = context, .key = key});
  std::optional<QuorumReadReply> reply;
  const auto answered = [&] {
    for (const auto& [from, r] : probe_replies_) {
      if (from == server && r.context == context) reply = r;
    }
    return reply.has_value();
  };
  if (!run_until(answered, 1 * kSecond)) {
    fail("server " + std::to_string(server) + " did not answer a QuorumRead for " + key +
         " within 1 s: every replica answers whoever asks, and the grader asks to see what replicas hold");
  }
  if (reply->key != key) {
    fail("server " + std::to_string(server) + " answered a QuorumRead for " + key + " with key '" + reply->key + "'");
  }
  return *reply;
}

std::vector<QuorumReadReply> QuorumCluster::probe_replicas(const std::string& key) {
  std::vector<QuorumReadReply> held;
  for (NodeId server : replicas(key)) held.push_back(probe(server, key));
  return held;
}

std::string describe(OpType op, const std::string& key, const std::string& value, const ClerkResult& result) {
  std::string text = std::string(to_string(op)) + " " + key;
  if (op == OpType::kPut) text += " = " + value;
  switch (result.outcome) {
    case ClerkResult::Outcome::kOk:
      if (op == OpType::kGet) text += result.found ? " -> " + result.value : " -> absent";
      return text + " (ok)";
    case ClerkResult::Outcome::kFailed: return text + " (failed: " + result.error + ")";
    case ClerkResult::Outcome::kUnknown: return text + " (unknown: " + result.error + ")";
  }
  return text;
}

std::string describe(const QuorumReadReply& held) {
  if (held.version.timestamp == 0) return "nothing";
  return (held.found ? "'" + held.value + "'" : std::string("a deletion")) + " at version " +
         std::to_string(held.version.timestamp) + "/" + std::to_string(held.version.writer);
}

}  // namespace store::grading
