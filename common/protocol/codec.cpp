#include "protocol/codec.h"

#include <array>
#include <utility>

namespace store {

using nlohmann::json;

namespace {

// Enums travel as their names, so traces read well and an unknown name is an
// error rather than a silent default.
template <typename Enum, std::size_t N>
Enum enum_from_name(const json& value, const std::array<Enum, N>& all, std::string_view what) {
  if (!value.is_string()) throw DecodeError(std::string(what) + " must be a string");
  const auto& name = value.get_ref<const std::string&>();
  for (Enum candidate : all) {
    if (to_string(candidate) == name) return candidate;
  }
  throw DecodeError("unknown " + std::string(what) + " '" + name + "'");
}

constexpr std::array kEntryTypes = {EntryType::kCommand, EntryType::kNoop};
constexpr std::array kOpTypes = {OpType::kGet,    OpType::kPut,       OpType::kDelete,
                                 OpType::kAppend, OpType::kIncrement, OpType::kRegister};
constexpr std::array kReplyStatuses = {ReplyStatus::kOk, ReplyStatus::kNotLeader, ReplyStatus::kRetry,
                                       ReplyStatus::kSessionExpired, ReplyStatus::kBadRequest};

template <typename T>
T field(const json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end()) throw DecodeError(std::string("missing field '") + name + "'");
  try {
    return it->get<T>();
  } catch (const json::exception&) {
    throw DecodeError(std::string("field '") + name + "' has the wrong type");
  }
}

json to_json_fields(const RequestVote& m) {
  return {{"term", m.term},
          {"candidate", m.candidate},
          {"last_log_index", m.last_log_index},
          {"last_log_term", m.last_log_term},
          {"pre_vote", m.pre_vote}};
}
json to_json_fields(const RequestVoteReply& m) {
  return {{"term", m.term}, {"granted", m.granted}, {"pre_vote", m.pre_vote}};
}
json to_json_fields(const AppendEntries& m) {
  json entries = json::array();
  for (const auto& entry : m.entries) entries.push_back(entry_to_json(entry));
  return {{"term", m.term},
          {"leader", m.leader},
          {"prev_log_index", m.prev_log_index},
          {"prev_log_term", m.prev_log_term},
          {"entries", std::move(entries)},
          {"leader_commit", m.leader_commit},
          {"context", m.context}};
}
json to_json_fields(const AppendEntriesReply& m) {
  return {{"term", m.term},
          {"success", m.success},
          {"match_index", m.match_index},
          {"conflict_index", m.conflict_index},
          {"conflict_term", m.conflict_term},
          {"last_log_index", m.last_log_index},
          {"context", m.context}};
}
json to_json_fields(const ClientRequest& m) {
  return {{"client_id", m.client_id},
          {"seq", m.seq},
          {"op", to_string(m.op)},
          {"key", m.key},
          {"value", m.value}};
}
json to_json_fields(const ClientReply& m) {
  return {{"client_id", m.client_id}, {"seq", m.seq},   {"status", to_string(m.status)},
          {"found", m.found},         {"value", m.value}, {"leader_hint", m.leader_hint},
          {"error", m.error}};
}

json to_json_fields(const ReadIndexRequest& m) { return {{"term", m.term}, {"context", m.context}}; }
json to_json_fields(const ReadIndexReply& m) {
  return {{"term", m.term}, {"context", m.context}, {"ok", m.ok}, {"index", m.index}};
}

RequestVote request_vote_from(const json& j) {
  return {.term = field<Term>(j, "term"),
          .candidate = field<NodeId>(j, "candidate"),
          .last_log_index = field<Index>(j, "last_log_index"),
          .last_log_term = field<Term>(j, "last_log_term"),
          .pre_vote = field<bool>(j, "pre_vote")};
}
RequestVoteReply vote_reply_from(const json& j) {
  return {.term = field<Term>(j, "term"), .granted = field<bool>(j, "granted"), .pre_vote = field<bool>(j, "pre_vote")};
}
AppendEntries append_from(const json& j) {
  AppendEntries m{.term = field<Term>(j, "term"),
                  .leader = field<NodeId>(j, "leader"),
                  .prev_log_index = field<Index>(j, "prev_log_index"),
                  .prev_log_term = field<Term>(j, "prev_log_term"),
                  .entries = {},
                  .leader_commit = field<Index>(j, "leader_commit"),
                  .context = field<std::uint64_t>(j, "context")};
  auto entries = j.find("entries");
  if (entries == j.end() || !entries->is_array()) throw DecodeError("field 'entries' must be an array");
  m.entries.reserve(entries->size());
  for (const auto& entry : *entries) m.entries.push_back(entry_from_json(entry));
  return m;
}
AppendEntriesReply append_reply_from(const json& j) {
  return {.term = field<Term>(j, "term"),
          .success = field<bool>(j, "success"),
          .match_index = field<Index>(j, "match_index"),
          .conflict_index = field<Index>(j, "conflict_index"),
          .conflict_term = field<Term>(j, "conflict_term"),
          .last_log_index = field<Index>(j, "last_log_index"),
          .context = field<std::uint64_t>(j, "context")};
}
ClientRequest client_request_from(const json& j) {
  return {.client_id = field<std::uint64_t>(j, "client_id"),
          .seq = field<std::uint64_t>(j, "seq"),
          .op = enum_from_name(j.at("op"), kOpTypes, "op"),
          .key = field<std::string>(j, "key"),
          .value = field<std::string>(j, "value")};
}
ClientReply client_reply_from(const json& j) {
  return {.client_id = field<std::uint64_t>(j, "client_id"),
          .seq = field<std::uint64_t>(j, "seq"),
          .status = enum_from_name(j.at("status"), kReplyStatuses, "status"),
          .found = field<bool>(j, "found"),
          .value = field<std::string>(j, "value"),
          .leader_hint = field<NodeId>(j, "leader_hint"),
          .error = field<std::string>(j, "error")};
}

ReadIndexRequest read_index_request_from(const json& j) {
  return {.term = field<Term>(j, "term"), .context = field<std::uint64_t>(j, "context")};
}
ReadIndexReply read_index_reply_from(const json& j) {
  return {.term = field<Term>(j, "term"),
          .context = field<std::uint64_t>(j, "context"),
          .ok = field<bool>(j, "ok"),
          .index = field<Index>(j, "index")};
}

}  // namespace

