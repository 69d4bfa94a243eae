#include "runtime/address.h"

#include <charconv>
#include <stdexcept>

namespace store::runtime {

std::string HostPort::text() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::uint64_t parse_number(std::string_view text, std::uint64_t max, std::string_view what) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    throw std::invalid_argument(std::string(what) + " must be a number, not '" + std::string(text) + "'");
  }
  if (value > max) {
    throw std::invalid_argument(std::string(what) + " must be at most " + std::to_string(max) + ", not " +
                                std::string(text));
  }
  return value;
}

HostPort parse_host_port(std::string_view text, bool allow_port_zero) {
  const std::string quoted = "'" + std::string(text) + "'";
  std::string_view host;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      throw std::invalid_argument("address " + quoted + " must look like [::1]:7001");
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) throw std::invalid_argument("address " + quoted + " has no :port");
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) {
      throw std::invalid_argument("address " + quoted + ": write IPv6 addresses in brackets, like [::1]:7001");
    }
  }
  if (host.empty()) throw std::invalid_argument("address " + quoted + " has no host");
  const auto number = parse_number(port, 65535, "the port of " + quoted);
  if (number == 0 && !allow_port_zero)
    throw std::invalid_argument("address " + quoted + ": port 0 is not allowed here");
  return {.host = std::string(host), .port = static_cast<std::uint16_t>(number)};
}

std::map<NodeId, HostPort> parse_peers(std::string_view text) {
  std::map<NodeId, HostPort> peers;
  if (text.empty()) throw std::invalid_argument("the peer list is empty");
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string_view item = text.substr(start, comma - start);
    const std::size_t equals = item.find('=');
    if (equals == std::string_view::npos) {
      throw std::invalid_argument("peer '" + std::string(item) +
                                  "' must look like ID=HOST:PORT, e.g. 1=127.0.0.1:7001");
    }
    const auto id = static_cast<NodeId>(parse_number(item.substr(0, equals), kFirstClientId - 1, "a peer id"));
    if (id == kNoNode) throw std::invalid_argument("peer ids start at 1");
    if (peers.count(id) != 0) throw std::invalid_argument("peer " + std::to_string(id) + " is listed twice");
    peers[id] = parse_host_port(item.substr(equals + 1));
    start = comma + 1;
  }
  NodeId expected = 1;
  for (const auto& [id, address] : peers) {
    if (id != expected) {
      throw std::invalid_argument("peer ids must be 1..N without gaps; " + std::to_string(expected) + " is missing");
    }
    ++expected;
  }
  return peers;
}

std::string format_peers(const std::map<NodeId, HostPort>& peers) {
  std::string text;
  for (const auto& [id, address] : peers) {
    if (!text.empty()) text += ',';
    text += std::to_string(id) + "=" + address.text();
  }
  return text;
}

}  // namespace store::runtime
