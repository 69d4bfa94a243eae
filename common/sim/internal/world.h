// The simulator's state and machinery behind the Simulator facade. Split by
// concern over world.cpp (setup, the event loop, timers, observers),
// world_network.cpp (sends, deliveries, links) and world_nodes.cpp (steps,
// durability, applies, ticks, faults, clocks).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/rng.h"
#include "core/types.h"
#include "node/env.h"
#include "node/node.h"
#include "protocol/messages.h"
#include "sim/connectivity.h"
#include "sim/internal/event_queue.h"
#include "sim/local_clock.h"
#include "sim/network_profile.h"
#include "sim/observer.h"
#include "sim/sim_storage.h"
#include "sim/simulator.h"
#include "sim/statistics.h"
#include "sim/trace_recorder.h"

namespace store::sim::detail {

class World;
struct Server;

// A message with what the simulator tracks about it.
struct Envelope {
  NodeId from = kNoNode;
  NodeId to = kNoNode;
  std::uint64_t id = 0;      // numbers sends; a duplicate's copies share it
  std::uint64_t digest = 0;  // message_digest, for the trace hash
  std::size_t wire_size = 0;
  Message message;
};

// The Env every incarnation of one server acts through.
class SimEnv final : public Env {
 public:
  SimEnv(World& world, Server& server, NodeId id) : world_(world), server_(server), id_(id) {}
  NodeId id() const override { return id_; }
  const std::vector<NodeId>& servers() const override;
  Micros now() const override;
  Rng& rng() override;
  Storage& storage() override;
  void send(NodeId to, Message message) override;
  void apply(LogEntry entry) override;
  void trace(std::string_view note) override;

 private:
  World& world_;
  Server& server_;
  NodeId id_;
};

struct Server {
  Server(World& world, NodeId node_id, StorageListener* listener)
      : id(node_id), storage(node_id, listener), env(world, *this, node_id) {}

  struct Held {
    std::uint64_t after_write;  // leaves once this many writes are durable
    Envelope envelope;
  };
  struct PendingApply {
    Micros due;
    LogEntry entry;
  };

  NodeId id;
  SimStorage storage;  // outlives crashes
  SimEnv env;          // one per server, handed to every incarnation
  // Declared after env and storage so that it is destroyed before them.
  std::unique_ptr<Node> node;  // null while crashed
  bool paused = false;
  std::uint64_t incarnation = 0;  // bumped by crash: stale events are ignored

  LocalClock clock;
  Micros next_tick_local = 0;
  std::uint64_t tick_generation = 0;

  Micros fsync_latency = 0;
  bool sync_in_flight = false;
  std::uint64_t sync_target = 0;
  std::deque<Held> outbox;  // sent, waiting for durability

  Micros apply_lag = 0;
  std::deque<PendingApply> applies;
  bool apply_scheduled = false;

  std::deque<std::uint32_t> held_while_paused;  // flight slots, in arrival order
};

struct Client {
  NodeId id;
  ClientHandler handler;
};

class World final : public StorageListener {
 public:
  World(SimConfig config, NodeFactory factory);
  ~World() override;

  // Running (world.cpp)
  bool run(Micros end, const std::function<bool()>* predicate);
  Micros now() const { return now_; }
  Rng& rng() { return rng_; }
  const SimConfig& config() const { return config_; }
  const std::vector<NodeId>& server_ids() const { return server_ids_; }
  std::uint64_t events_processed() const { return events_; }
  TimerId schedule_at(Micros when, std::function<void()> action);
  bool cancel(TimerId timer);
  void add_observer(Observer& observer);
  void remove_observer(Observer& observer);
  const Statistics& stats() const { return stats_; }
  TraceRecorder& trace() { return trace_; }
  const TraceRecorder& trace() const { return trace_; }

  // Lookups with clear errors; `what` names the caller in the message.
  Server& server(NodeId id, std::string_view what);
  const Server& server(NodeId id, std::string_view what) const;
  Node& running_node(NodeId id, std::string_view what);
  const Node& running_node(NodeId id, std::string_view what) const;

  // Network (world_network.cpp)
  NodeId add_client(ClientHandler handler);
  void client_send(NodeId client, NodeId to, Message message);
  void deliver_now(NodeId from, NodeId to, Message message);
  void inject(NodeId from, NodeId to, Message message, Micros latency);
  void set_drop_filter(Simulator::DropFilter filter) { drop_filter_ = std::move(filter); }
  void set_network(const NetworkProfile& profile);
  void set_link_profile(NodeId from, NodeId to, const NetworkProfile* profile);
  void partition(const std::vector<std::vector<NodeId>>& groups);
  void isolate(NodeId id);
  void cut(NodeId from, NodeId to, bool blocked);
  void heal();
  bool can_reach(NodeId from, NodeId to) const;

