#include "support/election_rules.h"

#include <algorithm>
#include <optional>

#include "sim/simulator.h"
#include "support/invariants.h"

namespace store::grading {

namespace {

// The term a Raft message carries, unless it is a pre-vote message (whose
// term is a proposal, not something anyone has adopted) or not Raft's.
std::optional<Term> adopted_term(const Message& message) {
  return std::visit(
      [](const auto& m) -> std::optional<Term> {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, RequestVote> || std::is_same_v<T, RequestVoteReply>) {
          if (m.pre_vote) return std::nullopt;
          return m.term;
        } else if constexpr (std::is_same_v<T, AppendEntries> || std::is_same_v<T, AppendEntriesReply>) {
          return m.term;
        } else {
          return std::nullopt;
        }
      },
      message);
}

std::string node_name(NodeId id) { return "node " + std::to_string(id); }

}  // namespace

ElectionRules::ElectionRules(sim::Simulator& sim, const RaftInvariants& logs, Micros election_timeout_min,
                             Micros tick_interval)
    : sim_(sim), logs_(logs), lease_window_(election_timeout_min + 2 * tick_interval) {}

void ElectionRules::violation(const std::string& what) const { throw_violation(sim_, what); }

// ---------------------------------------------------------------- votes

void ElectionRules::on_send(NodeId from, NodeId to, const Message& message, std::size_t) {
  // The restriction is about the decision, so it is checked when the grant
  // is made, whether or not it ever leaves.
  if (const auto* reply = std::get_if<RequestVoteReply>(&message); reply != nullptr && reply->granted) {
    check_restriction(from, to, *reply);
  }
}

void ElectionRules::check_restriction(NodeId voter, NodeId candidate, const RequestVoteReply& reply) {
  auto request = requests_.find({voter, candidate, reply.pre_vote});
  if (request == requests_.end()) return;
  const auto [last_index, last_term] = request->second.voter_last;
  const RequestVote& r = request->second.request;
  if (r.last_log_term < last_term || (r.last_log_term == last_term && r.last_log_index < last_index)) {
    violation(node_name(voter) + " granted a " + (reply.pre_vote ? "pre-vote" : "vote") + " to " +
              node_name(candidate) + " in term " + std::to_string(reply.term) + ", whose log (last entry: index " +
              std::to_string(r.last_log_index) + ", term " + std::to_string(r.last_log_term) +
              ") is behind its own when the request arrived (index " + std::to_string(last_index) + ", term " +
              std::to_string(last_term) + "); votes go only to candidates at least as up to date");
  }
}

void ElectionRules::on_depart(NodeId from, NodeId to, const Message& message) {
  if (is_client_id(from)) return;
  if (std::optional<Term> term = adopted_term(message)) {
    Term& sent = term_sent_[from];
    sent = std::max(sent, *term);
  }
  // A vote is cast once it has left: its write is durable by then.
  if (const auto* reply = std::get_if<RequestVoteReply>(&message)) {
    if (reply->granted && !reply->pre_vote) record_vote(from, reply->term, to);
  } else if (const auto* request = std::get_if<RequestVote>(&message)) {
    if (!request->pre_vote) record_vote(from, request->term, from);
  }
}

void ElectionRules::record_vote(NodeId voter, Term term, NodeId candidate) {
  auto [it, inserted] = votes_.try_emplace({voter, term}, candidate);
  if (inserted || it->second == candidate) return;
  auto what = [&](NodeId c) { return c == voter ? std::string("stood for election itself") : "voted for " + node_name(c); };
  violation(node_name(voter) + " " + what(it->second) + " and then " + what(candidate) + " in term " +
            std::to_string(term) +
            " (one vote per term, a candidate's own included, kept across restarts: persist votedFor before the "
            "message that depends on it)");
}

// ---------------------------------------------------------------- what arrives

bool ElectionRules::may_ignore_vote_request(NodeId node) const {
  if (sim_.status(node).role == Role::kLeader) return true;
  auto heard = heard_leader_at_.find(node);
  return heard != heard_leader_at_.end() && sim_.local_time(node) - heard->second < lease_window_;
}

void ElectionRules::on_deliver(NodeId from, NodeId to, const Message& message) {
  if (is_client_id(to)) return;
  const Term current = sim_.status(to).term;
  if (const auto* request = std::get_if<RequestVote>(&message)) {
    requests_[{to, from, request->pre_vote}] = {*request, logs_.last_entry(to)};
  } else if (const auto* reply = std::get_if<RequestVoteReply>(&message)) {
    if (reply->granted && !reply->pre_vote) grants_received_[{to, reply->term}].insert(from);
  } else if (const auto* append = std::get_if<AppendEntries>(&message)) {
    if (append->term >= current) heard_leader_at_[to] = sim_.local_time(to);
  }
  const std::optional<Term> term = adopted_term(message);
  if (!term || *term <= current) return;
  if (std::holds_alternative<RequestVote>(message) && may_ignore_vote_request(to)) return;  // §4.2.3
  must_adopt_[to] = {*term, std::string(message_name(message))};
}

// ---------------------------------------------------------------- after each step

void ElectionRules::after_step(NodeId node) {
  if (is_client_id(node) || !sim_.is_up(node)) return;
  const NodeStatus status = sim_.status(node);
  if (auto pending = must_adopt_.find(node); pending != must_adopt_.end()) {
    const auto [term, what] = std::move(pending->second);
    must_adopt_.erase(pending);
    if (status.term < term) {
      violation(node_name(node) + " received " + what + " of term " + std::to_string(term) +
                " but stayed in term " + std::to_string(status.term) +
                " (a server that sees a newer term adopts it at once, and a leader or candidate steps down)");
    }
  }
  if (auto sent = term_sent_.find(node); sent != term_sent_.end() && status.term < sent->second) {
    violation(node_name(node) + " is in term " + std::to_string(status.term) + ", but it already sent a message of term " +
              std::to_string(sent->second) +
              " (currentTerm never goes back, across restarts too: persist it before a message carries it)");
  }
  if (status.role == Role::kLeader) {
    auto [it, inserted] = leading_.try_emplace(node, status.term);
    if (inserted || it->second != status.term) {
      it->second = status.term;
      check_elected(node, status.term);
    }
  }
}

void ElectionRules::check_elected(NodeId node, Term term) {
  const std::size_t majority = sim_.servers().size() / 2 + 1;
  std::set<NodeId> voters = grants_received_[{node, term}];
  voters.erase(node);
  if (voters.size() + 1 >= majority) return;
  std::string names;
  for (NodeId voter : voters) names += (names.empty() ? "" : ", ") + std::to_string(voter);
  violation(node_name(node) + " became leader of term " + std::to_string(term) + " with votes from only " +
            std::to_string(voters.size() + 1) + " of " + std::to_string(sim_.servers().size()) +
            " servers (itself" + (names.empty() ? "" : " and " + names) +
            "); a leader needs a majority, and each voter counts once however many of its replies arrive");
}

}  // namespace store::grading
