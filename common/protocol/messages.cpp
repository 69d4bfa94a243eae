#include "protocol/messages.h"

namespace store {

namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;  // for clang 14 (the fuzz build), which does not deduce it alone

// Fixed overheads of the binary codec: field names and small integers for a
// message, and per log entry. Measured once against encode_message and kept
// round: the budgets this feeds are generous multiples.
constexpr std::size_t kMessageOverhead = 80;
constexpr std::size_t kEntryOverhead = 44;

}  // namespace

std::string_view message_name(const Message& message) {
  return std::visit(Overloaded{
                        [](const RequestVote&) { return std::string_view("RequestVote"); },
                        [](const RequestVoteReply&) { return std::string_view("RequestVoteReply"); },
                        [](const AppendEntries&) { return std::string_view("AppendEntries"); },
                        [](const AppendEntriesReply&) { return std::string_view("AppendEntriesReply"); },
                        [](const ClientRequest&) { return std::string_view("ClientRequest"); },
                        [](const ClientReply&) { return std::string_view("ClientReply"); },
                        [](const ReadIndexRequest&) { return std::string_view("ReadIndexRequest"); },
                        [](const ReadIndexReply&) { return std::string_view("ReadIndexReply"); },
                    },
                    message);
}

std::size_t approximate_wire_size(const Message& message) {
  // The read-index messages have few fields, and short names.
  if (std::holds_alternative<ReadIndexRequest>(message) || std::holds_alternative<ReadIndexReply>(message)) {
    return kMessageOverhead / 2;
  }
  return kMessageOverhead + std::visit(Overloaded{
                                           [](const AppendEntries& m) {
                                             std::size_t bytes = 0;
                                             for (const auto& e : m.entries) bytes += kEntryOverhead + e.data.size();
                                             return bytes;
                                           },
                                           [](const ClientRequest& m) { return m.key.size() + m.value.size(); },
                                           [](const ClientReply& m) { return m.value.size() + m.error.size(); },
                                           [](const auto&) { return std::size_t{0}; },
                                       },
                                       message);
}

std::string_view to_string(EntryType type) {
  switch (type) {
    case EntryType::kCommand: return "command";
    case EntryType::kNoop: return "noop";
  }
  return "invalid";
}

std::string_view to_string(OpType op) {
  switch (op) {
    case OpType::kGet: return "get";
    case OpType::kPut: return "put";
    case OpType::kDelete: return "delete";
    case OpType::kAppend: return "append";
    case OpType::kIncrement: return "increment";
    case OpType::kRegister: return "register";
  }
  return "invalid";
}

std::string_view to_string(ReplyStatus status) {
  switch (status) {
    case ReplyStatus::kOk: return "ok";
    case ReplyStatus::kNotLeader: return "not-leader";
    case ReplyStatus::kRetry: return "retry";
    case ReplyStatus::kSessionExpired: return "session-expired";
    case ReplyStatus::kBadRequest: return "bad-request";
  }
  return "invalid";
}

}  // namespace store
