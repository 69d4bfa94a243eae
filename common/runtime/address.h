// Addresses on the command line: "host:port", and the cluster's peer list
// "1=127.0.0.1:7001,2=127.0.0.1:7002,3=127.0.0.1:7003".
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/types.h"

namespace store::runtime {

struct HostPort {
  std::string host;  // a name or an address; IPv6 addresses without brackets
  std::uint16_t port = 0;

  std::string text() const;  // back to "host:port" ("[::1]:7001" for IPv6)
  bool operator==(const HostPort&) const = default;
};

// Throws std::invalid_argument saying what is wrong. Port 0 is accepted only
// when `allow_port_zero` (listen on a port the system picks).
HostPort parse_host_port(std::string_view text, bool allow_port_zero = false);

// Ids are 1..N without gaps (Env::servers() is 1..N), each with its address.
std::map<NodeId, HostPort> parse_peers(std::string_view text);
std::string format_peers(const std::map<NodeId, HostPort>& peers);

// Parses a non-negative decimal integer that fits in `max`; throws
// std::invalid_argument naming `what`.
std::uint64_t parse_number(std::string_view text, std::uint64_t max, std::string_view what);

}  // namespace store::runtime
