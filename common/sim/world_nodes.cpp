// Node steps, durability, applies, ticks, faults and clocks.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "sim/internal/world.h"

namespace store::sim::detail {

// ---------------------------------------------------------------- steps

void World::finish_step(Server& s) {
  pump(s);
  last_stepped_ = s.id;
  trace_status(s);
  notify([&](Observer& o) { o.after_step(s.id); });
}

// The status after a step, for the timeline view: only when a file is being
// written, never hashed. A status() that throws (a TODO in the skeleton, say)
// is left for the monitors to report, as they would without a trace.
void World::trace_status(Server& s) {
  if (!trace_.writing() || !s.node) return;
  NodeStatus status;
  try {
    status = s.node->status();
  } catch (...) {
    return;
  }
  trace_.status(now_, s.id, status);
}

void World::check_not_stepping(NodeId id, std::string_view what) const {
  if (stepping_ == id) {
    throw std::logic_error(std::string(what) + "(" + std::to_string(id) + ") called from inside a step of node " +
                           std::to_string(id) + "; schedule it with schedule_after");
  }
}

Node& World::begin_call(NodeId id) {
  if (stepping_ != kNoNode) {
    throw std::logic_error("call(" + std::to_string(id) + ") from inside a step of node " + std::to_string(stepping_) +
                           "; schedule it with schedule_after");
  }
  Server& s = server(id, "call");
  Node& node = running_node(id, "call");
  if (s.paused) throw std::logic_error("call(" + std::to_string(id) + "): node is paused (resume it first)");
  trace_.call(now_, id);
  stepping_ = id;
  return node;
}

void World::end_call(NodeId id) {
  stepping_ = kNoNode;
  finish_step(*servers_[static_cast<std::size_t>(id - 1)]);
}

// ---------------------------------------------------------------- durability

// Starts a sync if writes are waiting and none is running, then lets out every
// message whose writes are durable, in the order they were sent. A paused
// process does neither (its disk still finishes a sync already started).
void World::pump(Server& s) {
  if (s.paused) return;
  if (s.storage.has_unsynced()) {
    if (s.fsync_latency == 0) {
      sync_now(s, s.storage.writes());
    } else if (!s.sync_in_flight) {
      s.sync_in_flight = true;
      s.sync_target = s.storage.writes();  // group commit: everything written so far
      queue_.push(now_ + s.fsync_latency, EventKind::kSyncDone, s.id, s.incarnation);
    }
  }
  while (!s.outbox.empty() && s.outbox.front().after_write <= s.storage.durable_writes()) {
    Envelope envelope = std::move(s.outbox.front().envelope);
    s.outbox.pop_front();
    depart(std::move(envelope));
  }
}

void World::sync_now(Server& s, std::uint64_t through) {
  const std::uint64_t synced = s.storage.sync_through(through);
  if (synced == 0) return;
  trace_.synced(now_, s.id, synced);
  notify([&](Observer& o) { o.on_synced(s.id, synced); });
}

void World::on_sync_done(Server& s) {
  s.sync_in_flight = false;
  sync_now(s, s.sync_target);
  pump(s);
}

void World::storage_writing(NodeId node) {
  if (stepping_ != node) {
    throw std::logic_error("node " + std::to_string(node) + " wrote to its storage outside one of its steps; " +
                           "act on a node from the harness with Simulator::call");
  }
}

void World::storage_saved(NodeId node, const HardState& state) {
  trace_.saved(now_, node, state);
  notify([&](Observer& o) { o.on_hard_state_saved(node, state); });
}

void World::storage_appended(NodeId node, std::span<const LogEntry> entries) {
  trace_.appended(now_, node, entries);
  notify([&](Observer& o) { o.on_entries_appended(node, entries); });
}

void World::storage_truncated(NodeId node, Index from) {
  trace_.truncated(now_, node, from);
  notify([&](Observer& o) { o.on_truncated(node, from); });
}

// ---------------------------------------------------------------- applies

void World::env_apply(Server& s, LogEntry entry) {
  if (stepping_ != s.id) {
    throw std::logic_error("node " + std::to_string(s.id) + " called Env::apply outside one of its steps; " +
                           "act on a node from the harness with Simulator::call");
  }
  trace_.apply(now_, s.id, entry);
  notify([&](Observer& o) { o.on_apply(s.id, entry); });
  // FIFO even if the lag shrinks meanwhile: only the front entry is ever
  // scheduled, and the next one no earlier than the front ran.
  s.applies.push_back(Server::PendingApply{now_ + s.apply_lag, std::move(entry)});
  if (!s.apply_scheduled) schedule_apply(s);
}

void World::schedule_apply(Server& s) {
  const Micros due = s.applies.front().due;
  s.apply_scheduled = true;
  queue_.push(std::max(due, now_), EventKind::kApply, s.id, s.incarnation, /*urgent=*/due <= now_);
}

void World::on_apply_due(Server& s) {
  s.apply_scheduled = false;
  if (s.paused || s.applies.empty()) return;  // resume re-arms
  Server::PendingApply next = std::move(s.applies.front());
  s.applies.pop_front();
  if (!s.applies.empty()) schedule_apply(s);
  trace_.applied(now_, s.id, next.entry);
  step(s, [&] { s.node->on_apply(next.entry); });
}

void World::env_trace(Server& s, std::string_view note) { trace_.node_trace(now_, s.id, note); }

// ---------------------------------------------------------------- ticks

void World::schedule_tick(Server& s) {
  ++s.tick_generation;
  queue_.push(s.clock.global_when(s.next_tick_local, now_), EventKind::kTick, s.id, s.tick_generation);
}

void World::on_tick(Server& s) {
  // Ticks follow a grid of local time; after a clock jump the next one is due
  // at once and the grid restarts there (missed ticks are not replayed).
  const Micros local = s.clock.at(now_);
  s.next_tick_local += config_.tick_interval;
  if (s.next_tick_local <= local) s.next_tick_local = local + config_.tick_interval;
  schedule_tick(s);
  if (s.paused) return;
  trace_.tick(now_, s.id);
  step(s, [&] { s.node->tick(); });
}

// ---------------------------------------------------------------- life cycle

void World::start(Server& s, bool restart) {
  trace_.node_event(now_, restart ? "restart" : "start", s.id);
  step(s, [&] {
    s.node = factory_(s.env);
    if (!s.node) throw std::logic_error("the node factory returned no node for server " + std::to_string(s.id));
  });
  // A random phase, so that nodes do not tick in lockstep.
  s.next_tick_local =
      s.clock.at(now_) + 1 + static_cast<Micros>(rng_.below(static_cast<std::uint64_t>(config_.tick_interval)));
  schedule_tick(s);
}

void World::crash(NodeId id) {
  Server& s = server(id, "crash");
  if (!s.node) throw std::logic_error("crash(" + std::to_string(id) + "): node is already crashed");
  check_not_stepping(id, "crash");
  trace_.node_event(now_, "crash", id);
  trace_.forget_status(id);
  s.node.reset();
  ++s.incarnation;
  ++s.tick_generation;
  s.paused = false;
  s.sync_in_flight = false;
  s.applies.clear();
  s.apply_scheduled = false;
  s.storage.lose_unsynced();
  while (!s.outbox.empty()) {
    Envelope envelope = std::move(s.outbox.front().envelope);
    s.outbox.pop_front();
    drop(envelope, DropReason::kSenderCrashed);
  }
  while (!s.held_while_paused.empty()) {
    const std::uint32_t slot = s.held_while_paused.front();
    s.held_while_paused.pop_front();
    drop(take_flight(slot), DropReason::kDestinationDown);
  }
  notify([&](Observer& o) { o.on_crash(id); });
}

void World::restart(NodeId id) {
  Server& s = server(id, "restart");
  if (s.node) throw std::logic_error("restart(" + std::to_string(id) + "): node is running; crash it first");
  check_not_stepping(id, "restart");
  start(s, /*restart=*/true);
  notify([&](Observer& o) { o.on_restart(id); });
}

void World::pause(NodeId id) {
  Server& s = server(id, "pause");
  running_node(id, "pause");
  check_not_stepping(id, "pause");
  if (s.paused) throw std::logic_error("pause(" + std::to_string(id) + "): node is already paused");
  s.paused = true;
  trace_.node_event(now_, "pause", id);
  notify([&](Observer& o) { o.on_pause(id); });
}

void World::resume(NodeId id) {
  Server& s = server(id, "resume");
  running_node(id, "resume");
  if (!s.paused) throw std::logic_error("resume(" + std::to_string(id) + "): node is not paused");
  s.paused = false;
  trace_.node_event(now_, "resume", id);
  while (!s.held_while_paused.empty()) {
    queue_.push(now_, EventKind::kDeliverQueued, kNoNode, s.held_while_paused.front());
    s.held_while_paused.pop_front();
  }
  if (!s.applies.empty() && !s.apply_scheduled) schedule_apply(s);
  pump(s);
  notify([&](Observer& o) { o.on_resume(id); });
}

// ---------------------------------------------------------------- settings

void World::set_clock(NodeId id, Micros offset, std::int64_t drift_ppm) {
  Server& s = server(id, "set_clock");
  s.clock.set(now_, offset, drift_ppm);
  trace_.node_setting(now_, "clock", id, offset, drift_ppm);
  if (s.node) schedule_tick(s);  // the next tick's global time moved
}

void World::jump_clock(NodeId id, Micros delta) {
  Server& s = server(id, "jump_clock");
  s.clock.jump(now_, delta);
  trace_.node_setting(now_, "clock-jump", id, delta);
  if (s.node) schedule_tick(s);
}

void World::set_apply_lag(NodeId id, Micros lag) {
  Server& s = server(id, "set_apply_lag");
  if (lag < 0) throw std::invalid_argument("set_apply_lag: the lag must not be negative");
  s.apply_lag = lag;
  trace_.node_setting(now_, "apply-lag", id, lag);
}

void World::set_fsync_latency(NodeId id, Micros latency) {
  Server& s = server(id, "set_fsync_latency");
  if (latency < 0) throw std::invalid_argument("set_fsync_latency: the latency must not be negative");
  s.fsync_latency = latency;
  trace_.node_setting(now_, "fsync-latency", id, latency);
}

// ---------------------------------------------------------------- the Env nodes see

const std::vector<NodeId>& SimEnv::servers() const { return world_.server_ids(); }
Micros SimEnv::now() const { return world_.local_now(server_); }
Rng& SimEnv::rng() { return world_.rng(); }
Storage& SimEnv::storage() { return server_.storage; }
void SimEnv::send(NodeId to, Message message) { world_.env_send(server_, to, std::move(message)); }
void SimEnv::apply(LogEntry entry) { world_.env_apply(server_, std::move(entry)); }
void SimEnv::trace(std::string_view note) { world_.env_trace(server_, note); }

}  // namespace store::sim::detail
