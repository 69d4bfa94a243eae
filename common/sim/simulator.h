// The deterministic simulator: hosts N servers (one Node each) and any number
// of harness clients on a simulated network, in virtual time.
//
// One seeded Rng drives everything (network draws, every node's env.rng(),
// harness randomness); events run in (time, insertion) order and the clock
// jumps from one to the next, so one seed always gives the same run, the same
// trace hash and the same trace file, byte for byte. Scenarios read like
// scripts:
//
//   Simulator sim({.seed = seed, .servers = 5}, [](Env& env) { return make_my_node(env); });
//   sim.partition({{1, 2}, {3, 4, 5}});
//   sim.run_for(2 * kSecond);
//   sim.heal();
//   sim.crash(3);
//   sim.restart(3);
//   bool ok = sim.run_until([&] { return sim.status(3).applied_index >= 10; }, 5 * kSecond);
//
// Any exception from node code or an observer leaves run_for / run_until
// (and call) unchanged; the simulator can then still be destroyed cleanly.
// Bad calls (an unknown id, restarting a running node, ...) throw
// std::invalid_argument or std::logic_error with a message naming the problem.
#pragma once

#include <concepts>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include "core/rng.h"
#include "core/types.h"
#include "node/env.h"
#include "node/node.h"
#include "protocol/messages.h"
#include "sim/network_profile.h"
#include "sim/observer.h"
#include "sim/sim_storage.h"
#include "sim/statistics.h"

namespace store::sim {

namespace detail {
class World;
}

// Builds a server's Node; called once per server at start and again on every
// restart, each time with that server's one Env (whose storage persists).
using NodeFactory = std::function<std::unique_ptr<Node>(Env&)>;
// A client endpoint's handler for every message delivered to it.
using ClientHandler = std::function<void(NodeId from, const Message& message)>;
using TimerId = std::uint64_t;

struct SimConfig {
  std::uint64_t seed = 1;
  int servers = 3;                           // ids 1..servers
  Micros tick_interval = 10 * kMillisecond;  // of each node's local clock
  NetworkProfile network = NetworkProfile::lan();
  std::string trace_path;    // when set, every event is also written there as JSON lines
  bool trace_ticks = false;  // ticks are always hashed; written to the file only if set
  // The file's size cap (see trace_file.h); 0: default_trace_max_bytes(), 64 MiB unless the grader set it.
  std::uint64_t trace_max_bytes = 0;
};

class Simulator {
 public:
  Simulator(SimConfig config, NodeFactory factory);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  // ------------------------------------------------------------ running
  void run_for(Micros duration);
  // Runs until predicate() holds (checked first, then after every event) or
  // `timeout` of virtual time passes. Returns false on timeout; never throws for it.
  bool run_until(const std::function<bool()>& predicate, Micros timeout);
  Micros now() const;
  std::uint64_t seed() const;
  Rng& rng();  // the one generator; harness randomness comes from here too
  const std::vector<NodeId>& servers() const;
  std::uint64_t events_processed() const;

  // ------------------------------------------------------------ harness access
  Node& node(NodeId id);  // throws std::logic_error if crashed
  template <class T>
  T& node_as(NodeId id);
  bool is_up(NodeId id) const;  // not crashed (a paused node is up)
  bool is_paused(NodeId id) const;
  NodeStatus status(NodeId id) const;
  const SimStorage& storage(NodeId id) const;  // live and durable views
  Micros local_time(NodeId id) const;          // what env.now() would say right now
  // Runs f(Node&) as a step of that node (its sends and writes handled like
  // any step's) and returns f's result. Applies it causes run at the next run_*.
  template <class F>
  auto call(NodeId id, F&& f) -> std::invoke_result_t<F, Node&>;
  template <class T, class F>
  auto call_as(NodeId id, F&& f) -> std::invoke_result_t<F, T&>;

  // ------------------------------------------------------------ clients
  // A harness endpoint (ids kFirstClientId, kFirstClientId + 1, ...) whose
  // traffic crosses the same network as the servers'.
  NodeId add_client(ClientHandler on_message);
  void client_send(NodeId client, NodeId to, Message message);

  // Hands `message` to `to` at once, as if `from` had sent it, bypassing the
  // network (partitions included): the stale or duplicated copy a network
  // might deliver, forged by a scenario. Counted as delivered, not as sent.
  // `to` must be a client or a running, unpaused server.
  void deliver_now(NodeId from, NodeId to, Message message);

