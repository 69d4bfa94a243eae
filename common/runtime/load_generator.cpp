#include "runtime/load_generator.h"

#include <algorithm>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <cmath>
#include <functional>
#include <optional>

#include "core/rng.h"
#include "history/recorder.h"
#include "runtime/clerk_transport.h"

namespace store::runtime {

Micros LoadStats::percentile(std::vector<Micros> latencies, double p) {
  if (latencies.empty()) return 0;
  std::sort(latencies.begin(), latencies.end());
  const double rank = std::ceil(p / 100.0 * static_cast<double>(latencies.size()));
  const auto index = static_cast<std::size_t>(std::clamp(rank, 1.0, static_cast<double>(latencies.size()))) - 1;
  return latencies[index];
}

namespace {

struct Op {
  OpType type = OpType::kGet;
  std::string key;
  std::string value;
};

}  // namespace

class LoadGenerator::Impl {
 public:
  Impl(std::map<NodeId, HostPort> servers, std::string cluster, Workload workload)
      : servers_(std::move(servers)), cluster_(std::move(cluster)), workload_(workload), rng_(workload.seed) {
    for (NodeId id = 0; id < workload_.clients + workload_.readers; ++id) {
      auto client = std::make_unique<Client>();
      client->index = id;
      for (int k = 0; k < workload_.keys_per_client; ++k) {
        client->keys.push_back("k" + std::to_string(id) + "-" + std::to_string(k));
        all_keys_.push_back(client->keys.back());
      }
      clients_.push_back(std::move(client));
      renew_clerk(*clients_.back());
    }
  }

  ~Impl() {
    for (auto& client : clients_) client->transport->close();
  }

  bool populate(Micros timeout) { return once_per_key(OpType::kPut, timeout); }
  bool final_reads(Micros timeout) { return once_per_key(OpType::kGet, timeout); }

  // Each client runs `type` once on each of its keys, in turn.
  bool once_per_key(OpType type, Micros timeout) {
    return run_scripted(
        [type](const Client& c, std::size_t step) -> std::optional<Op> {
          if (step >= c.keys.size()) return std::nullopt;
          return Op{.type = type, .key = c.keys[step], .value = {}};
        },
        timeout);
  }

  void run(Micros duration, Micros drain) {
    const Micros started = steady_micros();
    measuring_ = true;
    run_phase([this](Client& c, std::size_t) { return std::optional<Op>(random_op(c)); }, duration, drain);
    measuring_ = false;
    stats_.elapsed += steady_micros() - started;
  }

  void stop() { stop_requested_ = true; }

  const history::History& history() const { return recorder_.history(); }
  const LoadStats& stats() const { return stats_; }
  const std::map<std::string, std::string>& acknowledged() const { return acknowledged_; }

 private:
  struct Client {
    int index = 0;
    int incarnation = 0;
    std::vector<std::string> keys;
    std::unique_ptr<TcpClerkTransport> transport;
    std::unique_ptr<Clerk> clerk;
    std::uint64_t writes = 0;
    std::size_t step = 0;
    bool all_succeeded = true;
  };
  using NextOp = std::function<std::optional<Op>(Client&, std::size_t step)>;

  // A fresh clerk (and connections) for a client. A clerk left with an
  // operation running (abandoned at the end of a phase) cannot start another,
  // and its history client may not invoke again: the new one gets a new id.
  void renew_clerk(Client& c) {
    if (c.transport) c.transport->close();
    const std::uint64_t client_id =
        1 + static_cast<std::uint64_t>(c.index) + static_cast<std::uint64_t>(c.incarnation) * 100000;
    ++c.incarnation;
    c.transport = std::make_unique<TcpClerkTransport>(io_, servers_, cluster_);
    std::vector<NodeId> ids;
    for (const auto& [id, address] : servers_) ids.push_back(id);
    // Start each client at a different server, as independent clients would.
    std::rotate(ids.begin(), ids.begin() + (c.index % static_cast<int>(ids.size())), ids.end());
    c.clerk = std::make_unique<Clerk>(*c.transport, client_id, ids, workload_.clerk,
                                      workload_.record_history ? &recorder_ : nullptr, static_cast<NodeId>(client_id));
    c.transport->attach(c.clerk.get());
    if (workload_.spread_reads) c.clerk->set_read_server(ids.front());
    if (workload_.read_server != kNoNode) c.clerk->set_read_server(workload_.read_server);
  }

  std::string next_value(Client& c) {
    std::string value = "c" + std::to_string(c.index) + "-" + std::to_string(++c.writes);
    if (value.size() < workload_.value_size) value.append(workload_.value_size - value.size(), 'x');
    return value;
  }

  Op random_op(Client& c) {
    const auto own_key = [&] { return c.keys[rng_.below(c.keys.size())]; };
    const auto any_key = [&] { return all_keys_[rng_.below(all_keys_.size())]; };
    if (c.index >= workload_.clients) return {.type = OpType::kGet, .key = any_key(), .value = {}};
    switch (workload_.mix) {
      case Workload::Mix::kPuts: return {.type = OpType::kPut, .key = own_key(), .value = {}};
      case Workload::Mix::kGets: return {.type = OpType::kGet, .key = any_key(), .value = {}};
      case Workload::Mix::kMixed: break;
    }
    if (!rng_.chance(workload_.write_fraction)) return {.type = OpType::kGet, .key = any_key(), .value = {}};
    if (rng_.chance(workload_.delete_fraction)) return {.type = OpType::kDelete, .key = own_key(), .value = {}};
    return {.type = OpType::kPut, .key = own_key(), .value = {}};
  }

