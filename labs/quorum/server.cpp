#include "quorum/server.h"
#include "core/todo.h"

#include <stdexcept>
#include <string>
#include <variant>

namespace store {

std::unique_ptr<Node> make_quorum_server(Env& env, const QuorumConfig& config) {
  return std::make_unique<QuorumServer>(env, config);
}

void QuorumServer::check_config(const QuorumConfig& config, int servers) {
  STORE_TODO(6, "docs/labs/lab6-quorums.md#configuration");
}

QuorumServer::QuorumServer(Env& env, const QuorumConfig& config)
    : env_(env),
      config_(config)
      // TODO(lab6): initialise your members; see docs/labs/lab6-quorums.md#state
{
  STORE_TODO(6, "docs/labs/lab6-quorums.md#configuration");
  STORE_TODO(6, "docs/labs/lab6-quorums.md#versions");
}

void QuorumServer::tick() {
  resend_and_expire();
  deliver_own();
}

void QuorumServer::receive(NodeId from, const Message& message) {
  handle(from, message);
  deliver_own();
}

void QuorumServer::handle(NodeId from, const Message& message) {
  if (const auto* request = std::get_if<ClientRequest>(&message)) {
    handle_request(from, *request);
  } else if (const auto* write = std::get_if<QuorumWrite>(&message)) {
    on_write(from, *write);
  } else if (const auto* read = std::get_if<QuorumRead>(&message)) {
    on_read(from, *read);
  } else if (const auto* write_reply = std::get_if<QuorumWriteReply>(&message)) {
    on_write_reply(from, *write_reply);
  } else if (const auto* read_reply = std::get_if<QuorumReadReply>(&message)) {
    on_read_reply(from, *read_reply);
  }
  // Anything else (Raft's messages, a client's reply) is not for a quorum server.
}

void QuorumServer::on_apply(const LogEntry&) {
  // There is no log to apply: nothing calls Env::apply.
}

NodeStatus QuorumServer::status() const {
  // No terms, no leader: the storage's log only records accepted writes.
  return {.last_log_index = env_.storage().last_index()};
}

void QuorumServer::handle_request(NodeId client, const ClientRequest& request) {
  if (by_request_.contains({request.client_id, request.seq})) return;  // under way here; it will be answered
  switch (request.op) {
    case OpType::kGet: start_read(client, request); return;
    case OpType::kPut:
    case OpType::kDelete: start_write(client, request); return;
    default: break;
  }
  env_.send(client, ClientReply{.client_id = request.client_id,
                                .seq = request.seq,
                                .status = ReplyStatus::kBadRequest,
                                .error = "a quorum store keeps one register per key: get, put and delete only (" +
                                         std::string(to_string(request.op)) + " needs a single order of writes)"});
}

QuorumServer::Operation& QuorumServer::begin(NodeId client, const ClientRequest& request, std::uint64_t context) {
  Operation& operation = operations_[context];
  operation.client = client;
  operation.request = request;
  operation.replicas = replicas_of(request.key, env_.servers(), config_.n);
  operation.started = operation.last_sent = env_.now();
  by_request_[{request.client_id, request.seq}] = context;
  return operation;
}

void QuorumServer::answer(const Operation& operation, ClientReply reply) {
  reply.client_id = operation.request.client_id;
  reply.seq = operation.request.seq;
  env_.send(operation.client, std::move(reply));
}

void QuorumServer::finish(std::uint64_t context) {
  const auto it = operations_.find(context);
  if (it == operations_.end()) return;
  by_request_.erase({it->second.request.client_id, it->second.request.seq});
  operations_.erase(it);
}

void QuorumServer::send_to(NodeId to, Message message) {
  if (to == env_.id()) {
    own_.push_back(std::move(message));
  } else {
    env_.send(to, std::move(message));
  }
}

void QuorumServer::deliver_own() {
  while (!own_.empty()) {
    const Message message = std::move(own_.front());
    own_.pop_front();
    handle(env_.id(), message);
  }
}

void QuorumServer::resend_and_expire() {
  STORE_TODO(6, "docs/labs/lab6-quorums.md#resending");
}

}  // namespace store
