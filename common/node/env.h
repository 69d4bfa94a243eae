// The environment a node acts through: the only way student code reaches the
// outside world. The simulator and the real runtime each provide one, so the
// same node code runs under both.
#pragma once

#include <string_view>
#include <vector>

#include "core/rng.h"
#include "core/types.h"
#include "node/storage.h"
#include "protocol/messages.h"

namespace store {

class Env {
 public:
  virtual ~Env() = default;

  virtual NodeId id() const = 0;
  // Every server of the cluster, this one included, in ascending order.
  virtual const std::vector<NodeId>& servers() const = 0;

  // This node's local clock in microseconds. It never goes backwards, but it
  // may be offset from other nodes' clocks and run slightly fast or slow.
  virtual Micros now() const = 0;
  virtual Rng& rng() = 0;
  virtual Storage& storage() = 0;

  // Sends a message. Delivery is not guaranteed, may be late, duplicated or
  // reordered. It leaves only once every earlier storage write is durable.
  // (The real runtime sends AppendEntries at once, so that a leader writes
  // its entries in parallel with its followers; it then delivers a peer's
  // message only once every write made before it arrived is durable, so a
  // leader never counts itself for an entry it could still lose.)
  virtual void send(NodeId to, Message message) = 0;

  // Hands a committed entry to the state machine. Raft calls this once per
  // entry, in index order, starting again from index 1 after a restart. The
  // runtime delivers it to Node::on_apply, possibly some time later.
  virtual void apply(LogEntry entry) = 0;

  // A free-form line for the trace, to help whoever debugs this node.
  virtual void trace(std::string_view note) = 0;
};

}  // namespace store
