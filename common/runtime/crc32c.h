// CRC-32C (Castagnoli), the checksum of every record in the disk log.
//
// Chosen over CRC-32 (zlib) because it detects more error patterns at the
// record sizes a log holds; computed here with a byte table, which is fast
// enough for a teaching store (about 1 GB/s).
#pragma once

#include <cstdint>
#include <string_view>

namespace store::runtime {

// Extends `crc` (the value returned for the bytes before) over `bytes`;
// crc32c(bytes) == crc32c_extend(0, bytes).
std::uint32_t crc32c_extend(std::uint32_t crc, std::string_view bytes);
inline std::uint32_t crc32c(std::string_view bytes) { return crc32c_extend(0, bytes); }

}  // namespace store::runtime
