// The workload of lab 5: clients share their keys. They append tokens no one
// else writes to shared lists and add 1 to shared counters, so a write that
// runs twice (or an acknowledged one that never ran) leaves a mark anyone can
// count: a token seen twice, a counter off by one. Without sessions a retried
// append or increment does run twice; that is the point of the lab.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "support/kv_workload.h"

namespace store::grading {

struct SessionWorkloadOptions {
  int lists = 2;      // shared keys "list-0", ... that clients append tokens to
  int counters = 2;   // shared keys "count-0", ... that clients add 1 to
  double append_share = 0.45;
  double increment_share = 0.35;  // the rest are gets of any shared key
  Micros think_max = 10 * kMillisecond;
  std::string prefix;  // put before every key name, to run two workloads side by side
};

class SessionWorkload final : public Workload {
 public:
  SessionWorkload(KvCluster& cluster, std::vector<SimClerk*> clients, SessionWorkloadOptions options = {});
  ~SessionWorkload() override;
  SessionWorkload(const SessionWorkload&) = delete;
  SessionWorkload& operator=(const SessionWorkload&) = delete;

  void stop() override;
  int completed() const override { return completed_; }
  int completed(std::size_t client) const { return clients_[client].completed; }

  // Reads every shared key through `reader` (after stop() and once the
  // operations under way have finished) and fails the test unless every
  // acknowledged append is in its list exactly once, every other one at
  // most once (and a failed one not at all), and every counter lies between
  // its acknowledged increments and those plus the unknown ones.
  void check_exactly_once(SimClerk& reader);

  std::string list_key(int i) const { return options_.prefix + "list-" + std::to_string(i); }
  std::string counter_key(int i) const { return options_.prefix + "count-" + std::to_string(i); }

 private:
  struct Client {
    SimClerk* clerk;
    int sent = 0;
    int completed = 0;
    std::optional<sim::TimerId> pause;
  };
  enum class Fate : std::uint8_t { kOpen, kOk, kUnknown, kFailed };
  struct Appended {
    std::string key;
    Fate fate = Fate::kOpen;
  };
  struct Counter {
    int acknowledged = 0;
    int unknown = 0;
  };
  void start_next(std::size_t i);
  void after(std::size_t i, Micros delay);
  static Fate fate_of(const ClerkResult& result);
  void check_list(const std::string& key, const std::string& value);
  void check_counter(const std::string& key, const std::string& value);

  KvCluster& cluster_;
  SessionWorkloadOptions options_;
  std::vector<Client> clients_;
  std::map<std::string, Appended> tokens_;  // every token appended: where to, and its fate
  std::map<std::string, Counter> counters_;
  int completed_ = 0;
  bool stopped_ = false;
};

// Lab 5's cluster: servers with sessions (timeout `session_timeout`), clerks
// that register and give up on an operation after `give_up_after` (well
// within the timeout, as the handout's contract asks).
KvClusterOptions session_cluster(sim::NetworkProfile network = sim::NetworkProfile::lan(),
                                 Micros session_timeout = 30 * kSecond, Micros give_up_after = 5 * kSecond);

}  // namespace store::grading
