// NodeHost's connections: accepting, handshakes, frames from peers and
// clients, and the admin requests the runtime answers itself.
#include "protocol/codec.h"
#include "runtime/internal/host_impl.h"

namespace store::runtime {

namespace {

// What a server may send another: everything but the client messages.
bool is_raft_message(const Message& m) {
  return !std::holds_alternative<ClientRequest>(m) && !std::holds_alternative<ClientReply>(m);
}

std::string ids_text(const std::set<NodeId>& ids) {
  std::string text;
  for (NodeId id : ids) text += (text.empty() ? "" : ",") + std::to_string(id);
  return text.empty() ? "none" : text;
}

std::string endpoint_text(const asio::ip::tcp::socket& socket) {
  asio::error_code error;
  const auto remote = socket.remote_endpoint(error);
  if (error) return "an unknown address";
  return remote.address().to_string() + ":" + std::to_string(remote.port());
}

}  // namespace

// ---------------------------------------------------------------- connections

void NodeHost::Impl::accept_next() {
  acceptor_.async_accept([this](asio::error_code error, asio::ip::tcp::socket socket) {
    if (stopping_ || error == asio::error::operation_aborted) return;
    if (error) {
      // Out of descriptors, most likely: wait a little rather than spin.
      log_.warn("accept failed: " + error.message());
      auto timer = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds(100));
      timer->async_wait([this, timer](asio::error_code) {
        if (!stopping_) accept_next();
      });
      return;
    }
    on_accept(std::move(socket));
    accept_next();
  });
}

void NodeHost::Impl::on_accept(asio::ip::tcp::socket socket) {
  const std::string address = endpoint_text(socket);
  if (inbound_.size() >= config_.max_connections) {
    log_.warn("refused a connection from " + address + ": already " + std::to_string(inbound_.size()) +
              " connections (the limit)");
    asio::error_code ignored;
    socket.close(ignored);
    return;
  }
  const std::uint64_t key = next_inbound_key_++;
  auto connection = std::make_shared<Connection>(std::move(socket), config_.max_client_frame_bytes,
                                                 config_.max_client_queue_bytes, "connection from " + address);
  Inbound& in = inbound_[key];
  in.connection = connection;
  in.address = address;
  in.handshake_timer = std::make_unique<asio::steady_timer>(io_);
  in.handshake_timer->expires_after(std::chrono::microseconds(config_.handshake_timeout));
  in.handshake_timer->async_wait([this, key](asio::error_code error) {
    if (error) return;
    auto it = inbound_.find(key);
    if (it != inbound_.end() && !it->second.identified) {
      drop_inbound(key, "no Hello within " + std::to_string(config_.handshake_timeout / kMillisecond) + " ms");
    }
  });
  connection->start([this, key](std::string_view payload) { on_inbound_frame(key, payload); },
                    [this, key](const std::string& reason) { on_inbound_closed(key, reason); });
}

std::string NodeHost::Impl::describe(const Inbound& in) const {
  if (!in.identified) return "connection from " + in.address;
  return (in.kind == EndpointKind::kPeer ? "peer " : "client ") + std::to_string(in.id) + " (" + in.address + ")";
}

void NodeHost::Impl::on_inbound_frame(std::uint64_t key, std::string_view payload) {
  auto it = inbound_.find(key);
  if (it == inbound_.end() || stopping_) return;
  Payload decoded;
  try {
    decoded = decode_payload(payload);
  } catch (const DecodeError& e) {
    drop_inbound(key, std::string("malformed payload: ") + e.what());
    return;
  }
  Inbound& in = it->second;
  if (!in.identified) {
    handshake(key, in, decoded);
    return;
  }
  const NodeId from = in.id;
  if (in.kind == EndpointKind::kPeer) {
    auto* message = std::get_if<Message>(&decoded);
    if (message == nullptr || !is_raft_message(*message)) {
      const std::string what =
          message != nullptr ? std::string(message_name(*message)) : std::string(kind_name(kind_of(decoded)));
      drop_inbound(key, "sent a " + what + "; a peer connection carries only Raft messages");
      return;
    }
    if (dropping_.count(from) != 0) return;  // partitioned away by an admin
    receive_from_peer(from, std::move(*message));
    return;
  }
  if (const auto* message = std::get_if<Message>(&decoded)) {
    if (!std::holds_alternative<ClientRequest>(*message)) {
      drop_inbound(key, "sent a " + std::string(message_name(*message)) + "; clients send ClientRequest");
      return;
    }
    Micros delay = 0;
    if (delayed(kClientsIn, delay)) {
      delay_line(kClientsIn).after(delay, [this, from, request = *message] { step([&] { node_->receive(from, request); }); });
      return;
    }
    step([&] { node_->receive(from, *message); });
    return;
  }
  if (const auto* admin = std::get_if<AdminRequest>(&decoded)) {
    const AdminReply reply = handle_admin(*admin);
    // The step-free admin path may race nothing: it runs on the loop like everything else.
    if (auto again = inbound_.find(key); again != inbound_.end()) {
      again->second.connection->send(encode_frame(reply, config_.max_peer_frame_bytes));
    }
    return;
  }
  drop_inbound(key, "sent an unexpected " + std::string(kind_name(kind_of(decoded))) + " frame");
}

