#include "runtime/peer_link.h"

#include <algorithm>
#include <asio/connect.hpp>

#include "protocol/codec.h"
#include "runtime/wire.h"

namespace store::runtime {

namespace {

constexpr Micros kConnectTimeout = 2 * kSecond;

}  // namespace

PeerLink::PeerLink(asio::io_context& io, PeerLinkConfig config, Rng& rng, const Logger& log)
    : io_(io), config_(std::move(config)), rng_(rng), log_(log), timer_(io), endpoint_text_(config_.address.text()) {}

PeerLink::~PeerLink() { stop(); }

void PeerLink::start() {
  stopped_ = false;
  connect();
}

void PeerLink::stop() {
  stopped_ = true;
  ++generation_;
  timer_.cancel();
  if (connection_) connection_->close();
  connection_.reset();
  welcomed_ = false;
}

bool PeerLink::send(std::string frame) {
  if (!ready() || !connection_->send(std::move(frame))) {
    ++dropped_;
    return false;
  }
  return true;
}

void PeerLink::connect() {
  if (stopped_) return;
  backing_off_ = false;
  const std::uint64_t generation = ++generation_;
  auto socket = std::make_shared<asio::ip::tcp::socket>(io_);
  auto resolver = std::make_shared<asio::ip::tcp::resolver>(io_);
  // A connection attempt to an address that never answers would otherwise
  // wait for the kernel's SYN retries (minutes).
  timer_.expires_after(std::chrono::microseconds(kConnectTimeout));
  timer_.async_wait([this, generation, socket](asio::error_code error) {
    if (error || generation != generation_ || connection_) return;
    asio::error_code ignored;
    socket->close(ignored);
  });
  resolver->async_resolve(
      config_.address.host, std::to_string(config_.address.port),
      [this, generation, socket, resolver](asio::error_code error, asio::ip::tcp::resolver::results_type results) {
        if (generation != generation_) return;
        if (error) {
          on_connected(error, socket);
          return;
        }
        asio::async_connect(*socket, results,
                            [this, generation, socket](asio::error_code connect_error, const asio::ip::tcp::endpoint&) {
                              if (generation != generation_) return;
                              on_connected(connect_error, socket);
                            });
      });
}

void PeerLink::on_connected(asio::error_code error, std::shared_ptr<asio::ip::tcp::socket> socket) {
  timer_.cancel();
  if (error) {
    lost("cannot connect: " + (error == asio::error::operation_aborted ? std::string("timed out") : error.message()));
    return;
  }
  connection_ = std::make_shared<Connection>(std::move(*socket), config_.max_frame, config_.max_queue_bytes,
                                             "peer " + std::to_string(config_.peer) + " (" + endpoint_text_ + ")");
  const std::uint64_t generation = generation_;
  connection_->start(
      [this, generation](std::string_view payload) {
        if (generation == generation_) on_frame(payload);
      },
      [this, generation](const std::string& reason) {
        if (generation == generation_) lost(reason);
      });
  connection_->send(encode_frame(Hello{.cluster = config_.cluster, .kind = EndpointKind::kPeer, .node = config_.self},
                                 config_.max_frame));
}

void PeerLink::on_frame(std::string_view payload) {
  Payload decoded;
  try {
    decoded = decode_payload(payload);
  } catch (const DecodeError& e) {
    connection_->close();
    lost(std::string("sent a malformed frame: ") + e.what());
    return;
  }
  if (const auto* refused = std::get_if<Refused>(&decoded)) {
    connection_->close();
    lost("refused us: " + refused->reason);
    return;
  }
  const auto* welcome = std::get_if<Welcome>(&decoded);
  if (welcome == nullptr || welcomed_) {
    connection_->close();
    lost("sent an unexpected " + std::string(kind_name(kind_of(decoded))) + " frame on our outgoing connection");
    return;
  }
  if (welcome->cluster != config_.cluster || welcome->node != config_.peer) {
    connection_->close();
    lost("the node at " + endpoint_text_ + " is node " + std::to_string(welcome->node) + " of cluster '" +
         welcome->cluster + "', expected node " + std::to_string(config_.peer) + " of cluster '" + config_.cluster +
         "' (check --peers)");
    return;
  }
  welcomed_ = true;
  failures_ = 0;
  reported_down_ = false;
  log_.info("connected to peer " + std::to_string(config_.peer) + " at " + endpoint_text_);
}

void PeerLink::lost(const std::string& reason) {
  if (stopped_) return;
  if (!reported_down_) {
    log_.info((welcomed_ ? "lost peer " : "cannot reach peer ") + std::to_string(config_.peer) + " at " +
              endpoint_text_ + ": " + reason + " (retrying with backoff)");
    reported_down_ = true;
  }
  welcomed_ = false;
  if (connection_) connection_->close();
  connection_.reset();
  ++failures_;
  schedule_reconnect();
}

void PeerLink::peer_is_back() {
  if (stopped_ || !backing_off_) return;  // connected, connecting, or stopped
  failures_ = 0;
  connect();  // supersedes the pending attempt: connect() starts a new generation
}

void PeerLink::schedule_reconnect() {
  const std::uint64_t generation = ++generation_;
  // Exponential backoff with full jitter in the upper half, so that nodes
  // restarted together do not reconnect in lockstep.
  const int doublings = std::min(failures_ - 1, 16);
  const Micros ceiling = std::min(config_.backoff_max, config_.backoff_min << std::max(doublings, 0));
  const Micros delay = ceiling / 2 + rng_.between(0, ceiling / 2);
  backing_off_ = true;
  timer_.expires_after(std::chrono::microseconds(delay));
  timer_.async_wait([this, generation](asio::error_code error) {
    if (error || generation != generation_) return;
    connect();
  });
}

}  // namespace store::runtime
