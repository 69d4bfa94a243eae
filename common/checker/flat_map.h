// A small open-addressing map from 64-bit keys to 32-bit values: the models'
// memo tables sit on the search's hot path, where std::unordered_map's node
// allocations and pointer chasing cost more than the work they save.
#pragma once

#include <cstdint>
#include <vector>

namespace store::checker {

inline std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class FlatMap64 {
 public:
  FlatMap64() : slots_(16) {}

  // The value for `key`, or nullptr.
  const std::uint32_t* find(std::uint64_t key) const {
    for (std::size_t i = mix64(key) & mask(); slots_[i].used; i = (i + 1) & mask()) {
      if (slots_[i].key == key) return &slots_[i].value;
    }
    return nullptr;
  }

  void insert(std::uint64_t key, std::uint32_t value) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    place(key, value);
  }

  std::size_t size() const { return size_; }

 private:
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t value = 0;
    bool used = false;
  };
  std::size_t mask() const { return slots_.size() - 1; }
  void place(std::uint64_t key, std::uint32_t value) {
    std::size_t i = mix64(key) & mask();
    while (slots_[i].used && slots_[i].key != key) i = (i + 1) & mask();
    if (!slots_[i].used) ++size_;
    slots_[i] = {key, value, true};
  }
  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    size_ = 0;
    for (const Slot& slot : old) {
      if (slot.used) place(slot.key, slot.value);
    }
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace store::checker
