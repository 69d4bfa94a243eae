// The clerk (clerk/clerk.h) over TCP: one connection per server, opened on
// first use, and an Asio timer. The CLI and the load generator drive clerks
// through it; several can share one event loop.
#pragma once

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <map>
#include <memory>
#include <string>

#include "clerk/clerk.h"
#include "runtime/address.h"
#include "runtime/clock.h"
#include "runtime/server_connection.h"

namespace store::runtime {

class TcpClerkTransport final : public ClerkTransport {
 public:
  TcpClerkTransport(asio::io_context& io, const std::map<NodeId, HostPort>& servers, const std::string& cluster);
  ~TcpClerkTransport() override;

  // The clerk that receives replies and timer expiries.
  void attach(Clerk* clerk) { clerk_ = clerk; }
  void close();

  Micros now() const override { return steady_micros(); }
  void send(NodeId to, Message message) override;
  void set_timer(Micros delay) override;

  // The last connection error seen for each server (empty when none).
  const std::map<NodeId, std::string>& errors() const { return errors_; }

 private:
  void on_connection_error(NodeId server, const std::string& error);
  void arm(Micros delay);

  asio::steady_timer timer_;
  Clerk* clerk_ = nullptr;
  // Fail fast: the clerk arms its timer right after each attempt. When the
  // connection for that attempt fails (refused, reset), nothing will answer,
  // so the timer fires at once instead of waiting out the attempt timeout.
  NodeId last_send_ = kNoNode;
  NodeId attempt_timer_for_ = kNoNode;
  // Numbers the timer's settings: a handler already queued when the timer
  // was set again or disarmed must not fire for the new setting.
  std::uint64_t timer_generation_ = 0;
  std::map<NodeId, std::unique_ptr<ServerConnection>> connections_;
  std::map<NodeId, std::string> errors_;
};

}  // namespace store::runtime
