// The Env a hosted node acts through inside the host process. Everything it
// does is written to the answer being built, in order, for the trusted side
// to replay; reads (the clock, the generator, the storage) are served from
// what the request brought and from a mirror of the node's storage.
//
// The mirror is the simulator's own SimStorage, so the checks (an append that
// does not continue the log, a write outside one of the node's steps) and
// their words are the simulator's.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "core/rng.h"
#include "core/types.h"
#include "node/env.h"
#include "node/storage.h"
#include "sandbox/protocol/fields.h"
#include "sim/sim_storage.h"

namespace store::sandbox {

// What every hosted node shares for the request being answered.
struct Request {
  Micros now = 0;
  Rng rng{0};
  NodeId stepping = kNoNode;  // the node whose step this is, if any
  FieldWriter* answer = nullptr;
};

class HostEnv final : public Env, private sim::StorageListener {
 public:
  HostEnv(Request& request, NodeId id, std::vector<NodeId> servers, const HardState& state,
          const std::vector<LogEntry>& log);

  NodeId id() const override { return id_; }
  const std::vector<NodeId>& servers() const override { return servers_; }
  Micros now() const override { return request_.now; }
  Rng& rng() override { return request_.rng; }
  Storage& storage() override { return storage_; }
  void send(NodeId to, Message message) override;
  void apply(LogEntry entry) override;
  void trace(std::string_view note) override;

  // The mirror keeps no history of writes: they are the trusted side's to keep.
  void forget_written() { storage_.sync_through(storage_.writes()); }

 private:
  // sim::StorageListener: each write of the mirror becomes an effect.
  void storage_writing(NodeId node) override;
  void storage_saved(NodeId node, const HardState& state) override;
  void storage_appended(NodeId node, std::span<const LogEntry> entries) override;
  void storage_truncated(NodeId node, Index from) override;

  FieldWriter& effects_in_step(const char* what) const;

  Request& request_;
  NodeId id_;
  std::vector<NodeId> servers_;
  bool loading_ = true;  // while the mirror is filled from the request
  sim::SimStorage storage_;
};

}  // namespace store::sandbox
