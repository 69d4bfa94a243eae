// A message, a client operation or a duration in a few words, for the
// timeline's tooltips. Reads the JSON form of protocol/codec.h.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "view/trace_model.h"

namespace store::view {

MessageKind message_kind(const nlohmann::json& msg);
MessageKind kind_from_name(const std::string& type);  // a drop line names the type only

// "term 3, prev 5/2, entries 6..8, commit 5", "term 4, granted (pre-vote)", ...
std::string summarize_message(const nlohmann::json& msg);

// From a ClientRequest: "put k = v", "get k".
std::string operation_label(const nlohmann::json& request);
// From the ClientReply that ended the operation: "ok", "ok → v", "ok → absent", "session-expired: ...".
std::string reply_outcome(const Operation& op, const nlohmann::json& reply);

// 250 µs, 3 ms, 1.25 s.
std::string duration_text(std::int64_t us);

}  // namespace store::view
