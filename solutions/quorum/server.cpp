#include "quorum/server.h"

#include <stdexcept>
#include <string>
#include <variant>

namespace store {

std::unique_ptr<Node> make_quorum_server(Env& env, const QuorumConfig& config) {
  return std::make_unique<QuorumServer>(env, config);
}

void QuorumServer::check_config(const QuorumConfig& config, int servers) {
  // BEGIN LAB 6 (#configuration)
  const std::string nwr =
      "N = " + std::to_string(config.n) + ", W = " + std::to_string(config.w) + ", R = " + std::to_string(config.r);
  if (config.n < 1 || config.n > servers) {
    throw std::invalid_argument(nwr + ": a key needs between 1 and " + std::to_string(servers) +
                                " replicas (there are " + std::to_string(servers) + " servers)");
  }
  if (config.w < 1 || config.w > config.n) {
    throw std::invalid_argument(nwr + ": a write must wait for between 1 and N acknowledgements");
  }
  if (config.r < 1 || config.r > config.n) {
    throw std::invalid_argument(nwr + ": a read must wait for between 1 and N replies");
  }
  if (config.w + config.r <= config.n && !config.allow_stale_reads) {
    throw std::invalid_argument(nwr +
                                ": W + R is not more than N, so a read's replicas can all miss an "
                                "acknowledged write and the read returns an older value; set "
                                "allow_stale_reads to run with stale reads on purpose");
  }
  if (config.resend_after <= 0 || config.give_up_after <= 0) {
    throw std::invalid_argument("resend_after and give_up_after must be positive");
  }
  // END LAB 6
}

QuorumServer::QuorumServer(Env& env, const QuorumConfig& config)
    : env_(env),
      config_(config)
      // BEGIN LAB 6 HIDDEN (#state) initialise your members
      ,
      store_(env.storage()),
      clock_(env),
      next_context_(static_cast<std::uint64_t>(env.now()) << 16)
// END LAB 6
{
  // BEGIN LAB 6 (#configuration)
  check_config(config_, static_cast<int>(env_.servers().size()));
  // END LAB 6
  // BEGIN LAB 6 (#versions)
  // A restarted server's clock can be behind versions it gave out or
  // accepted before the crash: its storage holds them, and the clock starts
  // above them, or its next write could lose to its own last one.
  for (const LogEntry& record : env_.storage().log()) clock_.observe(read_record(record).version);
  // END LAB 6
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
  // BEGIN LAB 6 (#resending)
  const Micros now = env_.now();
  std::vector<std::uint64_t> expired;
  for (auto& [context, operation] : operations_) {
    if (now - operation.started >= config_.give_up_after) {
      expired.push_back(context);
      continue;
    }
    if (operation.answered || now - operation.last_sent < config_.resend_after) continue;
    operation.last_sent = now;
    if (operation.phase == Operation::Phase::kWriting) {
      send_write(operation);
    } else {
      send_reads(operation, context);
    }
  }
  for (std::uint64_t context : expired) {
    const Operation& operation = operations_.at(context);
    // A write may have reached some replicas: the client cannot know whether it happened.
    if (!operation.answered) {
      answer(operation,
             {.status = ReplyStatus::kRetry,
              .error = "no quorum answered within " + std::to_string(config_.give_up_after / kMillisecond) + " ms"});
    }
    finish(context);
  }
  // END LAB 6
}

}  // namespace store
