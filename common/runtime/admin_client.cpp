#include "runtime/admin_client.h"

#include <asio/steady_timer.hpp>
#include <memory>

#include "runtime/server_connection.h"

namespace store::runtime {

namespace {

// One request in flight: the connection, its timeout, and whether it is over.
struct AdminCall : std::enable_shared_from_this<AdminCall> {
  AdminCall(asio::io_context& io, std::function<void(AdminResult)> callback) : timer(io), done(std::move(callback)) {}

  void finish(AdminResult result) {
    if (finished) return;
    finished = true;
    timer.cancel();
    // Closing from inside the connection's own handler is fine; destroying
    // it is not: let the loop drop it later.
    if (connection) connection->close();
    auto callback = std::move(done);
    callback(std::move(result));
  }

  asio::steady_timer timer;
  std::unique_ptr<ServerConnection> connection;
  std::function<void(AdminResult)> done;
  bool finished = false;
};

}  // namespace

void admin_async(asio::io_context& io, NodeId node, const HostPort& address, const std::string& cluster,
                 AdminRequest request, Micros timeout, std::function<void(AdminResult)> done) {
  auto call = std::make_shared<AdminCall>(io, std::move(done));
  const std::weak_ptr<AdminCall> weak = call;
  call->connection = std::make_unique<ServerConnection>(
      io, node, address, cluster,
      ServerConnection::Handlers{.on_message = nullptr,
                                 .on_admin_reply =
                                     [weak](const AdminReply& reply) {
                                       if (auto c = weak.lock()) c->finish({.reply = reply, .error = {}});
                                     },
                                 .on_error =
                                     [weak](const std::string& error) {
                                       if (auto c = weak.lock()) c->finish({.reply = std::nullopt, .error = error});
                                     }});
  call->timer.expires_after(std::chrono::microseconds(timeout));
  // The timer's handler owns the call until the end.
  call->timer.async_wait([call, timeout](asio::error_code) {
    call->finish(
        {.reply = std::nullopt, .error = "no answer within " + std::to_string(timeout / kMillisecond) + " ms"});
  });
  call->connection->send(request);
}

AdminResult admin_call(NodeId node, const HostPort& address, const std::string& cluster, AdminRequest request,
                       Micros timeout) {
  asio::io_context io;
  AdminResult result;
  admin_async(io, node, address, cluster, std::move(request), timeout,
              [&result](AdminResult r) { result = std::move(r); });
  io.run();
  return result;
}

}  // namespace store::runtime
