#include "support/leader_probe.h"

namespace store::grading {

namespace {
// Far from the clerks' ids, so that no server takes the probe for a clerk.
constexpr std::uint64_t kProbeClientId = 900000;
}  // namespace

LeaderProbe::LeaderProbe(sim::Simulator& sim, NodeId server, std::string key, Micros interval)
    : sim_(sim), server_(server), key_(std::move(key)), interval_(interval) {
  id_ = sim_.add_client([this](NodeId from, const Message& message) {
    const auto* reply = std::get_if<ClientReply>(&message);
    if (reply == nullptr || from != server_ || reply->status != ReplyStatus::kOk) return;
    auto sent = sent_at_.find(reply->seq);
    if (sent == sent_at_.end()) return;
    answers_.emplace(reply->seq, Answer{sent->second, reply->found, reply->value});
  });
  ask();
}

LeaderProbe::~LeaderProbe() { stop(); }

void LeaderProbe::stop() {
  if (timer_) sim_.cancel(*timer_);
  timer_.reset();
}

void LeaderProbe::ask() {
  const std::uint64_t seq = ++seq_;
  sent_at_[seq] = sim_.now();
  sim_.client_send(
      id_, server_,
      ClientRequest{
          .client_id = kProbeClientId + static_cast<std::uint64_t>(id_), .seq = seq, .op = OpType::kGet, .key = key_});
  timer_ = sim_.schedule_after(interval_, [this] { ask(); });
}

std::optional<std::string> LeaderProbe::stale_answer(Micros since, const std::string& expected) const {
  for (const auto& [seq, answer] : answers_) {
    if (answer.sent_at < since || (answer.found && answer.value == expected)) continue;
    return "'" + (answer.found ? answer.value : std::string("(not found)")) +
           "' (asked at t=" + std::to_string(answer.sent_at / kMillisecond) + " ms)";
  }
  return std::nullopt;
}

}  // namespace store::grading
