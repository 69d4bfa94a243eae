// Watching traffic in a scenario: which messages were sent, and when.
#pragma once

#include <functional>
#include <vector>

#include "sim/simulator.h"

namespace store::grading {

// Records the send time of every message that matches a predicate, for as
// long as it lives.
class MessageLog final : public sim::Observer {
 public:
  using Match = std::function<bool(NodeId from, NodeId to, const Message& message)>;

  MessageLog(sim::Simulator& sim, Match match) : sim_(sim), match_(std::move(match)) { sim_.add_observer(*this); }
  ~MessageLog() override { sim_.remove_observer(*this); }
  MessageLog(const MessageLog&) = delete;
  MessageLog& operator=(const MessageLog&) = delete;

  void on_send(NodeId from, NodeId to, const Message& message, std::size_t) override {
    if (match_(from, to, message)) times_.push_back(sim_.now());
  }

  std::size_t size() const { return times_.size(); }
  Micros last_time() const { return times_.empty() ? 0 : times_.back(); }

 private:
  sim::Simulator& sim_;
  Match match_;
  std::vector<Micros> times_;
};

}  // namespace store::grading
