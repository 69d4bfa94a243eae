#include "clerk/clerk.h"

#include <algorithm>
#include <stdexcept>

namespace store {

namespace {

history::Operation to_history(const ClientRequest& request) {
  switch (request.op) {
    case OpType::kGet: return history::Operation::get(request.key);
    case OpType::kPut: return history::Operation::put(request.key, request.value);
    case OpType::kDelete: return history::Operation::del(request.key);
    case OpType::kAppend: return history::Operation::append(request.key, request.value);
  }
  throw std::logic_error("clerk: unknown op");
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
  Current current{.request = {.client_id = client_id_,
                              .seq = next_seq_++,
                              .op = op,
                              .key = std::move(key),
                              .value = std::move(value)},
                  .done = std::move(done),
                  .started = transport_.now()};
  if (history_) current.op_id = history_->invoke(current.started, history_client_, to_history(current.request));
  current_ = std::move(current);
  send_attempt();
}

void Clerk::send_attempt() {
  Current& c = *current_;
  c.waiting_to_retry = false;
  c.attempts += 1;
  c.tries_this_round += 1;
  const bool to_read_server = c.request.op == OpType::kGet && read_server_ != kNoNode && c.attempts == 1;
  transport_.send(to_read_server ? read_server_ : servers_[guess_], c.request);
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
  if (!current_ || reply == nullptr || reply->client_id != client_id_ || reply->seq != current_->request.seq) {
    return;  // a late or duplicated reply to an earlier attempt or operation
  }
  Current& c = *current_;
  switch (reply->status) {
    case ReplyStatus::kOk:
      // A follower that served a read is no leader to send writes to.
      if (!(c.request.op == OpType::kGet && from == read_server_)) next_server(from);
      finish({.outcome = ClerkResult::Outcome::kOk, .found = reply->found, .value = reply->value, .answered_by = from});
      return;
    case ReplyStatus::kNotLeader:
      next_server(reply->leader_hint);
      break;
    case ReplyStatus::kRetry:
      c.maybe_executed = true;
      next_server(reply->leader_hint);
      break;
    case ReplyStatus::kSessionExpired:
    case ReplyStatus::kBadRequest:
      c.maybe_executed = c.maybe_executed || reply->status == ReplyStatus::kSessionExpired;
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
  current_->maybe_executed = true;
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
        history_->ok(c.op_id, now,
                     c.request.op == OpType::kGet
                         ? (result.found ? history::Output::found_value(result.value) : history::Output::absent())
                         : history::Output::none());
        break;
      case ClerkResult::Outcome::kFailed: history_->fail(c.op_id, now); break;
      case ClerkResult::Outcome::kUnknown: history_->info(c.op_id, now); break;
    }
  }
  transport_.set_timer(-1);
  if (c.done) c.done(result);
}

}  // namespace store
