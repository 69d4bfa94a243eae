// Setup, the event loop, harness timers and observers.
#include "sim/internal/world.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace store::sim::detail {

World::World(SimConfig config, NodeFactory factory)
    : config_(std::move(config)),
      factory_(std::move(factory)),
      rng_(config_.seed),
      trace_(config_.trace_path, config_.trace_ticks, config_.trace_max_bytes),
      default_profile_(config_.network) {
  if (config_.servers < 1) throw std::invalid_argument("SimConfig: servers must be at least 1");
  if (config_.servers >= kFirstClientId) {
    throw std::invalid_argument("SimConfig: servers must stay below the client id range (" +
                                std::to_string(kFirstClientId) + ")");
  }
  if (config_.tick_interval <= 0) throw std::invalid_argument("SimConfig: tick_interval must be positive");
  if (!factory_) throw std::invalid_argument("Simulator: the node factory is empty");
  default_profile_.validate();

  trace_.start(config_.seed, config_.servers, config_.tick_interval, default_profile_);
  for (NodeId id = 1; id <= config_.servers; ++id) {
    server_ids_.push_back(id);
    servers_.push_back(std::make_unique<Server>(*this, id, this));
    connectivity_.add_endpoint(/*is_server=*/true);
  }
  for (auto& s : servers_) start(*s, /*restart=*/false);
}

World::~World() = default;

bool World::run(Micros end, const std::function<bool()>* predicate) {
  if (running_ || stepping_ != kNoNode) {
    throw std::logic_error(
        "run_for/run_until called from inside the simulation (a step, timer, client handler or observer); "
        "schedule the work with schedule_after instead");
  }
  struct Running {
    World& world;
    explicit Running(World& w) : world(w) { world.running_ = true; }
    ~Running() {
      world.running_ = false;
      world.trace_.flush();
    }
  } running(*this);

  try {
    if (predicate != nullptr && (*predicate)()) return true;
    while (!queue_.empty() && queue_.top().time <= end) {
      const Event event = queue_.top();
      queue_.pop();
      now_ = event.time;
      ++events_;
      dispatch(event);
      if (predicate != nullptr && (*predicate)()) return true;
    }
  } catch (const std::exception& e) {
    // Usually an invariant monitor that found a violation: the trace says
    // where, for the timeline view. The file only; the hash is untouched.
    trace_.stopped(now_, last_stepped_, e.what());
    throw;
  } catch (...) {
    trace_.stopped(now_, last_stepped_, "an exception of a type not derived from std::exception");
    throw;
  }
  now_ = std::max(now_, end);
  return false;
}

void World::dispatch(const Event& event) {
  switch (event.kind) {
    case EventKind::kDeliver: deliver(static_cast<std::uint32_t>(event.arg), /*was_held=*/false); return;
    case EventKind::kDeliverQueued: deliver(static_cast<std::uint32_t>(event.arg), /*was_held=*/true); return;
    case EventKind::kTick: {
      Server& s = *servers_[static_cast<std::size_t>(event.node - 1)];
      if (event.arg == s.tick_generation && s.node) on_tick(s);
      return;
    }
    case EventKind::kApply: {
      Server& s = *servers_[static_cast<std::size_t>(event.node - 1)];
      if (event.arg == s.incarnation) on_apply_due(s);
      return;
    }
    case EventKind::kSyncDone: {
      Server& s = *servers_[static_cast<std::size_t>(event.node - 1)];
      if (event.arg == s.incarnation) on_sync_done(s);
      return;
    }
    case EventKind::kTimer: {
      auto it = timers_.find(event.arg);
      if (it == timers_.end()) return;  // cancelled
      std::function<void()> action = std::move(it->second);
      timers_.erase(it);
      trace_.timer(now_, event.arg);
      action();
      return;
    }
  }
}

TimerId World::schedule_at(Micros when, std::function<void()> action) {
  if (when < now_) {
    throw std::invalid_argument("schedule_at(" + std::to_string(when) + "): that time has passed (now is " +
                                std::to_string(now_) + ")");
  }
  if (!action) throw std::invalid_argument("schedule_at: the action is empty");
  const TimerId id = ++next_timer_;
  timers_.emplace(id, std::move(action));
  queue_.push(when, EventKind::kTimer, kNoNode, id);
  return id;
}

bool World::cancel(TimerId timer) { return timers_.erase(timer) > 0; }

void World::add_observer(Observer& observer) { observers_.push_back(&observer); }

void World::remove_observer(Observer& observer) {
  auto it = std::find(observers_.begin(), observers_.end(), &observer);
  if (it != observers_.end()) observers_.erase(it);
}

Server& World::server(NodeId id, std::string_view what) {
  return const_cast<Server&>(static_cast<const World&>(*this).server(id, what));
}

const Server& World::server(NodeId id, std::string_view what) const {
  if (id < 1 || id > config_.servers) {
    throw std::invalid_argument(std::string(what) + "(" + std::to_string(id) + "): no such server (servers are 1.." +
                                std::to_string(config_.servers) + ")");
  }
  return *servers_[static_cast<std::size_t>(id - 1)];
}

Node& World::running_node(NodeId id, std::string_view what) {
  return const_cast<Node&>(static_cast<const World&>(*this).running_node(id, what));
}

const Node& World::running_node(NodeId id, std::string_view what) const {
  const Server& s = server(id, what);
  if (!s.node) {
    throw std::logic_error(std::string(what) + "(" + std::to_string(id) + "): node " + std::to_string(id) +
                           " is crashed (restart it first, or check is_up)");
  }
  return *s.node;
}

}  // namespace store::sim::detail