  // Messages for which `filter` returns true are lost as they leave their
  // sender (after observers saw them depart): for a nemesis that holds some
  // messages back, by content, to deliver copies later. An empty function
  // removes the filter.
  using DropFilter = std::function<bool(NodeId from, NodeId to, const Message& message)>;
  void set_drop_filter(DropFilter filter);

  // Puts a copy of `message` on the network as if the network had held it
  // back: it arrives `latency` from now unless a partition blocks the link at
  // that moment or the destination is down. For nemeses that redeliver old
  // messages across elections; counted as a duplicate, not as a send.
  void inject(NodeId from, NodeId to, Message message, Micros latency);

  // ------------------------------------------------------------ harness timers
  TimerId schedule_after(Micros delay, std::function<void()> action);
  TimerId schedule_at(Micros when, std::function<void()> action);
  bool cancel(TimerId timer);  // false if it already ran or was cancelled

  // ------------------------------------------------------------ network
  void set_network(const NetworkProfile& profile);  // every link without an override
  void set_link_profile(NodeId from, NodeId to, const NetworkProfile& profile);
  void clear_link_profile(NodeId from, NodeId to);
  // Endpoints in different groups cannot communicate; endpoints in no group
  // (typically clients) reach everyone. Replaces the previous grouping.
  void partition(const std::vector<std::vector<NodeId>>& groups);
  void isolate(NodeId server);       // cut off from every other server, both ways
  void cut(NodeId from, NodeId to);  // one way
  void uncut(NodeId from, NodeId to);
  void heal();  // groups, isolation and cuts all gone
  bool can_reach(NodeId from, NodeId to) const;

  // ------------------------------------------------------------ node faults
  void crash(NodeId id);    // Node destroyed; unsynced writes, held messages and pending applies lost
  void restart(NodeId id);  // the factory again; the node recovers from its storage
  void pause(NodeId id);    // no ticks, deliveries or applies until resume; its clock keeps running
  void resume(NodeId id);   // queued deliveries handed over in order
  // The clock reads now + offset from this moment and runs at 1 + drift_ppm/1e6
  // of global speed; it never runs backwards (see local_clock.h).
  void set_clock(NodeId id, Micros offset, std::int64_t drift_ppm);
  void jump_clock(NodeId id, Micros delta);  // delta >= 0
  void set_apply_lag(NodeId id, Micros lag);
  void set_fsync_latency(NodeId id, Micros latency);

  // ------------------------------------------------------------ observing
  void add_observer(Observer& observer);  // not owned; must outlive its attachment
  void remove_observer(Observer& observer);
  const Statistics& stats() const;
  void note(std::string_view text);  // a harness line in the trace
  std::uint64_t trace_hash() const;
  std::string trace_hash_hex() const;  // 16 hex digits
  void flush_trace();

 private:
  Node& begin_call(NodeId id);
  void end_call(NodeId id);
  void abandon_call(NodeId id) noexcept;
  [[noreturn]] static void wrong_type(NodeId id, const Node& node, const std::type_info& wanted);

  std::unique_ptr<detail::World> world_;
};

// ---------------------------------------------------------------- templates

template <class T>
T& Simulator::node_as(NodeId id) {
  Node& base = node(id);
  if (auto* typed = dynamic_cast<T*>(&base)) return *typed;
  wrong_type(id, base, typeid(T));
}

template <class F>
auto Simulator::call(NodeId id, F&& f) -> std::invoke_result_t<F, Node&> {
  Node& target = begin_call(id);
  struct Abandon {
    Simulator* sim;
    NodeId id;
    ~Abandon() {
      if (sim != nullptr) sim->abandon_call(id);
    }
  } abandon{this, id};
  if constexpr (std::is_void_v<std::invoke_result_t<F, Node&>>) {
    std::invoke(std::forward<F>(f), target);
    abandon.sim = nullptr;
    end_call(id);
  } else {
    using Result = std::invoke_result_t<F, Node&>;
    Result result = std::invoke(std::forward<F>(f), target);
    abandon.sim = nullptr;
    end_call(id);
    if constexpr (std::is_reference_v<Result>) {
      return static_cast<Result>(result);
    } else {
      return result;
    }
  }
}

template <class T, class F>
auto Simulator::call_as(NodeId id, F&& f) -> std::invoke_result_t<F, T&> {
  node_as<T>(id);  // checks the type before the step begins
  return call(id, [&](Node& n) -> decltype(auto) { return std::invoke(std::forward<F>(f), dynamic_cast<T&>(n)); });
}

}  // namespace store::sim
