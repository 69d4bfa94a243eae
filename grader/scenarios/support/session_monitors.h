// What lab 5's scenarios watch besides the history: that every replica's
// session table passes through the same states, and the client requests and
// replies that crossed the network (to send a copy again later).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <vector>

#include "sim/observer.h"
#include "support/kv_cluster.h"
#include "support/sim_clerk.h"

namespace store::grading {

// The session table is part of the replicated state: every server whose
// status says it has applied up to index i must report the same number of
// sessions (checked after each of its steps, whenever its applied index moved).
// One that expires sessions by its own clock (or on a timer) reports another
// number at the same index as soon as clocks differ. Records the largest
// table (and its bytes) any server reported.
class SessionAgreement final : public sim::Observer {
 public:
  explicit SessionAgreement(KvCluster& cluster);
  ~SessionAgreement() override;
  SessionAgreement(const SessionAgreement&) = delete;
  SessionAgreement& operator=(const SessionAgreement&) = delete;

  void after_step(NodeId node) override;

  std::uint64_t max_sessions() const { return max_sessions_; }
  std::uint64_t max_bytes() const { return max_bytes_; }
  // The indexes at which at least two servers reported their table.
  std::size_t compared() const { return compared_; }

 private:
  struct Seen {
    NodeId node;
    std::uint64_t sessions;
    bool compared = false;
  };
  KvCluster& cluster_;
  std::map<Index, Seen> first_;  // the first report of each index
  std::map<NodeId, Index> last_applied_;
  std::uint64_t max_sessions_ = 0;
  std::uint64_t max_bytes_ = 0;
  std::size_t compared_ = 0;
};

// Keeps the requests clients send and the replies servers send them, to
// hand a copy back to a server later (a copy the network delivers late).
class ClientTraffic final : public sim::Observer {
 public:
  explicit ClientTraffic(KvCluster& cluster);
  ~ClientTraffic() override;
  ClientTraffic(const ClientTraffic&) = delete;
  ClientTraffic& operator=(const ClientTraffic&) = delete;

  void on_send(NodeId from, NodeId to, const Message& message, std::size_t wire_size) override;

  // The latest request `client` sent of the operation `op` (none: nullopt).
  std::optional<ClientRequest> last_request(NodeId client, OpType op) const;
  // The same, failing the test if it sent none.
  ClientRequest last_request_of(const SimClerk& client, OpType op) const;
  // The replies sent to `client` for the request (session, seq), in order.
  std::vector<ClientReply> replies(NodeId client, std::uint64_t session, std::uint64_t seq) const;
  // Hands `request` to `server` again as if `client` sent it (a copy the
  // network delivers late), and returns the server's reply to that copy,
  // failing the test if none comes within a second.
  ClientReply deliver_late_copy(const SimClerk& client, const ClientRequest& request, NodeId server);

 private:
  KvCluster& cluster_;
  std::map<std::pair<NodeId, OpType>, ClientRequest> requests_;
  std::map<NodeId, std::vector<ClientReply>> replies_;
};

}  // namespace store::grading
