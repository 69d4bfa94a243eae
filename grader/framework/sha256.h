// SHA-256 (FIPS 180-4), for what must not be guessable from what students
// see: the seeds a hidden salt gives (selection.h) and the salt's
// fingerprint in reports.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace store::grader {

class Sha256 {
 public:
  Sha256();
  Sha256& add(std::string_view bytes);
  std::array<std::uint8_t, 32> digest();  // ends the hash; call once

 private:
  void compress(const std::uint8_t* block);

  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> block_{};
  std::size_t used_ = 0;
  std::uint64_t length_ = 0;  // bytes added
};

std::string to_hex(const std::array<std::uint8_t, 32>& digest);
std::string sha256_hex(std::string_view bytes);

}  // namespace store::grader
