// The key-value server (lab 2): clients' commands go into the Raft log, and
// each is answered only once it has been committed and applied.
//
// In lab 2 reads go through the log as well: the simplest way to make a read
// linearizable, and the slowest (the seed text's "treat reads like writes").
// Lab 3 adds reads confirmed by a heartbeat round, on the leader and on
// followers (reads.cpp); lab 4 adds leases. Lab 5 makes retried writes
// safe: the state machine keeps client sessions, and the server stamps its
// clock on every command it proposes.
#pragma once

#include <map>
#include <memory>
#include <optional>

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
  // The reply to the request waiting at this entry's index, if any.
  void answer_pending(const LogEntry& entry, const KvResult& result);
  void reply(NodeId client, const ClientRequest& request, ClientReply reply);
  void fail_pending_if_deposed();

  // Reads that append nothing to the log (reads.cpp, lab 3).
  void handle_read(NodeId client, const ClientRequest& request);
  void collect_read_results();
  void serve_ready_reads();

  // TODO(lab2): the state your server needs; see docs/labs/lab2-kv.md#state

  // TODO(lab3): the state your reads need; see docs/labs/lab3-readindex.md#state
};

}  // namespace store
