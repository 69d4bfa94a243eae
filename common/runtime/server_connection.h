// A client's connection to one server of the cluster: connects on first use,
// says Hello as a client, and hands back the replies. Used by the clerk's TCP
// transport (clerk_transport.h) and by admin requests (admin_client.h).
//
// Frames sent before the connection is up wait for it; if it cannot be made,
// or the server refuses or closes it, they are dropped and the error handler
// says why. The next send tries again.
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/types.h"
#include "runtime/address.h"
#include "runtime/connection.h"
#include "runtime/wire.h"

namespace store::runtime {

// Client frames: requests are bounded like the node's client frames; replies
// (a get's value) may be larger.
inline constexpr std::size_t kClientRequestLimit = 1u << 20;
inline constexpr std::size_t kClientReplyLimit = 16u << 20;

class ServerConnection {
 public:
  struct Handlers {
    std::function<void(const Message&)> on_message;
    std::function<void(const AdminReply&)> on_admin_reply;
    std::function<void(const std::string& error)> on_error;
  };

  ServerConnection(asio::io_context& io, NodeId server, HostPort address, std::string cluster, Handlers handlers);
  ~ServerConnection();
  ServerConnection(const ServerConnection&) = delete;
  ServerConnection& operator=(const ServerConnection&) = delete;

  // Throws FrameError when the payload is over the request limit.
  void send(const Payload& payload);
  void close();
  NodeId server() const { return server_; }
  const HostPort& address() const { return address_; }

 private:
  void connect();
  void on_connected(asio::error_code error, std::shared_ptr<asio::ip::tcp::socket> socket, std::uint64_t generation);
  void on_frame(std::string_view payload);
  void failed(const std::string& reason);

  asio::io_context& io_;
  NodeId server_;
  HostPort address_;
  std::string cluster_;
  Handlers handlers_;
  enum class State : std::uint8_t { kIdle, kConnecting, kOpen } state_ = State::kIdle;
  std::shared_ptr<Connection> connection_;
  std::vector<std::string> waiting_;  // frames queued while connecting
  std::uint64_t generation_ = 0;
  // Resolve and connect handlers may run after this object is gone (an admin
  // call that timed out, a clerk replaced): they check this first.
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace store::runtime
