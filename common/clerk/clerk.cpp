#include "clerk/clerk.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace store {

namespace {

history::Operation to_history(const ClientRequest& request) {
  switch (request.op) {
    case OpType::kGet: return history::Operation::get(request.key);
    case OpType::kPut: return history::Operation::put(request.key, request.value);
    case OpType::kDelete: return history::Operation::del(request.key);
    case OpType::kAppend: return history::Operation::append(request.key, request.value);
    case OpType::kIncrement: {
      std::int64_t amount = 0;
      std::from_chars(request.value.data(), request.value.data() + request.value.size(), amount);
      return history::Operation::increment(request.key, amount);
    }
    case OpType::kRegister: break;
  }
  throw std::logic_error("clerk: unknown op");
}

bool is_write(OpType op) { return op != OpType::kGet && op != OpType::kRegister; }

// What the checker sees of an ok result: a get's value, an increment's sum.
history::Output output_of(OpType op, const ClerkResult& result) {
  if (op == OpType::kGet) return result.found ? history::Output::found_value(result.value) : history::Output::absent();
  if (op == OpType::kIncrement) return history::Output::found_value(result.value);
  return history::Output::none();
}

}  // namespace

Clerk::Clerk(ClerkTransport& transport, std::uint64_t client_id, std::vector<NodeId> servers, ClerkConfig config,
             history::HistoryRecorder* history, NodeId history_client)
    : transport_(transport),
      client_id_(client_id),
      servers_(std::move(servers)),
      config_(config),
      history_(history),
      history_client_(history_client == kNoNode ? static_cast<NodeId>(client_id) : history_client) {
  if (servers_.empty()) throw std::invalid_argument("clerk: no servers to talk to");
}

void Clerk::start(OpType op, std::string key, std::string value, Done done) {
  if (current_) throw std::logic_error("clerk: an operation is already running");
  if (op == OpType::kRegister) throw std::logic_error("clerk: sessions are registered by the clerk itself");
  Current current{.request = {.client_id = session_ != 0 ? session_ : client_id_,
                              .seq = next_seq_++,
                              .op = op,
                              .key = std::move(key),
                              .value = std::move(value)},
                  .done = std::move(done),
                  .started = transport_.now()};
  if (history_) current.op_id = history_->invoke(current.started, history_client_, to_history(current.request));
  current_ = std::move(current);
  if (config_.sessions && session_ == 0 && is_write(op)) {
    begin_registering();
    return;
  }
  send_attempt();
}

void Clerk::begin_registering() {
  // Seq 0 and the clerk's own id: the reply to this request is recognised
  // by them, and the session's id comes back in its value.
  register_request_ = {.client_id = client_id_, .seq = 0, .op = OpType::kRegister, .key = {}, .value = {}};
  current_->registering = true;
  current_->tries_this_round = 0;
  send_attempt();
}

void Clerk::registered(const ClientReply& reply) {
  std::uint64_t id = 0;
  const auto [end, error] = std::from_chars(reply.value.data(), reply.value.data() + reply.value.size(), id);
  if (error != std::errc() || end != reply.value.data() + reply.value.size() || id == 0) {
    finish({.outcome = ClerkResult::Outcome::kFailed, .error = "register: the server sent no session id"});
    return;
  }
  session_ = id;
  ++sessions_registered_;
  Current& c = *current_;
  c.registering = false;
  c.request.client_id = session_;
  c.tries_this_round = 0;
  send_attempt();
}

void Clerk::send_attempt() {
  Current& c = *current_;
  c.waiting_to_retry = false;
  c.attempts += 1;
  c.tries_this_round += 1;
  const bool to_read_server = c.request.op == OpType::kGet && read_server_ != kNoNode && c.attempts == 1;
  c.attempt_to = to_read_server ? read_server_ : servers_[guess_];
  transport_.send(c.attempt_to, sending());
  transport_.set_timer(config_.attempt_timeout);
}

void Clerk::next_server(NodeId hint) {
  const auto it = std::find(servers_.begin(), servers_.end(), hint);
  guess_ = it != servers_.end() ? static_cast<std::size_t>(it - servers_.begin()) : (guess_ + 1) % servers_.size();
}