  bool run_scripted(const NextOp& next, Micros timeout) {
    stop_requested_ = false;
    for (auto& client : clients_) client->all_succeeded = true;
    run_phase(next, timeout, 0);
    bool all = true;
    for (const auto& client : clients_) {
      all = all && client->all_succeeded && !client->clerk->busy() && !next(*client, client->step).has_value();
    }
    return all;
  }

  // Runs every client's operations from `next` until it has none, or
  // `duration` has passed; then waits up to `drain` for what is running.
  void run_phase(const NextOp& next, Micros duration, Micros drain) {
    io_.restart();
    ++phase_;
    accepting_ = true;
    active_ = 0;
    for (auto& client : clients_) {
      if (client->clerk->busy()) renew_clerk(*client);
      client->step = 0;
    }
    asio::steady_timer end_timer(io_, std::chrono::microseconds(duration));
    asio::steady_timer drain_timer(io_, std::chrono::microseconds(duration + drain));
    end_timer.async_wait([this](asio::error_code error) {
      if (!error) accepting_ = false;
      if (!error && active_ == 0) io_.stop();
    });
    drain_timer.async_wait([this](asio::error_code error) {
      if (!error) io_.stop();
    });
    for (auto& client : clients_) start_next(*client, next);
    if (active_ > 0 && !stop_requested_) io_.run();
    end_timer.cancel();
    drain_timer.cancel();
    // Whatever is still queued belongs to this phase and must not start
    // anything: then let the cancelled handlers run, so that nothing refers
    // to the timers.
    accepting_ = false;
    ++phase_;
    io_.restart();
    io_.poll();
  }

  void start_next(Client& c, const NextOp& next) {
    std::optional<Op> op;
    if (accepting_ && !stop_requested_) op = next(c, c.step);
    if (!op) return;  // this client is done; the last completion stops the loop
    ++c.step;
    ++active_;
    if (op->type == OpType::kPut) op->value = next_value(c);
    const OpType type = op->type;
    const std::string key = op->key;
    const std::string value = op->value;
    const std::uint64_t phase = phase_;
    c.clerk->start(op->type, std::move(op->key), std::move(op->value),
                   [this, &c, next, type, key, value, phase](const ClerkResult& result) {
                     record(c, type, key, value, result);
                     if (phase != phase_) return;  // finished after its phase ended
                     // Start the next operation outside the clerk's callback.
                     // The client counts as active until then, so that the
                     // phase cannot end while its next operation is queued.
                     asio::post(io_, [this, &c, next, phase] {
                       if (phase != phase_) return;
                       --active_;
                       start_next(c, next);
                       if (active_ == 0) io_.stop();
                     });
                   });
  }

  // Keeps what the operation acknowledged and, during run(), its latency:
  // the statistics are of the workload, not of populate() or final_reads().
  void record(Client& c, OpType type, const std::string& key, const std::string& value, const ClerkResult& result) {
    const auto measure = [&](std::vector<Micros>& latencies) {
      if (measuring_) latencies.push_back(result.latency);
    };
    switch (result.outcome) {
      case ClerkResult::Outcome::kOk:
        if (measuring_) ++stats_.ok;
        switch (type) {
          case OpType::kGet: measure(stats_.gets); break;
          case OpType::kPut:
            measure(stats_.puts);
            acknowledged_[key] = value;
            break;
          case OpType::kDelete:
            measure(stats_.deletes);
            acknowledged_.erase(key);
            break;
          case OpType::kAppend:
          case OpType::kIncrement:
          case OpType::kRegister: break;
        }
        return;
      case ClerkResult::Outcome::kFailed:
        if (measuring_) ++stats_.failed;
        break;
      case ClerkResult::Outcome::kUnknown:
        if (measuring_) ++stats_.unknown;
        break;
    }
    c.all_succeeded = false;
  }

  std::map<NodeId, HostPort> servers_;
  std::string cluster_;
  Workload workload_;
  Rng rng_;
  asio::io_context io_;
  history::HistoryRecorder recorder_;
  std::vector<std::unique_ptr<Client>> clients_;
  std::vector<std::string> all_keys_;
  std::map<std::string, std::string> acknowledged_;
  LoadStats stats_;
  std::atomic<bool> stop_requested_{false};
  bool accepting_ = false;
  bool measuring_ = false;   // in run(): operations count in the statistics
  int active_ = 0;           // clients with an operation running, or about to start their next
  std::uint64_t phase_ = 0;  // numbers the phases, so that a late callback knows it is late
};

LoadGenerator::LoadGenerator(std::map<NodeId, HostPort> servers, std::string cluster, Workload workload)
    : impl_(std::make_unique<Impl>(std::move(servers), std::move(cluster), workload)) {}
LoadGenerator::~LoadGenerator() = default;
bool LoadGenerator::populate(Micros timeout) { return impl_->populate(timeout); }
void LoadGenerator::run(Micros duration, Micros drain) { impl_->run(duration, drain); }
bool LoadGenerator::final_reads(Micros timeout) { return impl_->final_reads(timeout); }
void LoadGenerator::stop() { impl_->stop(); }
const history::History& LoadGenerator::history() const { return impl_->history(); }
const LoadStats& LoadGenerator::stats() const { return impl_->stats(); }
const std::map<std::string, std::string>& LoadGenerator::acknowledged() const { return impl_->acknowledged(); }

}  // namespace store::runtime
