// Fixed-width integers to and from bytes, in an explicit byte order, so that
// the wire and disk formats do not depend on the machine.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace store::runtime {

// Little-endian: the disk log.
inline void put_le(std::string& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFFu));
}
inline std::uint64_t get_le(std::string_view in, std::size_t at, int bytes) {
  std::uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) value |= std::uint64_t{static_cast<unsigned char>(in[at + i])} << (8 * i);
  return value;
}

// Big-endian ("network order"): frame lengths on the wire.
inline void put_be32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((value >> shift) & 0xFFu));
}
inline std::uint32_t get_be32(std::string_view in, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(in[at + i]);
  return value;
}

}  // namespace store::runtime
