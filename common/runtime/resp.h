// RESP, the protocol of Redis clients (redis-cli, redis-benchmark, client
// libraries), as far as store-node speaks it: requests are arrays of bulk
// strings (or inline commands, as typed into telnet); replies are simple
// strings, errors, integers, bulk strings and arrays. Pure parsing and
// encoding, no I/O (resp_listener.h serves it).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace store::runtime::resp {

class ProtocolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Takes the first complete command off the front of `buffer`; nullopt when
// the buffer holds only part of one. Throws ProtocolError for malformed input
// or a command over `max_bytes`.
std::optional<std::vector<std::string>> take_command(std::string& buffer, std::size_t max_bytes);

std::string simple(std::string_view text);  // +OK
std::string error(std::string_view text);   // -ERR ... (newlines replaced by spaces)
std::string integer(std::int64_t value);
std::string bulk(std::string_view data);
std::string null_bulk();  // a missing key
std::string array(const std::vector<std::string>& encoded_items);

// The Redis Cluster slot of a key (CRC16 of the key, or of its {hash tag}, mod 16384).
int key_slot(std::string_view key);

}  // namespace store::runtime::resp
