// The model of one key of the project's KV store: get, put, delete, append,
// increment.
//
// A state is the key's value, or absent. Values are interned: every distinct
// string gets one id, so that states compare (and hash, for the visited
// cache) as integers and a get's check is `state == expected id`.
//
// Appends would otherwise copy ever longer strings: a search over a key with
// a few hundred appends meets a hundred thousand distinct values of a
// kilobyte each. So a value built by an append is a rope node (the value
// before, the value appended) -- constant size -- found again through a
// polynomial hash that concatenation updates in O(1). Interning stays exact:
// a hash match is confirmed by comparing contents (once per new pair, as the
// (state, appended value) -> state map is memoised).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "checker/flat_map.h"
#include "checker/search_op.h"
#include "history/history.h"

namespace store::checker {

class KvModel {
 public:
  enum Code : std::uint8_t { kGet, kPut, kDelete, kAppend, kIncrement };
  enum Result : std::uint8_t { kChecked, kUnknown };  // a get whose output is unknown constrains nothing

  // keys_start_empty: a never-written key reads as "" (Porcupine's kv corpus)
  // rather than absent (the project's store).
  explicit KvModel(bool keys_start_empty);

  StateId initial() const { return initial_; }

  // The record must be a kv operation that takes part in the check (not a fail).
  SearchOp compile(const history::Record& record);

  bool step(StateId state, const SearchOp& op, StateId* next) {
    switch (op.code) {
      case kGet: *next = state; return op.result == kUnknown || state == op.expect;
      case kPut: *next = op.arg; return true;
      case kDelete: *next = kAbsent; return true;
      case kIncrement: return increment(state, op, next);
      default: *next = concat(state, op.arg); return true;
    }
  }

  bool is_read_only(const SearchOp& op) const { return op.code == kGet; }

  // Lookahead (see wgl_search.h): puts and deletes reset the value; appends
  // only extend it. So a get can still read `expect` from here, with only
  // `resets` among the operations before it, only if `expect` extends the
  // current value or one a reset can set. Increments can make any number, so
  // they count as resets that keep every get viable.
  bool is_reset(const SearchOp& op) const { return op.code == kPut || op.code == kDelete || op.code == kIncrement; }
  bool viable(StateId state, const SearchOp& pending, const std::vector<const SearchOp*>& resets) {
    if (pending.code != kGet || pending.result == kUnknown) return true;
    if (can_reach(state, pending.expect)) return true;
    for (const SearchOp* reset : resets) {
      if (reset->code == kIncrement) return true;
      if (can_reach(reset->code == kPut ? reset->arg : kAbsent, pending.expect)) return true;
    }
    return false;
  }

  // `"value"` or `absent`, for messages.
  std::string describe(StateId state) const;
  std::string text(StateId state) const;  // the value's content ("" for absent)
  std::size_t distinct_values() const { return nodes_.size() - 1; }

 private:
  // A value: a leaf holding text, or the concatenation of two values.
  struct Node {
    std::uint64_t hash = 0;   // polynomial hash of the content, mod 2^61 - 1
    std::uint64_t power = 1;  // base^length, mod 2^61 - 1
    std::uint64_t length = 0;
    StateId head = kAbsent;  // concatenation: content = head + tail; leaf: both kAbsent
    StateId tail = kAbsent;
    std::uint32_t leaf = 0;  // leaf: index into leaves_
  };
  // A get's expected value kept flat, with the hash of every prefix, so that
  // "is this state a prefix of it" is one comparison of hashes.
  struct Target {
    std::string text;
    std::vector<std::uint64_t> prefix_hash;  // prefix_hash[i]: hash of the first i bytes
  };

  StateId intern(std::string_view text);
  // An increment adds deltas_[op.arg] to the value read as a decimal integer
  // (absent: 0). A value that is no number, or a sum that overflows, makes the
  // store refuse the increment: it changes nothing, and cannot have been ok.
  bool increment(StateId state, const SearchOp& op, StateId* next) {
    const std::uint64_t key = (std::uint64_t{state} << 32) | op.arg;
    const std::uint32_t* known = incremented_.find(key);
    const StateId sum = known != nullptr ? *known : increment_slow(state, op.arg);
    if (sum == kNotANumber) {
      *next = state;
      return op.result == kUnknown;
    }
    *next = sum;
    return op.result == kUnknown || sum == op.expect;
  }
  StateId increment_slow(StateId state, std::uint32_t delta);
  std::uint32_t delta_id(std::int64_t amount);
  static constexpr StateId kNotANumber = ~StateId{0};
  StateId concat(StateId state, StateId suffix) {
    if (state == kAbsent) return suffix;  // appending to an absent key creates it
    if (nodes_[suffix].length == 0) return state;
    if (const std::uint32_t* known = appended_.find((std::uint64_t{state} << 32) | suffix)) return *known;
    return concat_slow(state, suffix);
  }
  StateId concat_slow(StateId state, StateId suffix);
  StateId add(const Node& node);
  bool same_content(StateId a, StateId head, StateId tail) const;
  bool same_content(StateId a, std::string_view text) const;
  std::uint32_t add_target(StateId id, std::string_view text);

  // Whether appends alone can turn `from` into `to`. From absent, any present
  // value might be built, so that counts as reachable.
  bool can_reach(StateId from, StateId to) {
    if (from == to) return true;
    if (to == kAbsent) return false;
    if (from == kAbsent) return true;
    const Node& small = nodes_[from];
    const std::uint32_t target = target_of_[to];
    // Equal length and a different id means different content (ids are exact).
    if (small.length >= nodes_[to].length) return false;
    if (targets_[target].prefix_hash[small.length] != small.hash) return false;
    return can_reach_slow(from, to);
  }
  bool can_reach_slow(StateId from, StateId to);

  std::vector<Node> nodes_;  // by id; nodes_[0] is absent
  std::vector<std::string> leaves_;
  std::vector<std::uint32_t> slots_;      // open addressing over (hash, length): id, 0 = empty
  FlatMap64 appended_;                    // (state << 32 | suffix) -> state
  FlatMap64 prefix_checked_;              // (from << 32 | to) -> 1 when `from` is a prefix of `to`
  std::vector<std::int64_t> deltas_;      // the amounts increments add, by SearchOp::arg
  std::unordered_map<std::int64_t, std::uint32_t> delta_ids_;
  FlatMap64 incremented_;                 // (state << 32 | delta) -> the sum's state, or kNotANumber
  std::vector<std::uint32_t> target_of_;  // id -> index into targets_ (for ids a get expects)
  std::vector<Target> targets_;
  StateId initial_ = kAbsent;
};

}  // namespace store::checker
