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

  // TODO(lab2): the state your server needs; see docs/labs/lab2-kv.md#state
};

}  // namespace store
