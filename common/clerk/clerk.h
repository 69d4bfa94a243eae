// The client library of the store ("the clerk"): it finds the leader, follows
// hints, retries on timeouts and not-leader replies, and records every
// operation in a history for the checker.
//
// Like the nodes, the clerk is sans-IO: it sends and sets its timer through a
// ClerkTransport, and is handed replies and timer expiries. The simulator's
// client endpoints and the real command-line client drive the same code.
//
// A clerk runs one operation at a time (a closed loop, like a Jepsen
// process). Every attempt of an operation carries the same client id and
// sequence number, so that a server with sessions (lab 5) can recognise a
// retry; servers of labs 2 to 4 ignore them.
//
// With sessions (ClerkConfig::sessions), the clerk registers a session
// before its first write and sends every request in it. When a server says
// the session has expired, an operation that no earlier attempt can have run
// is tried again in a new session; one that may have run is given up as
// unknown, since running it again could run it twice.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/types.h"
#include "history/recorder.h"
#include "protocol/messages.h"

namespace store {

class ClerkTransport {
 public:
  virtual ~ClerkTransport() = default;
  virtual Micros now() const = 0;
  virtual void send(NodeId to, Message message) = 0;
  // Arms the clerk's one timer to fire `delay` from now, replacing any earlier
  // setting (a negative delay just disarms it); the driver then calls
  // Clerk::on_timer.
  virtual void set_timer(Micros delay) = 0;
};

struct ClerkConfig {
  // How long to wait for a reply before trying the next server.
  Micros attempt_timeout = 100 * kMillisecond;
  // After a not-leader reply with no hint, or a full round of servers
  // without success, wait this long before the next attempt.
  Micros retry_pause = 10 * kMillisecond;
  // Give the operation up after this long (0: never). A given-up operation is
  // recorded as `info` (it may have happened) unless no server can have
  // received it, in which case it is `fail`.
  Micros give_up_after = 0;
  // Run writes in a client session (lab 5).
  bool sessions = false;
};

struct ClerkResult {
  enum class Outcome : std::uint8_t { kOk, kFailed, kUnknown } outcome = Outcome::kOk;
  bool found = false;
  std::string value;
  int attempts = 0;
  Micros latency = 0;  // from start to completion
  NodeId answered_by = kNoNode;  // kOk: the server whose reply completed it
  std::string error;   // for kFailed / kUnknown: the last reason
};

class Clerk {
 public:
  using Done = std::function<void(const ClerkResult&)>;

  Clerk(ClerkTransport& transport, std::uint64_t client_id, std::vector<NodeId> servers, ClerkConfig config = {},
        history::HistoryRecorder* history = nullptr, NodeId history_client = kNoNode);

  // Starts an operation; `done` runs when it completes or is given up.
  // Throws std::logic_error when an operation is already running.
  void start(OpType op, std::string key, std::string value, Done done);
  void get(std::string key, Done done) { start(OpType::kGet, std::move(key), {}, std::move(done)); }
  void put(std::string key, std::string value, Done done) {
    start(OpType::kPut, std::move(key), std::move(value), std::move(done));
  }
  void del(std::string key, Done done) { start(OpType::kDelete, std::move(key), {}, std::move(done)); }
  void append(std::string key, std::string value, Done done) {
    start(OpType::kAppend, std::move(key), std::move(value), std::move(done));
  }
  // The result's value is the sum.
  void increment(std::string key, std::int64_t amount, Done done) {
    start(OpType::kIncrement, std::move(key), std::to_string(amount), std::move(done));
  }

  void receive(NodeId from, const Message& message);
  void on_timer();

  bool busy() const { return current_.has_value(); }
  NodeId leader_guess() const { return servers_[guess_]; }
  // Where the next attempt goes first (a server this clerk knows of).
  void set_leader_guess(NodeId server) { next_server(server); }
  // Gets try this server first, leader or not (with follower reads, lab 3,
  // a follower serves them); kNoNode: the presumed leader, like the rest.
  // An attempt that fails there goes on to the presumed leader.
  void set_read_server(NodeId server) { read_server_ = server; }
  std::uint64_t client_id() const { return client_id_; }
  // The session writes go in (0: none yet, or it expired).
  std::uint64_t session() const { return session_; }
  int sessions_registered() const { return sessions_registered_; }

 private:
  struct Current {
    ClientRequest request;
    Done done;
    Micros started = 0;
    int attempts = 0;
    int tries_this_round = 0;
    // Whether some attempt may have reached a server that could run it. A
    // not-leader reply proves that attempt did nothing; silence proves nothing.
    bool maybe_executed = false;
    bool waiting_to_retry = false;
    NodeId attempt_to = kNoNode;  // where the latest attempt went
    // Registering a session first (lab 5): attempts carry `register_request`.
    bool registering = false;
    history::OpId op_id = 0;
  };
  const ClientRequest& sending() const {
    return current_->registering ? register_request_ : current_->request;
  }

  void send_attempt();
  void next_server(NodeId hint);
  void retry_later();
  void finish(ClerkResult result);
  void begin_registering();
  void registered(const ClientReply& reply);

  ClerkTransport& transport_;
  std::uint64_t client_id_;
  std::vector<NodeId> servers_;
  ClerkConfig config_;
  history::HistoryRecorder* history_;
  NodeId history_client_;
  std::size_t guess_ = 0;  // index into servers_ of the presumed leader
  NodeId read_server_ = kNoNode;
  std::uint64_t next_seq_ = 1;
  std::uint64_t session_ = 0;
  int sessions_registered_ = 0;
  ClientRequest register_request_;
  std::optional<Current> current_;
};

}  // namespace store
