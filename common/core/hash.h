// A fast, stable 64-bit hash for trace hashes and log fingerprints. Not
// cryptographic; stable across runs, builds and machines of one endianness.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
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
    const char* data = bytes.data();
    std::size_t left = bytes.size();
    for (; left >= 8; left -= 8, data += 8) {
      std::uint64_t word;
      std::memcpy(&word, data, 8);  // little-endian hosts: the same words as byte-by-byte assembly
      add(word);
    }
    if (left > 0) {
      std::uint64_t word = 0;
      std::memcpy(&word, data, left);
      add(word);
    }
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
