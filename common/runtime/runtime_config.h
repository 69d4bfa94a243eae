// Everything a node process is configured with (the node binary's flags).
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include "core/types.h"
#include "runtime/address.h"

namespace store::runtime {

struct RuntimeConfig {
  NodeId id = kNoNode;
  std::map<NodeId, HostPort> peers;  // every server of the cluster, this one included
  // Where to accept connections; unset (port 0 and empty host): this node's address in `peers`.
  HostPort listen;
  std::string cluster_id = "store";
  std::filesystem::path data_dir;

  Micros tick_interval = 10 * kMillisecond;
  // Off only for experiments: writes are then "durable" when written, and a
  // power failure may lose acknowledged writes (a kill -9 still cannot).
  bool fsync = true;

  // Frame limits. Peer frames carry batches of entries (at most about
  // RaftConfig::max_bytes_per_message beyond one entry); client frames carry
  // one request, so a client cannot put an entry too large to replicate.
  std::size_t max_peer_frame_bytes = 16u << 20;
  std::size_t max_client_frame_bytes = 1u << 20;
  // Bytes queued for one connection beyond which further messages are dropped.
  std::size_t max_peer_queue_bytes = 32u << 20;
  std::size_t max_client_queue_bytes = 8u << 20;
  std::size_t max_connections = 1024;  // inbound, all kinds together

  Micros reconnect_min = 20 * kMillisecond;
  Micros reconnect_max = kSecond;
  Micros handshake_timeout = 5 * kSecond;  // for the Hello of an inbound connection

  // Above 0: also speak RESP (Redis clients) on this node's port in `peers`
  // plus this offset, and name the leader's port plus the offset in redirects.
  int resp_port_offset = 0;

  bool trace = false;           // log the node's Env::trace lines
  std::string read_path;        // shown by status
  bool handle_signals = false;  // SIGTERM / SIGINT stop the node cleanly

  // Tests only: runs on the sync thread before each fdatasync.
  std::function<void()> before_sync;
};

}  // namespace store::runtime