  // Nodes (world_nodes.cpp)
  Node& begin_call(NodeId id);
  void end_call(NodeId id);
  void abandon_call() noexcept { stepping_ = kNoNode; }
  void crash(NodeId id);
  void restart(NodeId id);
  void pause(NodeId id);
  void resume(NodeId id);
  void set_clock(NodeId id, Micros offset, std::int64_t drift_ppm);
  void jump_clock(NodeId id, Micros delta);
  void set_apply_lag(NodeId id, Micros lag);
  void set_fsync_latency(NodeId id, Micros latency);
  Micros local_time(NodeId id) const { return server(id, "local_time").clock.at(now_); }

  // What SimEnv forwards to.
  Micros local_now(const Server& s) const { return s.clock.at(now_); }
  void env_send(Server& s, NodeId to, Message message);
  void env_apply(Server& s, LogEntry entry);
  void env_trace(Server& s, std::string_view note);

  // StorageListener
  void storage_writing(NodeId node) override;
  void storage_saved(NodeId node, const HardState& state) override;
  void storage_appended(NodeId node, std::span<const LogEntry> entries) override;
  void storage_truncated(NodeId node, Index from) override;

 private:
  // Observers, by index so that one may be added from inside a callback.
  template <class F>
  void notify(F&& f) {
    for (std::size_t i = 0; i < observers_.size(); ++i) f(*observers_[i]);
  }
  void dispatch(const Event& event);

  // Network internals
  bool is_endpoint(NodeId id) const;
  int endpoint(NodeId id) const;  // dense index for Connectivity; id must be valid
  void check_endpoint(NodeId id, std::string_view what) const;
  std::string endpoints_text() const;
  Envelope make_envelope(NodeId from, NodeId to, Message&& message);
  // A message the harness puts in (forged or injected): not counted as sent.
  Envelope harness_envelope(NodeId from, NodeId to, Message&& message);
  void depart(Envelope&& envelope);
  void schedule_delivery(Envelope&& envelope, Micros latency);
  Envelope take_flight(std::uint32_t slot);
  void deliver(std::uint32_t slot, bool was_held);
  void hand_over(Envelope&& envelope, Server* s);  // counts, traces, observes, and runs the receiving step
  void drop(const Envelope& envelope, DropReason reason);
  const NetworkProfile& profile_for(NodeId from, NodeId to) const;

  // Node internals
  template <class Body>
  void step(Server& s, Body&& body);
  void finish_step(Server& s);
  void trace_status(Server& s);
  void pump(Server& s);
  void sync_now(Server& s, std::uint64_t through);
  void start(Server& s, bool restart);
  void schedule_tick(Server& s);
  void on_tick(Server& s);
  void schedule_apply(Server& s);
  void on_apply_due(Server& s);
  void on_sync_done(Server& s);
  void check_not_stepping(NodeId id, std::string_view what) const;

  SimConfig config_;
  NodeFactory factory_;
  Rng rng_;
  TraceRecorder trace_;
  Micros now_ = 0;
  EventQueue queue_;
  Statistics stats_;
  std::vector<Observer*> observers_;

  std::vector<NodeId> server_ids_;
  std::vector<std::unique_ptr<Server>> servers_;  // index id - 1; stable addresses
  std::vector<Client> clients_;                   // index id - kFirstClientId

  Connectivity connectivity_;
  NetworkProfile default_profile_;
  std::unordered_map<std::uint64_t, NetworkProfile> link_profiles_;
  Simulator::DropFilter drop_filter_;
  std::vector<Envelope> flights_;  // messages on the wire, by slot
  std::vector<std::uint32_t> free_flights_;
  std::uint64_t message_ids_ = 0;

  std::unordered_map<TimerId, std::function<void()>> timers_;
  TimerId next_timer_ = 0;

  std::uint64_t events_ = 0;
  NodeId stepping_ = kNoNode;      // the server whose step is running, if any
  NodeId last_stepped_ = kNoNode;  // the endpoint whose step ran last (for the trace's stopped line)
  bool running_ = false;
};

// One handler invocation on one node. Its writes are synced and its messages
// released at the end (see pump); an exception leaves the step at once.
template <class Body>
void World::step(Server& s, Body&& body) {
  struct Scope {
    NodeId& stepping;
    Scope(NodeId& slot, NodeId id) : stepping(slot) { stepping = id; }
    ~Scope() { stepping = kNoNode; }
  };
  {
    Scope scope(stepping_, s.id);
    body();
  }
  finish_step(s);
}

}  // namespace store::sim::detail
