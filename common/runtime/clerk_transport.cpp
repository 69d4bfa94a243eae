#include "runtime/clerk_transport.h"

#include <chrono>

namespace store::runtime {

TcpClerkTransport::TcpClerkTransport(asio::io_context& io, const std::map<NodeId, HostPort>& servers,
                                     const std::string& cluster)
    : timer_(io) {
  for (const auto& [id, address] : servers) {
    const NodeId server = id;
    connections_[id] = std::make_unique<ServerConnection>(
        io, id, address, cluster,
        ServerConnection::Handlers{
            .on_message =
                [this, server](const Message& message) {
                  errors_.erase(server);
                  if (clerk_ != nullptr) clerk_->receive(server, message);
                },
            .on_admin_reply = nullptr,
            .on_error = [this, server](const std::string& error) { on_connection_error(server, error); }});
  }
}

TcpClerkTransport::~TcpClerkTransport() { close(); }

void TcpClerkTransport::close() {
  timer_.cancel();
  for (auto& [id, connection] : connections_) connection->close();
}

void TcpClerkTransport::send(NodeId to, Message message) {
  last_send_ = to;
  auto it = connections_.find(to);
  if (it == connections_.end()) return;  // the clerk only knows our servers; nothing else to reach
  try {
    it->second->send(Payload(std::in_place_type<Message>, std::move(message)));
  } catch (const std::exception& e) {
    errors_[to] = e.what();
  }
}

void TcpClerkTransport::set_timer(Micros delay) {
  attempt_timer_for_ = last_send_;
  last_send_ = kNoNode;
  arm(delay);
}

void TcpClerkTransport::arm(Micros delay) {
  const std::uint64_t generation = ++timer_generation_;
  timer_.cancel();
  if (delay < 0) return;
  timer_.expires_after(std::chrono::microseconds(delay));
  timer_.async_wait([this, generation](asio::error_code error) {
    if (!error && generation == timer_generation_ && clerk_ != nullptr) clerk_->on_timer();
  });
}

void TcpClerkTransport::on_connection_error(NodeId server, const std::string& error) {
  errors_[server] = error;
  if (attempt_timer_for_ != server) return;
  attempt_timer_for_ = kNoNode;
  arm(0);  // the armed attempt timer expires now (from the loop, not inside this callback)
}

}  // namespace store::runtime
