#include "runtime/server_connection.h"

#include <asio/connect.hpp>

#include "protocol/codec.h"

namespace store::runtime {

ServerConnection::ServerConnection(asio::io_context& io, NodeId server, HostPort address, std::string cluster,
                                   Handlers handlers)
    : io_(io),
      server_(server),
      address_(std::move(address)),
      cluster_(std::move(cluster)),
      handlers_(std::move(handlers)) {}

ServerConnection::~ServerConnection() { close(); }

void ServerConnection::close() {
  ++generation_;
  if (connection_) connection_->close();
  connection_.reset();
  waiting_.clear();
  state_ = State::kIdle;
}

void ServerConnection::send(const Payload& payload) {
  std::string frame = encode_frame(payload, kClientRequestLimit);
  switch (state_) {
    case State::kOpen: connection_->send(std::move(frame)); return;
    case State::kConnecting: waiting_.push_back(std::move(frame)); return;
    case State::kIdle:
      waiting_.push_back(std::move(frame));
      connect();
      return;
  }
}

void ServerConnection::connect() {
  state_ = State::kConnecting;
  const std::uint64_t generation = ++generation_;
  auto socket = std::make_shared<asio::ip::tcp::socket>(io_);
  auto resolver = std::make_shared<asio::ip::tcp::resolver>(io_);
  const std::weak_ptr<int> alive = alive_;
  resolver->async_resolve(address_.host, std::to_string(address_.port),
                          [this, alive, generation, socket, resolver](asio::error_code error,
                                                                      asio::ip::tcp::resolver::results_type results) {
                            if (alive.expired() || generation != generation_) return;
                            if (error) {
                              on_connected(error, socket, generation);
                              return;
                            }
                            asio::async_connect(*socket, results,
                                                [this, alive, generation, socket](asio::error_code connect_error,
                                                                                  const asio::ip::tcp::endpoint&) {
                                                  if (!alive.expired() && generation == generation_) {
                                                    on_connected(connect_error, socket, generation);
                                                  }
                                                });
                          });
}

void ServerConnection::on_connected(asio::error_code error, std::shared_ptr<asio::ip::tcp::socket> socket,
                                    std::uint64_t generation) {
  if (error) {
    failed("cannot connect to " + address_.text() + ": " + error.message());
    return;
  }
  connection_ = std::make_shared<Connection>(std::move(*socket), kClientReplyLimit, 64u << 20,
                                             "server " + std::to_string(server_));
  state_ = State::kOpen;
  connection_->start(
      [this, generation](std::string_view payload) {
        if (generation == generation_) on_frame(payload);
      },
      [this, generation](const std::string& reason) {
        if (generation == generation_) failed("connection to " + address_.text() + " " + reason);
      });
  connection_->send(encode_frame(Hello{.cluster = cluster_, .kind = EndpointKind::kClient}, kClientRequestLimit));
  for (std::string& frame : waiting_) connection_->send(std::move(frame));
  waiting_.clear();
}

void ServerConnection::on_frame(std::string_view payload) {
  Payload decoded;
  try {
    decoded = decode_payload(payload);
  } catch (const DecodeError& e) {
    failed("server " + std::to_string(server_) + " sent a malformed frame: " + e.what());
    return;
  }
  if (const auto* message = std::get_if<Message>(&decoded)) {
    if (handlers_.on_message) handlers_.on_message(*message);
  } else if (const auto* reply = std::get_if<AdminReply>(&decoded)) {
    if (handlers_.on_admin_reply) handlers_.on_admin_reply(*reply);
  } else if (const auto* refused = std::get_if<Refused>(&decoded)) {
    failed("server " + std::to_string(server_) + " at " + address_.text() +
           " refused the connection: " + refused->reason);
  } else if (const auto* welcome = std::get_if<Welcome>(&decoded)) {
    if (welcome->node != server_) {
      failed("the server at " + address_.text() + " is node " + std::to_string(welcome->node) + ", not node " +
             std::to_string(server_) + " (check the server list)");
    }
  }
}

void ServerConnection::failed(const std::string& reason) {
  close();
  if (handlers_.on_error) handlers_.on_error(reason);
}

}  // namespace store::runtime
