// A fast, stable 64-bit hash for trace hashes and log fingerprints. Not
// cryptographic; stable across runs, builds and machines of one endianness.
#pragma once

#include <cstdint>
#include <string_view>

namespace store {

class Hasher {
 public:
  Hasher& add(std::uint64_t word) {
    state_ = mix(state_ ^ (word + 0x9e3779b97f4a7c15ULL + (state_ << 6) + (state_ >> 2)));
    return *this;
  }
  Hasher& add(std::string_view bytes) {
    add(bytes.size());
    std::uint64_t word = 0;
    int filled = 0;
    for (unsigned char c : bytes) {
      word |= static_cast<std::uint64_t>(c) << (8 * filled);
      if (++filled == 8) {
        add(word);
        word = 0;
        filled = 0;
      }
    }
    if (filled > 0) add(word);
    return *this;
  }
  std::uint64_t value() const { return state_; }

 private:
  static std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::uint64_t state_ = 0x6a09e667f3bcc909ULL;
};

}  // namespace store