void NodeHost::Impl::handshake(std::uint64_t key, Inbound& in, const Payload& payload) {
  const auto* hello = std::get_if<Hello>(&payload);
  if (hello == nullptr) {
    refuse(key, "the first frame must be a Hello, not a " + std::string(kind_name(kind_of(payload))));
    return;
  }
  if (hello->version != kWireVersion) {
    refuse(key, "protocol version " + std::to_string(hello->version) + ", this node speaks version " +
                    std::to_string(kWireVersion));
    return;
  }
  if (hello->cluster != config_.cluster_id) {
    refuse(key, "wrong cluster: this is node " + std::to_string(config_.id) + " of cluster '" + config_.cluster_id +
                    "', the Hello is for cluster '" + hello->cluster + "'");
    return;
  }
  if (hello->kind == EndpointKind::kPeer) {
    if (config_.peers.count(hello->node) == 0 || hello->node == config_.id) {
      refuse(key, "node " + std::to_string(hello->node) + " is not a peer of node " + std::to_string(config_.id) +
                      " (its peers: " + format_peers(config_.peers) + ")");
      return;
    }
    // A peer that reconnects replaces its old connection (which may be half-dead).
    for (auto other = inbound_.begin(); other != inbound_.end();) {
      if (other->first != key && other->second.identified && other->second.kind == EndpointKind::kPeer &&
          other->second.id == hello->node) {
        other->second.connection->close();
        other = inbound_.erase(other);
      } else {
        ++other;
      }
    }
    in.id = hello->node;
    in.connection->set_max_frame(config_.max_peer_frame_bytes);
    if (auto link = links_.find(hello->node); link != links_.end()) link->second->peer_is_back();
  } else {
    in.id = next_client_id_++;
    clients_[in.id] = key;
  }
  in.identified = true;
  in.kind = hello->kind;
  in.handshake_timer.reset();
  in.connection->set_name(describe(in));
  in.connection->send(
      encode_frame(Welcome{.cluster = config_.cluster_id, .node = config_.id}, config_.max_peer_frame_bytes));
}

void NodeHost::Impl::on_inbound_closed(std::uint64_t key, const std::string& reason) {
  auto it = inbound_.find(key);
  if (it == inbound_.end()) return;
  const Inbound& in = it->second;
  // Clients come and go; only damage and lost peers are worth a line.
  if (reason.rfind("malformed", 0) == 0) {
    log_.warn("closed " + describe(in) + ": " + reason);
  } else if (in.identified && in.kind == EndpointKind::kPeer) {
    log_.info("connection from " + describe(in) + " ended: " + reason);
  }
  if (in.identified && in.kind == EndpointKind::kClient) clients_.erase(in.id);
  inbound_.erase(it);
}

void NodeHost::Impl::drop_inbound(std::uint64_t key, const std::string& reason) {
  auto it = inbound_.find(key);
  if (it == inbound_.end()) return;
  log_.warn("closing " + describe(it->second) + ": " + reason);
  it->second.connection->close();
  if (it->second.identified && it->second.kind == EndpointKind::kClient) clients_.erase(it->second.id);
  inbound_.erase(it);
}

void NodeHost::Impl::refuse(std::uint64_t key, const std::string& reason) {
  auto it = inbound_.find(key);
  if (it == inbound_.end()) return;
  log_.warn("refused " + describe(it->second) + ": " + reason);
  it->second.connection->send(encode_frame(Refused{.reason = reason}, config_.max_peer_frame_bytes));
  it->second.connection->close_after_flush();
  inbound_.erase(it);
}

