// The real runtime: one node (the unchanged lab code) hosted in one process,
// on one single-threaded Asio event loop, with TCP to its peers and clients
// and a disk log.
//
// It honours the Env contract exactly as the simulator does:
//  - now() is a steady clock in microseconds; rng() is seeded once per process;
//  - tick() every RuntimeConfig::tick_interval of that clock;
//  - Env::send and Env::apply go into one ordered output queue
//    (durability_queues.h); an item leaves once every storage write made
//    before it is durable. A sync thread (syncer.h) runs one fdatasync at a
//    time, covering every write made before it started (group commit);
//  - except AppendEntries, which leaves at once: the leader writes its
//    entries in parallel with its followers (Raft dissertation, 10.2.1).
//    In exchange, a message from a peer reaches the node only once every
//    write made before it arrived is durable, so a leader reading an
//    acknowledgement already has its own copy on disk and may count itself;
//  - on_apply runs after the handler that called apply() has returned, in
//    order, as its own step;
//  - exactly one handler runs at a time; the node is never called from two threads.
//
// Connections: each node dials every peer and sends its Raft messages on
// that connection (peer_link.h); it receives on the connections its peers
// dial. Clients connect, say Hello, and get an endpoint id >= kFirstClientId
// for the node to reply to. Admin requests (status, drop-traffic, heal) are
// answered here, never by the node. Anything malformed closes that one
// connection with a logged reason; the node keeps serving.
#pragma once

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "node/env.h"
#include "node/node.h"
#include "runtime/logger.h"
#include "runtime/runtime_config.h"

namespace store::runtime {

using NodeFactory = std::function<std::unique_ptr<Node>(Env& env)>;

// Why a node could not start, and the process exit code that says so:
// 1 the node's code failed, 2 bad configuration or data directory, 3 the
// listen address is taken.
class StartupError : public std::runtime_error {
 public:
  StartupError(int exit_code, const std::string& message) : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitAddressInUse = 3;

class NodeHost {
 public:
  NodeHost(RuntimeConfig config, NodeFactory factory, Logger log);
  ~NodeHost();
  NodeHost(const NodeHost&) = delete;
  NodeHost& operator=(const NodeHost&) = delete;

  // Opens the data directory and the log, listens, builds the node and starts
  // connecting. Throws StartupError.
  void start();
  // Runs the event loop until the node stops; returns the exit code (0 after
  // a clean stop, 1 when the node or its storage failed).
  int run();
  // Stops the node cleanly (a final sync, then the loop ends). Any thread.
  void request_stop();

  // The port accepting connections (useful with a listen port of 0).
  int listen_port() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace store::runtime
