// Hooks for invariant monitors, budgets and statistics. Attach any number with
// Simulator::add_observer; every method has an empty default, so an observer
// overrides only what it needs. An observer may throw to stop the run: the
// exception leaves run_for / run_until unchanged. Observers read the simulator
// (now(), node(), storage(), stats()) but must not inject faults or send from
// inside a callback; schedule a harness timer for that.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/types.h"
#include "node/storage.h"
#include "protocol/messages.h"

namespace store::sim {

enum class DropReason : std::uint8_t {
  kPartition = 0,        // the link was blocked at send or at delivery
  kRandomLoss = 1,       // the network profile lost it
  kDestinationDown = 2,  // the destination was crashed at delivery (or crashed while paused)
  kSenderCrashed = 3,    // held behind an unfinished sync when its sender crashed
  kHeldBack = 4,         // the harness's filter held it back (a nemesis keeping it for later)
};
inline constexpr std::size_t kDropReasonCount = 5;
std::string_view to_string(DropReason reason);

class Observer {
 public:
  virtual ~Observer() = default;

  // A node called Env::send, or the harness called client_send. The message
  // has not left yet (it may wait for a sync).
  virtual void on_send(NodeId /*from*/, NodeId /*to*/, const Message& /*message*/, std::size_t /*wire_size*/) {}
  // The message left its sender: every write the sender made before sending
  // it is durable. It may still be lost, cut off by a partition or late.
  virtual void on_depart(NodeId /*from*/, NodeId /*to*/, const Message& /*message*/) {}
  // Just before the destination handles it.
  virtual void on_deliver(NodeId /*from*/, NodeId /*to*/, const Message& /*message*/) {}
  virtual void on_drop(NodeId /*from*/, NodeId /*to*/, const Message& /*message*/, DropReason /*reason*/) {}

  // Storage writes, as the node makes them (not yet durable).
  virtual void on_hard_state_saved(NodeId /*node*/, const HardState& /*state*/) {}
  virtual void on_entries_appended(NodeId /*node*/, std::span<const LogEntry> /*entries*/) {}
  virtual void on_truncated(NodeId /*node*/, Index /*from*/) {}
  // Writes became durable (`writes` of them).
  virtual void on_synced(NodeId /*node*/, std::uint64_t /*writes*/) {}

  // The moment the node's Raft called Env::apply (on_apply follows after the apply lag).
  virtual void on_apply(NodeId /*node*/, const LogEntry& /*entry*/) {}

  virtual void on_crash(NodeId /*node*/) {}
  virtual void on_restart(NodeId /*node*/) {}  // the new Node object exists
  virtual void on_pause(NodeId /*node*/) {}
  virtual void on_resume(NodeId /*node*/) {}

  // After every step of a server (tick, receive, on_apply, call, construction)
  // and after a client handled a delivery.
  virtual void after_step(NodeId /*node*/) {}
};

}  // namespace store::sim
