// The few scalar types every part of the store agrees on.
#pragma once

#include <cstdint>

namespace store {

// Servers are numbered 1..N. Clients live in a separate range so that a
// message's sender tells at a glance whether it came from a peer or a client.
using NodeId = std::int32_t;
inline constexpr NodeId kNoNode = 0;
inline constexpr NodeId kFirstClientId = 1000;
inline constexpr bool is_client_id(NodeId id) { return id >= kFirstClientId; }

using Term = std::uint64_t;
using Index = std::uint64_t;  // log positions start at 1; 0 means "before the log"

// Time is always in microseconds. Nodes only ever see their own local clock.
using Micros = std::int64_t;
inline constexpr Micros kMillisecond = 1000;
inline constexpr Micros kSecond = 1000 * kMillisecond;

}  // namespace store
