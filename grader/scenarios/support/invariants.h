// Raft's safety properties about logs, checked after every simulated step
// from what the nodes observably do: the writes they make to their storage,
// the entries they apply, and the status they report. Nothing here depends on
// how an implementation is written inside. (Votes and terms are watched by
// ElectionRules, in election_rules.h.)
//
// A violation throws InvariantViolation at once, so the failing run stops at
// the first step that broke a property, and its trace ends there.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/observer.h"

namespace store::sim {
class Simulator;
}

namespace store::grading {

class InvariantViolation : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws InvariantViolation, naming the simulated time.
[[noreturn]] void throw_violation(const sim::Simulator& sim, const std::string& what);

class RaftInvariants final : public sim::Observer {
 public:
  explicit RaftInvariants(sim::Simulator& sim) : sim_(sim) {}

  void on_entries_appended(NodeId node, std::span<const LogEntry> entries) override;
  void on_truncated(NodeId node, Index from) override;
  void on_apply(NodeId node, const LogEntry& entry) override;
  void on_crash(NodeId node) override;
  void on_restart(NodeId node) override;
  void after_step(NodeId node) override;

  // The entries known to be committed (applied somewhere), from index 1 on.
  const std::vector<LogEntry>& committed() const { return committed_; }
  Index highest_committed() const { return committed_.size(); }
  // The leader observed for each term so far.
  const std::map<Term, NodeId>& leaders() const { return leaders_; }
  // The index and term of the last entry in a node's log as its writes show
  // it ({0, 0} for an empty log).
  std::pair<Index, Term> last_entry(NodeId node) const;

 private:
  [[noreturn]] void violation(const std::string& what) const;
  void check_new_leader(NodeId node, Term term);
  void record_entry(NodeId node, const LogEntry& entry);

  sim::Simulator& sim_;

  // Each node's log as its storage writes show it: the term of each entry,
  // and a chain of prefix hashes (prefix[i - 1] fingerprints entries 1..i).
  struct ObservedLog {
    std::vector<Term> terms;
    std::vector<std::uint64_t> prefix;
  };
  std::map<NodeId, ObservedLog> logs_;
  // Log Matching: every (index, term) ever written, with its prefix hash.
  std::unordered_map<std::uint64_t, std::uint64_t> prefix_of_;
  // State Machine Safety: what was applied at each index, and its prefix hash.
  std::vector<LogEntry> committed_;
  std::vector<std::uint64_t> committed_prefix_;
  std::map<NodeId, Index> last_applied_;
  // Election Safety.
  std::map<Term, NodeId> leaders_;
};

}  // namespace store::grading
