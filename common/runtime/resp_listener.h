// store-node's RESP port (node option --resp-port-offset): Redis clients
// (redis-cli, redis-benchmark) speak to the node directly. GET, SET and DEL
// become the node's ClientRequests, as a clerk's would, one at a time per
// connection, so that a pipeline keeps its order; PING, ECHO, QUIT, SELECT 0
// and the probes clients send on connecting (COMMAND, CONFIG GET, CLIENT)
// are answered here.
//
// A node that does not lead answers a write (or, on the leader-only read
// paths, a read) with a redirect in Redis Cluster's form,
//   -MOVED <slot> <leader host>:<leader RESP port>
// which `redis-cli -c` follows by itself; -CLUSTERDOWN when no leader is
// known, -TRYAGAIN when leadership changed under a write (it may or may not
// have happened), -TIMEOUT when the node gave no answer in 5 s.
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/types.h"
#include "protocol/messages.h"
#include "runtime/address.h"
#include "runtime/logger.h"

namespace store::runtime {

struct RespHooks {
  std::function<NodeId()> new_endpoint;  // an endpoint id for a new connection (>= kFirstClientId)
  std::function<void(NodeId endpoint, ClientRequest request)> submit;  // to the node, as one step
  std::function<std::optional<HostPort>()> leader_resp_address;        // where to redirect, if known
};

class RespListener {
 public:
  RespListener(asio::io_context& io, RespHooks hooks, const Logger& log, std::size_t max_request_bytes);
  ~RespListener();
  RespListener(const RespListener&) = delete;
  RespListener& operator=(const RespListener&) = delete;

  // Throws std::system_error when the address cannot be bound.
  void listen(const HostPort& address);
  int port() const;
  void stop();

  // Whether the endpoint is one of this listener's connections; if so, hands it the node's reply.
  bool owns(NodeId endpoint) const { return sessions_.count(endpoint) != 0; }
  void deliver(NodeId endpoint, const ClientReply& reply);

 private:
  class Session;
  void accept_next();

  asio::io_context& io_;
  RespHooks hooks_;
  const Logger& log_;
  std::size_t max_request_bytes_;
  asio::ip::tcp::acceptor acceptor_;
  std::map<NodeId, std::shared_ptr<Session>> sessions_;
};

}  // namespace store::runtime
