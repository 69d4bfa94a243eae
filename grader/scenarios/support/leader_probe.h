// A client that keeps asking one server for a key, bypassing the clerk (no
// retries elsewhere), and remembers each ok answer with the time its request
// was sent. It answers the one question a lease must never get wrong: did
// this server answer a read, sent after a newer write was acknowledged, with
// an older value?
#pragma once

#include <map>
#include <optional>
#include <string>

#include "sim/simulator.h"

namespace store::grading {

class LeaderProbe {
 public:
  // Asks `server` for `key` every `interval`, from now on.
  LeaderProbe(sim::Simulator& sim, NodeId server, std::string key, Micros interval = 2 * kMillisecond);
  ~LeaderProbe();
  LeaderProbe(const LeaderProbe&) = delete;
  LeaderProbe& operator=(const LeaderProbe&) = delete;

  void stop();
  // The first ok answer to a request sent at or after `since` whose value
  // differs from `expected`, as "value (request sent at t ms)".
  std::optional<std::string> stale_answer(Micros since, const std::string& expected) const;
  int answered() const { return static_cast<int>(answers_.size()); }

 private:
  void ask();

  sim::Simulator& sim_;
  NodeId server_;
  std::string key_;
  Micros interval_;
  NodeId id_ = kNoNode;
  std::uint64_t seq_ = 0;
  std::map<std::uint64_t, Micros> sent_at_;
  struct Answer {
    Micros sent_at;
    bool found;
    std::string value;
  };
  std::map<std::uint64_t, Answer> answers_;
  std::optional<sim::TimerId> timer_;
};

}  // namespace store::grading
