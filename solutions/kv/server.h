// The key-value server (lab 2): clients' commands go into the Raft log, and
// each is answered only once it has been committed and applied.
//
// In this lab reads go through the log as well: the simplest way to make a
// read linearizable, and the slowest (the seed text's "treat reads like
// writes"). Labs 3 and 4 add faster read paths.
#pragma once

#include <map>
#include <memory>

#include "kv/state_machine.h"
#include "node/server.h"

namespace store {

class KvServer final : public Node {
 public:
  KvServer(Env& env, const ServerConfig& config);

  void tick() override;
  void receive(NodeId from, const Message& message) override;
  void on_apply(const LogEntry& entry) override;
  NodeStatus status() const override;

 private:
  void handle_request(NodeId client, const ClientRequest& request);
  void reply(NodeId client, const ClientRequest& request, ClientReply reply);
  void fail_pending_if_deposed();

  // BEGIN LAB 2 HIDDEN (#state) the state your server needs
  // A request proposed at a log index, waiting for that index to be applied.
  struct Pending {
    NodeId client = kNoNode;
    ClientRequest request;
    Term term = 0;  // the term it was proposed in: tells our entry from another
  };

  Env& env_;
  std::unique_ptr<Consensus> raft_;
  KvStateMachine state_;
  Index applied_index_ = 0;
  std::map<Index, Pending> pending_;
  // END LAB 2
};

}  // namespace store
