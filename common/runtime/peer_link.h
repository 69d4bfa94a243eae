// This node's outgoing connection to one peer: it connects, says Hello,
// checks the Welcome, carries this node's Raft messages to that peer, and
// reconnects with exponential backoff (and jitter) whenever the connection
// fails. Messages sent while it is down are dropped: Raft retransmits.
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <memory>
#include <string>

#include "core/rng.h"
#include "core/types.h"
#include "runtime/address.h"
#include "runtime/connection.h"
#include "runtime/logger.h"

namespace store::runtime {

struct PeerLinkConfig {
  NodeId self = kNoNode;
  NodeId peer = kNoNode;
  HostPort address;
  std::string cluster;
  std::size_t max_frame = 0;
  std::size_t max_queue_bytes = 0;
  Micros backoff_min = 20 * kMillisecond;
  Micros backoff_max = kSecond;
};

class PeerLink {
 public:
  PeerLink(asio::io_context& io, PeerLinkConfig config, Rng& rng, const Logger& log);
  ~PeerLink();

  void start();
  void stop();
  // Queues a frame for the peer; false when it is not connected or the
  // connection's queue is full.
  bool send(std::string frame);
  // The peer has just connected to us, so it is up: if this link is waiting
  // out a backoff, connect now instead of leaving it deaf to our heartbeats
  // until the backoff ends (long enough, after an outage, to time out and
  // start an election that disrupts the cluster).
  void peer_is_back();
  // Connected and welcomed by the right node.
  bool ready() const { return welcomed_ && connection_ && connection_->is_open(); }
  std::uint64_t dropped() const { return dropped_; }

 private:
  void connect();
  void on_connected(asio::error_code error, std::shared_ptr<asio::ip::tcp::socket> socket);
  void on_frame(std::string_view payload);
  void lost(const std::string& reason);
  void schedule_reconnect();

  asio::io_context& io_;
  PeerLinkConfig config_;
  Rng& rng_;
  const Logger& log_;
  asio::steady_timer timer_;
  std::shared_ptr<Connection> connection_;
  std::uint64_t generation_ = 0;  // tells a stale callback from the current attempt
  int failures_ = 0;              // in a row, for the backoff
  bool backing_off_ = false;      // waiting for the timer before the next attempt
  bool welcomed_ = false;
  bool reported_down_ = false;  // one log line per outage, not one per attempt
  bool stopped_ = true;
  std::uint64_t dropped_ = 0;
  std::string endpoint_text_;
};

}  // namespace store::runtime
