// The one codec for messages: JSON for traces and humans, and its binary form
// (MessagePack) on the wire. Decoding never trusts its input: anything that is
// not a well-formed message of a known type raises DecodeError with a reason.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

#include "protocol/messages.h"

namespace store {

class DecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

nlohmann::json message_to_json(const Message& message);
Message message_from_json(const nlohmann::json& json);

nlohmann::json entry_to_json(const LogEntry& entry);
LogEntry entry_from_json(const nlohmann::json& json);

std::string encode_message(const Message& message);
Message decode_message(std::string_view bytes);

}  // namespace store
