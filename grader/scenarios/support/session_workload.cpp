#include "support/session_workload.h"

#include <charconv>

namespace store::grading {

constexpr char kTokenEnd = ';';

SessionWorkload::SessionWorkload(KvCluster& cluster, std::vector<SimClerk*> clients, SessionWorkloadOptions options)
    : cluster_(cluster), options_(options) {
  for (SimClerk* clerk : clients) clients_.push_back({.clerk = clerk});
  for (int i = 0; i < options_.counters; ++i) counters_[counter_key(i)];
  for (std::size_t i = 0; i < clients_.size(); ++i) after(i, cluster_.sim().rng().between(0, options_.think_max));
}

SessionWorkload::~SessionWorkload() { stop(); }

void SessionWorkload::stop() {
  stopped_ = true;
  for (Client& client : clients_) {
    if (client.pause) cluster_.sim().cancel(*client.pause);
    client.pause.reset();
  }
}

void SessionWorkload::after(std::size_t i, Micros delay) {
  clients_[i].pause = cluster_.sim().schedule_after(delay, [this, i] {
    clients_[i].pause.reset();
    start_next(i);
  });
}

SessionWorkload::Fate SessionWorkload::fate_of(const ClerkResult& result) {
  switch (result.outcome) {
    case ClerkResult::Outcome::kOk: return Fate::kOk;
    case ClerkResult::Outcome::kFailed: return Fate::kFailed;
    case ClerkResult::Outcome::kUnknown: return Fate::kUnknown;
  }
  return Fate::kUnknown;
}

void SessionWorkload::start_next(std::size_t i) {
  if (stopped_) return;
  Rng& rng = cluster_.sim().rng();
  Client& me = clients_[i];
  Clerk& clerk = me.clerk->clerk();
  auto finished = [this, i] {
    if (!stopped_) after(i, cluster_.sim().rng().between(0, options_.think_max));
  };
  const double dice = rng.unit();
  if (dice < options_.append_share) {
    const std::string token = "c" + std::to_string(me.clerk->id()) + "." + std::to_string(++me.sent);
    const std::string key = list_key(static_cast<int>(rng.below(options_.lists)));
    tokens_[token] = {.key = key, .fate = Fate::kOpen};
    clerk.append(key, token + kTokenEnd,
                 [this, i, token, finished](const ClerkResult& result) {
                   tokens_[token].fate = fate_of(result);
                   if (result.outcome == ClerkResult::Outcome::kOk) ++clients_[i].completed, ++completed_;
                   finished();
                 });
  } else if (dice < options_.append_share + options_.increment_share) {
    const std::string key = counter_key(static_cast<int>(rng.below(options_.counters)));
    ++counters_[key].unknown;  // until it finishes, it may or may not have run
    clerk.increment(key, 1, [this, i, key, finished](const ClerkResult& result) {
      const Fate fate = fate_of(result);
      Counter& counter = counters_[key];
      if (fate != Fate::kUnknown) --counter.unknown;
      if (fate == Fate::kOk) ++counter.acknowledged, ++clients_[i].completed, ++completed_;
      finished();
    });
  } else {
    const bool list = rng.chance(0.5);
    const std::string key = list ? list_key(static_cast<int>(rng.below(options_.lists)))
                                 : counter_key(static_cast<int>(rng.below(options_.counters)));
    clerk.get(key, [this, i, finished](const ClerkResult& result) {
      if (result.outcome == ClerkResult::Outcome::kOk) ++clients_[i].completed, ++completed_;
      finished();
    });
  }
}

void SessionWorkload::check_exactly_once(SimClerk& reader) {
  for (int i = 0; i < options_.lists; ++i) {
    const ClerkResult r = cluster_.perform(reader, OpType::kGet, list_key(i));
    if (r.outcome != ClerkResult::Outcome::kOk) cluster_.fail("the final get of " + list_key(i) + " failed: " + r.error);
    check_list(list_key(i), r.value);
  }
  for (int i = 0; i < options_.counters; ++i) {
    const ClerkResult r = cluster_.perform(reader, OpType::kGet, counter_key(i));
    if (r.outcome != ClerkResult::Outcome::kOk) {
      cluster_.fail("the final get of " + counter_key(i) + " failed: " + r.error);
    }
    check_counter(counter_key(i), r.found ? r.value : "0");
  }
}

void SessionWorkload::check_list(const std::string& key, const std::string& value) {
  std::map<std::string, int> seen;
  for (std::size_t start = 0; start < value.size();) {
    const std::size_t end = value.find(kTokenEnd, start);
    if (end == std::string::npos) {
      cluster_.fail(key + " ends in '" + value.substr(start) + "', not a whole token: appends were cut or mixed up");
    }
    ++seen[value.substr(start, end - start)];
    start = end + 1;
  }
  for (const auto& [token, times] : seen) {
    auto it = tokens_.find(token);
    if (it == tokens_.end()) cluster_.fail(key + " holds '" + token + "', which no client appended");
    if (times > 1) {
      cluster_.fail("the append of " + token + " to " + key + " ran " + std::to_string(times) +
                    " times: a retried or duplicated request must run at most once (its session's table "
                    "answers the second copy)");
    }
    if (it->second.key != key) cluster_.fail(key + " holds " + token + ", which was appended to " + it->second.key);
    if (it->second.fate == Fate::kFailed) {
      cluster_.fail("the append of " + token + " to " + key +
                    " took effect, yet its client was told it failed (it may not have run)");
    }
  }
  for (const auto& [token, appended] : tokens_) {
    if (appended.key == key && appended.fate == Fate::kOk && !seen.contains(token)) {
      cluster_.fail("the append of " + token + " to " + key + " was acknowledged, but " + key +
                    " does not hold it: an acknowledged write was lost");
    }
  }
}

void SessionWorkload::check_counter(const std::string& key, const std::string& value) {
  std::int64_t total = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), total);
  if (error != std::errc() || end != value.data() + value.size()) {
    cluster_.fail(key + " reads '" + value + "', not a number");
  }
  const Counter& counter = counters_[key];
  if (total < counter.acknowledged) {
    cluster_.fail(key + " is " + std::to_string(total) + " after " + std::to_string(counter.acknowledged) +
                  " acknowledged increments of 1: an acknowledged increment was lost");
  }
  if (total > counter.acknowledged + counter.unknown) {
    cluster_.fail(key + " is " + std::to_string(total) + " after " + std::to_string(counter.acknowledged) +
                  " acknowledged increments of 1 and " + std::to_string(counter.unknown) +
                  " unknown or unfinished ones: an increment ran more than once");
  }
  cluster_.ctx().log(key + " = " + std::to_string(total) + " (" + std::to_string(counter.acknowledged) +
                     " acknowledged, " + std::to_string(counter.unknown) + " unknown)");
}

KvClusterOptions session_cluster(sim::NetworkProfile network, Micros session_timeout, Micros give_up_after) {
  return {.network = network,
          .server = {.sessions = true, .session_timeout = session_timeout},
          .clerk = {.give_up_after = give_up_after, .sessions = true},
          .client_link_faults = true};
}

}  // namespace store::grading