json entry_to_json(const LogEntry& entry) {
  return {{"term", entry.term}, {"index", entry.index}, {"type", to_string(entry.type)}, {"data", entry.data}};
}

LogEntry entry_from_json(const json& j) {
  if (!j.is_object()) throw DecodeError("a log entry must be an object");
  if (!j.contains("type")) throw DecodeError("missing field 'type'");
  return {.term = field<Term>(j, "term"),
          .index = field<Index>(j, "index"),
          .type = enum_from_name(j.at("type"), kEntryTypes, "entry type"),
          .data = field<std::string>(j, "data")};
}

json message_to_json(const Message& message) {
  json out = std::visit([](const auto& m) { return to_json_fields(m); }, message);
  out["type"] = message_name(message);
  return out;
}

Message message_from_json(const json& j) {
  if (!j.is_object()) throw DecodeError("a message must be a JSON object");
  const std::string type = field<std::string>(j, "type");
  try {
    if (type == "RequestVote") return request_vote_from(j);
    if (type == "RequestVoteReply") return vote_reply_from(j);
    if (type == "AppendEntries") return append_from(j);
    if (type == "AppendEntriesReply") return append_reply_from(j);
    if (type == "ClientRequest") return client_request_from(j);
    if (type == "ClientReply") return client_reply_from(j);
    if (type == "ReadIndexRequest") return read_index_request_from(j);
    if (type == "ReadIndexReply") return read_index_reply_from(j);
  } catch (const json::exception& e) {
    throw DecodeError(type + ": " + e.what());
  }
  throw DecodeError("unknown message type '" + type + "'");
}

std::string encode_message(const Message& message) {
  std::vector<std::uint8_t> bytes = json::to_msgpack(message_to_json(message));
  return {bytes.begin(), bytes.end()};
}

Message decode_message(std::string_view bytes) {
  json j;
  try {
    j = json::from_msgpack(bytes.begin(), bytes.end());
  } catch (const json::exception& e) {
    throw DecodeError(std::string("not a MessagePack document: ") + e.what());
  }
  return message_from_json(j);
}

}  // namespace store
