// The quorum server (lab 6): a replica of the keys it holds, and the
// coordinator of every client request sent to it.
//
// A put or delete gets a version from this server's clock and goes to the
// key's N replicas; it is acknowledged once W of them hold it (writes.cpp).
// A get asks the N replicas and takes the newest of the first R replies;
// with write-back on it first writes that version to W replicas, and with
// read repair on it sends it to the replicas that replied older (reads.cpp).
// Messages to this server itself are handled once the current step is over,
// like any other, so a coordinator never changes its operations while it is
// looping over them.
#pragma once

#include <deque>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "node/quorum.h"
#include "quorum/replica_store.h"
#include "quorum/version.h"

namespace store {

class QuorumServer final : public Node {
 public:
  QuorumServer(Env& env, const QuorumConfig& config);

  void tick() override;
  void receive(NodeId from, const Message& message) override;
  void on_apply(const LogEntry& entry) override;
  NodeStatus status() const override;

  // Throws std::invalid_argument, naming the problem, unless `config` is one
  // this server runs with on `servers` servers.
  static void check_config(const QuorumConfig& config, int servers);

 private:
  // A client's request that this server coordinates.
  struct Operation {
    enum class Phase : std::uint8_t { kReading, kWriting };
    NodeId client = kNoNode;
    ClientRequest request;
    std::vector<NodeId> replicas;
    Phase phase = Phase::kWriting;
    // kWriting: the version being written (a put, a delete, or a get's
    // write-back). Once a get is answered: the version it returned.
    QuorumWrite write;
    std::set<NodeId> acknowledged;              // kWriting
    std::map<NodeId, QuorumReadReply> replies;  // kReading
    std::set<NodeId> repaired;                  // read repair sent
    bool answered = false;                      // a get kept for the replies read repair still wants
    Micros started = 0;
    Micros last_sent = 0;
  };

  // The replica's side (replica.cpp).
  void on_write(NodeId from, const QuorumWrite& write);
  void on_read(NodeId from, const QuorumRead& read);

  // One message from `from` (a client, a peer, or this server itself).
  void handle(NodeId from, const Message& message);

  // The coordinator's side.
  void handle_request(NodeId client, const ClientRequest& request);
  Operation& begin(NodeId client, const ClientRequest& request, std::uint64_t context);
  void start_write(NodeId client, const ClientRequest& request);  // writes.cpp
  void write_after_read(Operation& operation);
  void send_write(const Operation& operation);
  void on_write_reply(NodeId from, const QuorumWriteReply& reply);
  void start_read(NodeId client, const ClientRequest& request);  // reads.cpp
  void send_reads(const Operation& operation, std::uint64_t context);
  void on_read_reply(NodeId from, const QuorumReadReply& reply);
  void quorum_read(std::uint64_t context, Operation& operation);
  void answer_read(std::uint64_t context, Operation& operation);
  void repair(std::uint64_t context, Operation& operation);
  void resend_and_expire();  // server.cpp

  void answer(const Operation& operation, ClientReply reply);
  void finish(std::uint64_t context);
  // Sends to a server, this one included (see deliver_own).
  void send_to(NodeId to, Message message);
  void deliver_own();

  Env& env_;
  QuorumConfig config_;
  std::map<std::uint64_t, Operation> operations_;  // by context
  // The operation already under way for a request, by (client id, seq): a
  // clerk's retry to the same server joins it rather than starting another.
  std::map<std::pair<std::uint64_t, std::uint64_t>, std::uint64_t> by_request_;
  std::deque<Message> own_;  // messages to this server, handled after the step
  // BEGIN LAB 6 HIDDEN (#state) the state your server needs
  ReplicaStore store_;
  VersionClock clock_;
  // Numbered from the clock at start, so that a restarted server never
  // takes a late reply to its former self's operation for one of its own.
  std::uint64_t next_context_ = 0;
  // END LAB 6
};

}  // namespace store