void Clerk::retry_later() {
  Current& c = *current_;
  if (config_.give_up_after > 0 && transport_.now() - c.started >= config_.give_up_after) {
    finish({.outcome = c.maybe_executed ? ClerkResult::Outcome::kUnknown : ClerkResult::Outcome::kFailed,
            .error = "gave up after " + std::to_string(config_.give_up_after / kMillisecond) + " ms"});
    return;
  }
  // Pause after a full round of servers, so that a cluster without a leader
  // is not flooded while it elects one.
  if (c.tries_this_round >= static_cast<int>(servers_.size())) {
    c.tries_this_round = 0;
    c.waiting_to_retry = true;
    transport_.set_timer(config_.retry_pause);
    return;
  }
  send_attempt();
}

void Clerk::receive(NodeId from, const Message& message) {
  const auto* reply = std::get_if<ClientReply>(&message);
  if (!current_ || reply == nullptr || reply->client_id != sending().client_id || reply->seq != sending().seq) {
    return;  // a late or duplicated reply to an earlier attempt or operation
  }
  Current& c = *current_;
  if (reply->status == ReplyStatus::kRetry && !c.registering) c.maybe_executed = true;
  // Only an answer, or a refusal of the latest attempt, moves the clerk on:
  // acting on a duplicated or late refusal of an earlier attempt would start
  // a second chain of attempts beside the first (and duplicates of those
  // yet more chains).
  if (reply->status != ReplyStatus::kOk && (from != c.attempt_to || c.waiting_to_retry)) return;
  switch (reply->status) {
    case ReplyStatus::kOk:
      if (c.registering) {
        next_server(from);
        registered(*reply);
        return;
      }
      // A follower that served a read is no leader to send writes to.
      if (!(c.request.op == OpType::kGet && from == read_server_)) next_server(from);
      finish({.outcome = ClerkResult::Outcome::kOk, .found = reply->found, .value = reply->value, .answered_by = from});
      return;
    case ReplyStatus::kNotLeader:
      next_server(reply->leader_hint);
      break;
    case ReplyStatus::kRetry:  // a register that ran twice only wastes a session, so it stays retryable
      next_server(reply->leader_hint);
      break;
    case ReplyStatus::kSessionExpired:
      session_ = 0;
      if (!c.maybe_executed && config_.sessions) {
        // No attempt can have run it, and none ever will: the session is
        // gone for good. So it is safe to run it in a new one.
        begin_registering();
        return;
      }
      finish({.outcome = ClerkResult::Outcome::kUnknown,
              .error = "session-expired: " + reply->error + " (an earlier attempt may have taken effect)"});
      return;
    case ReplyStatus::kBadRequest:
      finish({.outcome = c.maybe_executed ? ClerkResult::Outcome::kUnknown : ClerkResult::Outcome::kFailed,
              .error = std::string(to_string(reply->status)) + ": " + reply->error});
      return;
  }
  retry_later();
}

void Clerk::on_timer() {
  if (!current_) return;
  if (current_->waiting_to_retry) {
    send_attempt();
    return;
  }
  // No reply in time: the request or its reply was lost, or the server is
  // down or cut off. It may have run the operation.
  if (!current_->registering) current_->maybe_executed = true;
  next_server(kNoNode);
  retry_later();
}

void Clerk::finish(ClerkResult result) {
  Current c = std::move(*current_);
  current_.reset();
  const Micros now = transport_.now();
  result.attempts = c.attempts;
  result.latency = now - c.started;
  if (history_) {
    switch (result.outcome) {
      case ClerkResult::Outcome::kOk:
        history_->ok(c.op_id, now, output_of(c.request.op, result));
        break;
      case ClerkResult::Outcome::kFailed: history_->fail(c.op_id, now); break;
      case ClerkResult::Outcome::kUnknown: history_->info(c.op_id, now); break;
    }
  }
  transport_.set_timer(-1);
  if (c.done) c.done(result);
}

}  // namespace store
