// The set of (linearized operations, model state) pairs the search has
// already explored. Reaching one again means the rest of the search from
// there is known to fail, so the search skips it (Lowe's memoisation, as in
// Porcupine).
//
// Entries live in one flat arena (the state, then the bitset words); the
// table is open addressing over entry numbers with each entry's hash beside
// it, so a lookup touches one slot and, only on a hash match, one entry.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "checker/search_op.h"

namespace store::checker {

class VisitedCache {
 public:
  explicit VisitedCache(std::size_t words) : words_(words), slots_(1024) {}

  // Adds the pair; false if it was already there. `hash` must be a function
  // of (bits, state) only.
  bool insert(std::uint64_t hash, StateId state, const std::uint64_t* bits) {
    std::size_t mask = slots_.size() - 1;
    std::size_t i = hash & mask;
    for (; slots_[i].entry != 0; i = (i + 1) & mask) {
      if (slots_[i].hash != hash) continue;
      const std::uint64_t* entry = &arena_[(slots_[i].entry - 1) * (words_ + 1)];
      if (entry[0] == state && std::memcmp(entry + 1, bits, words_ * sizeof(std::uint64_t)) == 0) return false;
    }
    ++size_;
    arena_.push_back(state);
    arena_.insert(arena_.end(), bits, bits + words_);
    slots_[i] = {hash, static_cast<std::uint32_t>(size_)};
    if (2 * size_ > slots_.size()) grow();
    return true;
  }

  std::size_t size() const { return size_; }
  std::size_t bytes() const { return arena_.capacity() * sizeof(std::uint64_t) + slots_.size() * sizeof(Slot); }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t entry = 0;  // entry number + 1; 0 = empty
  };

  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.entry == 0) continue;
      std::size_t i = slot.hash & mask;
      while (slots_[i].entry != 0) i = (i + 1) & mask;
      slots_[i] = slot;
    }
  }

  std::size_t words_;
  std::vector<Slot> slots_;
  std::vector<std::uint64_t> arena_;
  std::size_t size_ = 0;
};

}  // namespace store::checker
