// The Wing–Gong–Lowe search for a linearization of one partition, in the
// manner of Porcupine.
//
// Calls and returns sit in one doubly linked list in event order. Walking it
// from the front, the search tries to linearize the first calls: a call whose
// operation the model accepts in the current state is "lifted" (its call and
// return leave the list) and the walk restarts at the front. Meeting a return
// means the operation it belongs to should have taken effect already, but no
// order tried so far allows it: the search backtracks, restoring the last
// lifted call and trying the calls after it. Visited (linearized set, state)
// pairs are cached, since reaching one again can only fail again.
//
// Operations that never return (info, open) have no return entry: nothing
// forces them, and the search succeeds once every returning operation is
// linearized. That is sound because the models accept any operation with an
// unknown outcome in every state, so the rest can take effect at the end.
//
// Two prunings beyond Porcupine's algorithm:
//  - Lookahead: an operation with a pending return must take effect before
//    anything called after that return, so only the calls before it in the
//    list can come first. For the first few pending returns, the model says
//    whether their outputs are still reachable from the current state with
//    those calls (Model::viable); if not, the subtree is dead. A get that read
//    "ab" cannot be met once the value is "ac" with only appends left in
//    between; without this a partition with many concurrent appends explores
//    every order of them.
//  - Greedy reads: a read-only operation that can take effect now is taken
//    now, without trying alternatives in its place (see try_call).
// Models provide initial(), step(), is_read_only(), is_reset() and viable().
//
// The search is resumable: run() stops after a given number of steps and
// carries on where it was when called again, so that the checker can work on
// all partitions in rounds of growing budgets and stop as soon as any of
// them is decided not linearizable, with a result that does not depend on
// thread timing.
//
// Everything is flat arrays indexed by entry number; a step allocates nothing
// (the visited cache's arena grows geometrically). The linearized set is a
// bitset with an incrementally maintained Zobrist hash.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string_view>
#include <vector>

#include "checker/flat_map.h"
#include "checker/search_op.h"
#include "checker/verdict.h"
#include "checker/visited_cache.h"
#include "history/history.h"

namespace store::checker {

struct SearchBudget {
  std::uint64_t max_steps = 0;  // 0: no limit
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  std::size_t max_cache_bytes = 0;  // 0: no limit
};

// One partition, ready for the search.
struct SearchProblem {
  std::vector<SearchOp> ops;
  std::vector<std::uint32_t> call;  // event position of each op's call
  std::vector<std::uint32_t> ret;   // event position of its return; history::kNever when it has none
};

struct SearchOutcome {
  Verdict verdict = Verdict::kUnknown;
  // Linearizable: a linearization (op indices in order). Otherwise the longest
  // order the search found, after which `stuck` could not take effect.
  std::vector<std::uint32_t> order;
  std::int64_t stuck = -1;        // op index, -1 when linearizable
  StateId stuck_state = kAbsent;  // the model state after `order`
  std::uint64_t steps = 0;
  std::size_t cache_entries = 0;
  std::string_view exhausted;  // for unknown: "step budget", "deadline" or "memory budget"
};

// How many pending returns the lookahead examines after each step: more
// prunes more, but each costs a walk further down the list. On the Porcupine
// corpus 16 takes the c50 kv histories from 350k steps to 27k; going further
// gains little.
inline constexpr int kLookaheadReturns = 16;

template <class Model>
class WglSearch {
 public:
  // `problem` and `model` must outlive the search.
  WglSearch(const SearchProblem& problem, Model& model)
      : problem_(problem), model_(model), n_(static_cast<std::uint32_t>(problem.ops.size())), cache_((n_ + 63) / 64) {
    build_list();
    bits_.assign((n_ + 63) / 64, 0);
    zobrist_.resize(n_);
    is_reset_.resize(n_);
    is_read_only_.resize(n_);
    for (std::uint32_t i = 0; i < n_; ++i) {
      zobrist_[i] = mix64(0x5851f42d4c957f2dULL + i);
      is_reset_[i] = model_.is_reset(problem_.ops[i]);
      is_read_only_[i] = model_.is_read_only(problem_.ops[i]);
    }
    stack_.reserve(n_);
    resets_.reserve(n_);
    state_ = model_.initial();
    cur_ = next_[0];
  }

  bool decided() const { return outcome_.verdict != Verdict::kUnknown; }
  bool out_of_budget() const { return !outcome_.exhausted.empty(); }
  const SearchOutcome& outcome() const { return outcome_; }

