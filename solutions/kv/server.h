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

  // BEGIN LAB 3 HIDDEN (#state) the state your reads need
  ReadPath read_path_;
  // A read waiting for its read index, then for the state machine to get there.
  struct PendingRead {
    NodeId client = kNoNode;
    ClientRequest request;
    std::optional<Index> index;  // once confirmed
    bool lease = false;          // confirmed by the leader's lease (lab 4): checked again when served
  };
  std::map<std::uint64_t, PendingRead> reads_;  // by the number given to read_index
  std::uint64_t last_read_ = 0;
  // END LAB 3
};

}  // namespace store
