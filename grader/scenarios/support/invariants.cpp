#include "support/invariants.h"

#include "core/hash.h"
#include "sim/simulator.h"

namespace store::grading {

namespace {

std::uint64_t extend(std::uint64_t prefix, const LogEntry& entry) {
  return Hasher()
      .add(prefix)
      .add(entry.term)
      .add(static_cast<std::uint64_t>(entry.type))
      .add(entry.data)
      .value();
}

std::uint64_t position_key(Index index, Term term) { return Hasher().add(index).add(term).value(); }

std::string describe(const LogEntry& entry) {
  std::string data = entry.data.size() > 24 ? entry.data.substr(0, 24) + "..." : entry.data;
  return "{index " + std::to_string(entry.index) + ", term " + std::to_string(entry.term) + ", " +
         std::string(to_string(entry.type)) + " '" + data + "'}";
}

}  // namespace

void throw_violation(const sim::Simulator& sim, const std::string& what) {
  throw InvariantViolation("invariant violated at t=" + std::to_string(sim.now() / 1000) + " ms: " + what);
}

void RaftInvariants::violation(const std::string& what) const { throw_violation(sim_, what); }

std::pair<Index, Term> RaftInvariants::last_entry(NodeId node) const {
  auto it = logs_.find(node);
  if (it == logs_.end() || it->second.terms.empty()) return {0, 0};
  return {it->second.terms.size(), it->second.terms.back()};
}

void RaftInvariants::on_entries_appended(NodeId node, std::span<const LogEntry> entries) {
  for (const LogEntry& entry : entries) record_entry(node, entry);
}

void RaftInvariants::record_entry(NodeId node, const LogEntry& entry) {
  ObservedLog& log = logs_[node];
  if (entry.index != log.prefix.size() + 1) {
    violation("node " + std::to_string(node) + " stored " + describe(entry) + " after index " +
              std::to_string(log.prefix.size()));
  }
  const std::uint64_t prefix = extend(log.prefix.empty() ? 0 : log.prefix.back(), entry);
  log.prefix.push_back(prefix);
  log.terms.push_back(entry.term);
  auto [it, inserted] = prefix_of_.try_emplace(position_key(entry.index, entry.term), prefix);
  if (!inserted && it->second != prefix) {
    violation("Log Matching: node " + std::to_string(node) + " holds an entry of term " + std::to_string(entry.term) +
              " at index " + std::to_string(entry.index) +
              " like another node, but the two logs differ at or before that index");
  }
}

void RaftInvariants::on_truncated(NodeId node, Index from) {
  ObservedLog& log = logs_[node];
  if (from > log.prefix.size()) return;
  // Replacing a stale entry at a committed index is normal; removing the
  // committed entry itself never is.
  if (from <= committed_prefix_.size() && log.prefix[from - 1] == committed_prefix_[from - 1]) {
    violation("node " + std::to_string(node) + " truncated its log from index " + std::to_string(from) +
              ", removing the committed entry " + describe(committed_[from - 1]) +
              " (a follower truncates only at a conflicting entry)");
  }
  log.prefix.resize(from - 1);
  log.terms.resize(from - 1);
}

void RaftInvariants::on_apply(NodeId node, const LogEntry& entry) {
  Index& last = last_applied_[node];
  if (entry.index != last + 1) {
    violation("node " + std::to_string(node) + " applied index " + std::to_string(entry.index) + " right after index " +
              std::to_string(last) + " (entries are applied one by one, in log order)");
  }
  last = entry.index;
  const auto& chain = logs_[node].prefix;
  if (entry.index > chain.size()) {
    violation("node " + std::to_string(node) + " applied " + describe(entry) + " but its log ends at index " +
              std::to_string(chain.size()));
  }
  if (entry.index <= committed_.size()) {
    const LogEntry& first = committed_[entry.index - 1];
    if (first.term != entry.term || first.type != entry.type || first.data != entry.data) {
      violation("State Machine Safety: node " + std::to_string(node) + " applied " + describe(entry) +
                " where another node applied " + describe(first));
    }
    return;
  }
  committed_.push_back(entry);
  committed_prefix_.push_back(chain[entry.index - 1]);
}

void RaftInvariants::on_crash(NodeId node) {
  // What the node has now is what its storage kept.
  logs_[node] = {};
  for (const LogEntry& entry : sim_.storage(node).durable_log()) record_entry(node, entry);
}

void RaftInvariants::on_restart(NodeId node) { last_applied_[node] = 0; }

void RaftInvariants::after_step(NodeId node) {
  if (is_client_id(node) || !sim_.is_up(node)) return;
  const NodeStatus status = sim_.node(node).status();
  if (status.role != Role::kLeader) return;
  auto [it, inserted] = leaders_.try_emplace(status.term, node);
  if (inserted) {
    check_new_leader(node, status.term);
  } else if (it->second != node) {
    violation("Election Safety: nodes " + std::to_string(it->second) + " and " + std::to_string(node) +
              " were both leader in term " + std::to_string(status.term));
  }
}

void RaftInvariants::check_new_leader(NodeId node, Term term) {
  // Leader Completeness: a new leader holds every entry committed in an
  // earlier term. (A leader of an older term can still be elected after a
  // newer term committed something, by voters that had not heard of it;
  // those entries it need not hold. Terms never decrease along a log, so the
  // entries it must hold are a prefix of the committed ones.)
  Index last = 0;
  while (last < committed_.size() && committed_[last].term < term) ++last;
  if (last == 0) return;
  const auto& chain = logs_[node].prefix;
  if (chain.size() < last || chain[last - 1] != committed_prefix_[last - 1]) {
    Index first_missing = 1;
    while (first_missing <= last && first_missing <= chain.size() &&
           chain[first_missing - 1] == committed_prefix_[first_missing - 1]) {
      ++first_missing;
    }
    violation("Leader Completeness: node " + std::to_string(node) + " became leader of term " + std::to_string(term) +
              " without the committed entry " + describe(committed_[first_missing - 1]));
  }
}

}  // namespace store::grading