  // Searches until decided, until `round_steps` more steps are done, or until
  // the budget runs out (then outcome().exhausted says which). Returns decided().
  bool run(std::uint64_t round_steps, const SearchBudget& budget) {
    if (decided() || !outcome_.exhausted.empty()) return decided();
    const std::uint64_t stop = round_steps == 0 ? ~std::uint64_t{0} : steps_ + round_steps;
    while (remaining_ > 0) {
      if (steps_ >= stop) return pause();
      if ((++steps_ & 1023) == 0 && budget_exhausted(budget)) return pause();
      if (is_call_[cur_]) {
        try_call();
      } else {
        // A return: its operation must already have taken effect, and cannot.
        note_stuck(op_of_[cur_]);
        dead_end();
      }
      if (exhausted_search_) return finish(Verdict::kNotLinearizable);
    }
    return finish(Verdict::kLinearizable);
  }

 private:
  struct Frame {
    std::uint32_t entry;
    StateId state;  // the state before the entry's operation
    bool forced;    // a read-only operation taken greedily: no alternative to try in its place
  };

  // Entry 0 is the list head; entries 1.. are the calls and returns in event order.
  void build_list() {
    struct Event {
      std::uint32_t position;
      std::uint32_t op;
      bool call;
    };
    std::vector<Event> events;
    events.reserve(2 * n_);
    for (std::uint32_t i = 0; i < n_; ++i) {
      events.push_back({problem_.call[i], i, true});
      if (problem_.ret[i] != history::kNever) {
        events.push_back({problem_.ret[i], i, false});
        ++remaining_;
      }
    }
    std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.position < b.position; });
    const auto entries = static_cast<std::uint32_t>(events.size() + 1);
    next_.resize(entries);
    prev_.resize(entries);
    op_of_.assign(entries, 0);
    match_.assign(entries, 0);
    is_call_.assign(entries, 0);
    std::vector<std::uint32_t> call_entry(n_, 0);
    for (std::uint32_t e = 1; e < entries; ++e) {
      const Event& event = events[e - 1];
      op_of_[e] = event.op;
      is_call_[e] = event.call;
      if (event.call) {
        call_entry[event.op] = e;
      } else {
        match_[call_entry[event.op]] = e;
      }
    }
    for (std::uint32_t e = 0; e < entries; ++e) {
      next_[e] = e + 1 == entries ? 0 : e + 1;
      prev_[e] = e == 0 ? entries - 1 : e - 1;
    }
  }

  void unlink(std::uint32_t e) {
    next_[prev_[e]] = next_[e];
    prev_[next_[e]] = prev_[e];
  }
  void relink(std::uint32_t e) {
    next_[prev_[e]] = e;
    prev_[next_[e]] = e;
  }
  static std::uint64_t state_hash(StateId state) { return mix64(0xd1b54a32d192ed03ULL ^ state); }

  // Tries to linearize the operation of call entry cur_ next.
  //
  // Read-only operations (reads, failed cases) are taken greedily: if one can
  // take effect now, some linearization from here takes it now if any
  // linearization from here exists at all. (Moving it to the front keeps
  // every state the same, and nothing pending returned before its call.) So
  // there is no alternative to try in its place: if the search fails after
  // it, or has already failed there (a cache hit), this node fails too.
  void try_call() {
    const std::uint32_t op = op_of_[cur_];
    const bool read_only = is_read_only_[op];
    StateId after;
    if (model_.step(state_, problem_.ops[op], &after)) {
      const std::uint64_t bit = std::uint64_t{1} << (op & 63);
      bits_[op >> 6] |= bit;
      const std::uint64_t hash = set_hash_ ^ zobrist_[op];
      if (cache_.insert(hash ^ state_hash(after), after, bits_.data())) {
        stack_.push_back({cur_, state_, read_only});
        state_ = after;
        set_hash_ = hash;
        unlink(cur_);
        if (match_[cur_] != 0) {
          unlink(match_[cur_]);
          --remaining_;
        }
        std::uint32_t doomed = 0;
        if (viable(&doomed)) {
          cur_ = next_[0];
        } else {
          note_stuck(op_of_[doomed]);
          dead_end();
        }
        return;
      }
      bits_[op >> 6] &= ~bit;
      if (read_only) {
        dead_end();
        return;
      }
    }
    cur_ = next_[cur_];
  }

  // The current node has no successful continuation: backtrack to the
  // nearest ancestor with alternatives left (past greedy reads).
  void dead_end() {
    while (true) {
      if (stack_.empty()) {
        exhausted_search_ = true;
        return;
      }
      const bool forced = stack_.back().forced;
      cur_ = undo();
      if (!forced) return;
    }
  }

  // The lookahead over the first few pending returns; sets *doomed to the
  // return entry whose operation can no longer take effect.
  bool viable(std::uint32_t* doomed) {
    resets_.clear();
    int returns = 0;
    for (std::uint32_t e = next_[0]; e != 0; e = next_[e]) {
      const std::uint32_t op = op_of_[e];
      if (is_call_[e]) {
        if (is_reset_[op]) resets_.push_back(&problem_.ops[op]);
        continue;
      }
      if (!model_.viable(state_, problem_.ops[op], resets_)) {
        *doomed = e;
        return false;
      }
      if (++returns == kLookaheadReturns) break;
    }
    return true;
  }

  // Takes back the last linearized operation; returns the entry to try next.
  std::uint32_t undo() {
    const Frame frame = stack_.back();
    stack_.pop_back();
    const std::uint32_t op = op_of_[frame.entry];
    state_ = frame.state;
    bits_[op >> 6] &= ~(std::uint64_t{1} << (op & 63));
    set_hash_ ^= zobrist_[op];
    if (match_[frame.entry] != 0) {
      relink(match_[frame.entry]);
      ++remaining_;
    }
    relink(frame.entry);
    return next_[frame.entry];
  }

  // Remembers the deepest point where an operation could not take effect.
  void note_stuck(std::uint32_t op) {
    if (static_cast<std::int64_t>(stack_.size()) <= best_depth_) return;
    best_depth_ = static_cast<std::int64_t>(stack_.size());
    outcome_.order.clear();
    for (const Frame& frame : stack_) outcome_.order.push_back(op_of_[frame.entry]);
    outcome_.stuck = op;
    outcome_.stuck_state = state_;
  }

  bool budget_exhausted(const SearchBudget& budget) {
    if (budget.max_steps != 0 && steps_ >= budget.max_steps) {
      outcome_.exhausted = "step budget";
    } else if (budget.max_cache_bytes != 0 && cache_.bytes() > budget.max_cache_bytes) {
      outcome_.exhausted = "memory budget";
    } else if (std::chrono::steady_clock::now() >= budget.deadline) {
      outcome_.exhausted = "deadline";
    }
    return !outcome_.exhausted.empty();
  }

  bool pause() {
    outcome_.steps = steps_;
    outcome_.cache_entries = cache_.size();
    return false;
  }

  bool finish(Verdict verdict) {
    outcome_.verdict = verdict;
    outcome_.steps = steps_;
    outcome_.cache_entries = cache_.size();
    if (verdict == Verdict::kLinearizable) {
      outcome_.order.clear();
      for (const Frame& frame : stack_) outcome_.order.push_back(op_of_[frame.entry]);
      outcome_.stuck = -1;
      outcome_.stuck_state = state_;
    }
    release();
    return true;
  }

  // A decided search keeps only its outcome.
  void release() {
    cache_ = VisitedCache(0);
    std::vector<std::uint64_t>().swap(bits_);
    std::vector<Frame>().swap(stack_);
  }

  const SearchProblem& problem_;
  Model& model_;
  const std::uint32_t n_;
  std::vector<std::uint32_t> next_, prev_, op_of_, match_;
  std::vector<std::uint8_t> is_call_, is_reset_, is_read_only_;
  std::vector<std::uint64_t> bits_, zobrist_;
  std::vector<Frame> stack_;
  std::vector<const SearchOp*> resets_;
  VisitedCache cache_;
  StateId state_ = kAbsent;
  std::uint64_t set_hash_ = 0;
  std::uint32_t cur_ = 0;
  std::uint32_t remaining_ = 0;  // operations with a return that are not linearized yet
  std::uint64_t steps_ = 0;
  std::int64_t best_depth_ = -1;
  bool exhausted_search_ = false;  // every order failed: not linearizable
  SearchOutcome outcome_;
};

// Runs one search to the end of its budget.
template <class Model>
SearchOutcome wgl_search(const SearchProblem& problem, Model& model, const SearchBudget& budget) {
  WglSearch<Model> search(problem, model);
  search.run(0, budget);
  return search.outcome();
}

}  // namespace store::checker
