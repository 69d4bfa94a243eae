#include "sim/demo/register_node.h"

#include <stdexcept>

namespace store::sim::demo {

// Entry data: one op letter, the key's length, ':', the key, then the value.
std::string encode_write(const ClientRequest& request) {
  const char op = request.op == OpType::kPut ? 'P' : request.op == OpType::kDelete ? 'D' : 'A';
  return op + std::to_string(request.key.size()) + ":" + request.key + request.value;
}

ClientRequest decode_write(const std::string& data) {
  const auto colon = data.find(':');
  if (data.empty() || colon == std::string::npos || colon < 2) {
    throw std::logic_error("demo register: malformed log entry '" + data + "'");
  }
  ClientRequest request;
  switch (data[0]) {
    case 'P': request.op = OpType::kPut; break;
    case 'D': request.op = OpType::kDelete; break;
    case 'A': request.op = OpType::kAppend; break;
    default: throw std::logic_error("demo register: unknown op in log entry '" + data + "'");
  }
  std::size_t key_size = 0;
  for (std::size_t i = 1; i < colon; ++i) {
    if (data[i] < '0' || data[i] > '9') throw std::logic_error("demo register: bad key length in '" + data + "'");
    key_size = key_size * 10 + static_cast<std::size_t>(data[i] - '0');
  }
  if (colon + 1 + key_size > data.size()) throw std::logic_error("demo register: truncated log entry '" + data + "'");
  request.key = data.substr(colon + 1, key_size);
  request.value = data.substr(colon + 1 + key_size);
  return request;
}

RegisterNode::RegisterNode(Env& env) : env_(env) {
  // Recover: hand every stored entry to the state machine again, as Raft does after a restart.
  if (env_.id() != kHolder) return;
  for (LogEntry& entry : env_.storage().log()) env_.apply(std::move(entry));
}

void RegisterNode::receive(NodeId from, const Message& message) {
  if (const auto* request = std::get_if<ClientRequest>(&message)) handle(from, *request);
}

void RegisterNode::handle(NodeId from, const ClientRequest& request) {
  Waiter waiter{from, request};
  if (env_.id() != kHolder) {
    reply(waiter, ClientReply{.status = ReplyStatus::kNotLeader, .leader_hint = kHolder, .error = "ask server 1"});
    return;
  }
  if (request.op == OpType::kGet) {
    if (caught_up()) {
      answer_get(waiter);
    } else {
      readers_.push_back(std::move(waiter));
    }
    return;
  }
  LogEntry entry{.term = 1, .index = env_.storage().last_index() + 1, .data = encode_write(request)};
  const LogEntry appended[] = {entry};
  env_.storage().append(appended);
  env_.trace(std::string(to_string(request.op)) + " " + request.key + " at index " + std::to_string(entry.index));
  writers_.emplace(entry.index, std::move(waiter));
  env_.apply(std::move(entry));
}

void RegisterNode::on_apply(const LogEntry& entry) {
  const ClientRequest write = decode_write(entry.data);
  switch (write.op) {
    case OpType::kPut: values_[write.key] = write.value; break;
    case OpType::kDelete: values_.erase(write.key); break;
    case OpType::kAppend: values_[write.key] += write.value; break;
    case OpType::kGet:
    case OpType::kIncrement:  // the demo takes only the letters above
    case OpType::kRegister: break;
  }
  applied_ = entry.index;
  if (auto it = writers_.find(entry.index); it != writers_.end()) {
    reply(it->second, ClientReply{.status = ReplyStatus::kOk});
    writers_.erase(it);
  }
  if (caught_up()) {
    for (const Waiter& reader : readers_) answer_get(reader);
    readers_.clear();
  }
}

void RegisterNode::answer_get(const Waiter& waiter) {
  auto it = values_.find(waiter.request.key);
  const bool found = it != values_.end();
  reply(waiter, ClientReply{.status = ReplyStatus::kOk, .found = found, .value = found ? it->second : ""});
}

void RegisterNode::reply(const Waiter& waiter, ClientReply reply) {
  reply.client_id = waiter.request.client_id;
  reply.seq = waiter.request.seq;
  env_.send(waiter.endpoint, std::move(reply));
}

NodeStatus RegisterNode::status() const {
  const Index last = env_.storage().last_index();
  return NodeStatus{.term = 1,
                    .role = env_.id() == kHolder ? Role::kLeader : Role::kFollower,
                    .leader_hint = kHolder,
                    .commit_index = last,
                    .last_log_index = last,
                    .applied_index = applied_};
}

std::optional<std::string> RegisterNode::value(const std::string& key) const {
  auto it = values_.find(key);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

}  // namespace store::sim::demo
