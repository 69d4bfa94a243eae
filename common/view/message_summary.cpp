#include "view/message_summary.h"

#include <cstdio>

namespace store::view {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxValueChars = 24;

std::string clip(std::string text) {
  if (text.size() <= kMaxValueChars) return text;
  // Do not cut a UTF-8 sequence in two.
  std::size_t end = kMaxValueChars;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) --end;
  return text.substr(0, end) + "…";
}

std::string num(const json& msg, const char* key) {
  auto it = msg.find(key);
  if (it == msg.end() || !it->is_number()) return "?";
  return std::to_string(it->get<std::int64_t>());
}

bool flag(const json& msg, const char* key) {
  auto it = msg.find(key);
  return it != msg.end() && it->is_boolean() && it->get<bool>();
}

std::string str(const json& msg, const char* key) {
  auto it = msg.find(key);
  return it != msg.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string entries_text(const json& entries) {
  if (!entries.is_array() || entries.empty()) return "no entries";
  const json& first = entries.front();
  const json& last = entries.back();
  std::string text = entries.size() == 1 ? "entry " + num(first, "index") + " (term " + num(first, "term") + ")"
                                         : std::to_string(entries.size()) + " entries " + num(first, "index") + ".." +
                                               num(last, "index") + " (last term " + num(last, "term") + ")";
  return text;
}

}  // namespace

MessageKind kind_from_name(const std::string& type) {
  if (type == "RequestVote") return MessageKind::kRequestVote;
  if (type == "RequestVoteReply") return MessageKind::kRequestVoteReply;
  if (type == "AppendEntries") return MessageKind::kAppendEntries;
  if (type == "AppendEntriesReply") return MessageKind::kAppendEntriesReply;
  if (type == "ClientRequest") return MessageKind::kClientRequest;
  if (type == "ClientReply") return MessageKind::kClientReply;
  return MessageKind::kOther;
}

MessageKind message_kind(const json& msg) {
  const MessageKind kind = kind_from_name(str(msg, "type"));
  if (kind == MessageKind::kAppendEntries) {
    auto it = msg.find("entries");
    if (it == msg.end() || !it->is_array() || it->empty()) return MessageKind::kHeartbeat;
  }
  return kind;
}

std::string summarize_message(const json& msg) {
  if (!msg.is_object()) return "?";
  const std::string pre = flag(msg, "pre_vote") ? " (pre-vote)" : "";
  switch (kind_from_name(str(msg, "type"))) {
    case MessageKind::kRequestVote:
      return "term " + num(msg, "term") + ", last log " + num(msg, "last_log_index") + "/" + num(msg, "last_log_term") +
             pre;
    case MessageKind::kRequestVoteReply:
      return "term " + num(msg, "term") + (flag(msg, "granted") ? ", granted" : ", refused") + pre;
    case MessageKind::kAppendEntries:
      return "term " + num(msg, "term") + ", prev " + num(msg, "prev_log_index") + "/" + num(msg, "prev_log_term") +
             ", " + entries_text(msg.contains("entries") ? msg["entries"] : json()) + ", commit " +
             num(msg, "leader_commit");
    case MessageKind::kAppendEntriesReply:
      if (flag(msg, "success")) return "term " + num(msg, "term") + ", success, match " + num(msg, "match_index");
      return "term " + num(msg, "term") + ", refused, conflict " + num(msg, "conflict_index") + "/" +
             num(msg, "conflict_term") + ", last " + num(msg, "last_log_index");
    case MessageKind::kClientRequest:
      return "client " + num(msg, "client_id") + " #" + num(msg, "seq") + ": " + operation_label(msg);
    case MessageKind::kClientReply: {
      std::string text = "client " + num(msg, "client_id") + " #" + num(msg, "seq") + ": " + str(msg, "status");
      if (str(msg, "status") == "ok" && flag(msg, "found")) text += ", value \"" + clip(str(msg, "value")) + "\"";
      if (msg.value("leader_hint", 0) != 0) text += ", leader hint " + num(msg, "leader_hint");
      if (!str(msg, "error").empty()) text += ", " + clip(str(msg, "error"));
      return text;
    }
    default: break;
  }
  std::string text = msg.dump(-1, ' ', false, json::error_handler_t::replace);
  return text.size() > 120 ? text.substr(0, 120) + "…" : text;
}

std::string operation_label(const json& request) {
  const std::string op = str(request, "op");
  const std::string key = clip(str(request, "key"));
  if (op == "put") return "put " + key + " = " + clip(str(request, "value"));
  if (op == "append") return "append " + key + " += " + clip(str(request, "value"));
  return op + " " + key;
}

std::string reply_outcome(const Operation& op, const json& reply) {
  const std::string status = str(reply, "status");
  if (status != "ok") return str(reply, "error").empty() ? status : status + ": " + clip(str(reply, "error"));
  if (op.label.rfind("get ", 0) == 0) return flag(reply, "found") ? "ok → " + clip(str(reply, "value")) : "ok → absent";
  return "ok";
}

std::string duration_text(std::int64_t us) {
  char text[32];
  if (us < 1000) {
    std::snprintf(text, sizeof text, "%lld µs", static_cast<long long>(us));
  } else if (us < 1000000) {
    std::snprintf(text, sizeof text, "%g ms", static_cast<double>(us) / 1e3);
  } else {
    std::snprintf(text, sizeof text, "%g s", static_cast<double>(us) / 1e6);
  }
  return text;
}

}  // namespace store::view