AdminReply NodeHost::Impl::handle_admin(const AdminRequest& request) {
  AdminReply reply{.request_id = request.request_id, .node = config_.id, .read_path = config_.read_path};
  switch (request.op) {
    case AdminOp::kStatus: break;
    case AdminOp::kDropTraffic: {
      std::set<NodeId> peers;
      for (NodeId peer : request.peers) {
        if (config_.peers.count(peer) == 0 || peer == config_.id) {
          reply.ok = false;
          reply.error = "node " + std::to_string(peer) + " is not a peer of node " + std::to_string(config_.id);
          break;
        }
        peers.insert(peer);
      }
      if (reply.ok) {
        dropping_ = peers;
        log_.info("admin: dropping all traffic to and from peers " + ids_text(dropping_));
      }
      break;
    }
    case AdminOp::kHeal:
      if (!dropping_.empty()) log_.info("admin: no longer dropping traffic (was: peers " + ids_text(dropping_) + ")");
      if (!delays_.empty()) log_.info("admin: no longer delaying traffic");
      dropping_.clear();
      delays_.clear();
      break;
    case AdminOp::kDelayTraffic: set_delays(request, reply); break;
  }
  try {
    reply.status = node_->status();
  } catch (const std::exception& e) {
    reply.ok = false;
    reply.error = std::string("status() failed: ") + e.what();
  }
  reply.dropping.assign(dropping_.begin(), dropping_.end());
  for (const auto& [link, delay] : delays_) reply.delays.push_back(delay);
  for (const auto& [id, link] : links_) {
    if (link->ready()) reply.connected_peers.push_back(id);
  }
  reply.writes = storage_->writes();
  reply.syncs = syncs_;
  reply.uptime_ms = (steady_micros() - started_at_) / kMillisecond;
  return reply;
}

void NodeHost::Impl::start_resp() {
  const auto resp_address = [this](NodeId id) {
    HostPort address = config_.peers.at(id);
    address.port = static_cast<std::uint16_t>(address.port + config_.resp_port_offset);
    return address;
  };
  const HostPort own = resp_address(config_.id);
  if (config_.peers.at(config_.id).port + config_.resp_port_offset > 65535) {
    throw StartupError(kExitUsage, "--resp-port-offset " + std::to_string(config_.resp_port_offset) +
                                       " puts the RESP port above 65535");
  }
  resp_ = std::make_unique<RespListener>(
      io_,
      RespHooks{.new_endpoint = [this] { return next_client_id_++; },
                .submit = [this](NodeId endpoint,
                                 ClientRequest request) { step([&] { node_->receive(endpoint, Message(request)); }); },
                .leader_resp_address = [this, resp_address]() -> std::optional<HostPort> {
                  const NodeId leader = node_->status().leader_hint;
                  if (leader == kNoNode || config_.peers.count(leader) == 0) return std::nullopt;
                  return resp_address(leader);
                }},
      log_, config_.max_client_frame_bytes);
  try {
    resp_->listen(own);
  } catch (const std::system_error& e) {
    throw StartupError(e.code() == asio::error::address_in_use ? kExitAddressInUse : kExitUsage,
                       "cannot listen for RESP on " + own.text() + ": " + e.code().message());
  }
  log_.info("speaking RESP (redis-cli -p " + std::to_string(own.port) + ") on " + own.text());
}

void NodeHost::Impl::set_delays(const AdminRequest& request, AdminReply& reply) {
  constexpr std::int64_t kMaxDelay = 10 * kSecond;
  if (request.delay_us < 0 || request.delay_us > kMaxDelay || request.jitter_us < 0 ||
      request.jitter_us > kMaxDelay) {
    reply.ok = false;
    reply.error = "a delay and its jitter must be in 0..10 s";
    return;
  }
  std::vector<NodeId> links;
  for (NodeId peer : request.peers) {
    if (config_.peers.count(peer) == 0 || peer == config_.id) {
      reply.ok = false;
      reply.error = "node " + std::to_string(peer) + " is not a peer of node " + std::to_string(config_.id);
      return;
    }
    links.push_back(peer);
  }
  if (request.clients) links.push_back(kClientsOut);
  for (NodeId link : links) {
    if (request.delay_us == 0 && request.jitter_us == 0) {
      delays_.erase(link);
    } else {
      delays_[link] = LinkDelay{.to = link, .delay_us = request.delay_us, .jitter_us = request.jitter_us};
    }
  }
  log_.info("admin: delaying traffic to " + (request.peers.empty() ? std::string() : "peers " + ids_text(std::set<NodeId>(request.peers.begin(), request.peers.end()))) +
            (request.clients ? (request.peers.empty() ? "clients" : " and clients (both ways)") : "") + " by " +
            std::to_string(request.delay_us) + " us + up to " + std::to_string(request.jitter_us) + " us");
}

}  // namespace store::runtime
