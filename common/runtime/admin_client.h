// Admin requests to one node (status, drop-traffic, heal), as the CLI and
// the live tests send them.
#pragma once

#include <asio/io_context.hpp>
#include <functional>
#include <optional>
#include <string>

#include "core/types.h"
#include "runtime/address.h"
#include "runtime/wire.h"

namespace store::runtime {

struct AdminResult {
  std::optional<AdminReply> reply;  // set when the node answered
  std::string error;                // otherwise: why not
};

// Sends one request on `io` and calls `done` once, with the reply or the
// error (including a timeout). The caller runs the loop.
void admin_async(asio::io_context& io, NodeId node, const HostPort& address, const std::string& cluster,
                 AdminRequest request, Micros timeout, std::function<void(AdminResult)> done);

// The same on a private loop, blocking until done.
AdminResult admin_call(NodeId node, const HostPort& address, const std::string& cluster, AdminRequest request,
                       Micros timeout = kSecond);

}  // namespace store::runtime
