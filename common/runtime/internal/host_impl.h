// The inside of NodeHost (node_host.h), shared by its two source files:
// node_host.cpp (start and stop, the node's steps, the output queue and its
// durability gate, ticks) and host_connections.cpp (accepting connections,
// handshakes, frames from peers and clients, admin requests).
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/clock.h"
#include "runtime/connection.h"
#include "runtime/data_dir.h"
#include "runtime/delay_line.h"
#include "runtime/disk_storage.h"
#include "runtime/node_host.h"
#include "runtime/durability_queues.h"
#include "runtime/peer_link.h"
#include "runtime/resp_listener.h"
#include "runtime/syncer.h"
#include "runtime/wire.h"

namespace store::runtime {

// Everything NodeHost holds; it runs on the event loop's thread only (the sync
// thread reaches it through Syncer's posts).
class NodeHost::Impl {
 public:
  Impl(RuntimeConfig config, NodeFactory factory, Logger log)
      : config_(std::move(config)),
        factory_(std::move(factory)),
        log_(std::move(log)),
        rng_seed_(process_seed()),
        rng_(rng_seed_),
        env_(*this) {
    for (const auto& [id, address] : config_.peers) server_ids_.push_back(id);
  }

  ~Impl() {
    // The sync thread posts to the loop: stop it before anything it names goes.
    syncer_.reset();
  }

  void start();
  int run();
  void request_stop() {
    asio::post(io_, [this] { shut_down(); });
  }
  int listen_port() const {
    asio::error_code error;
    const auto local = acceptor_.local_endpoint(error);
    return error ? 0 : local.port();
  }

 private:
  // The Env the node acts through.
  class HostEnv final : public Env {
   public:
    explicit HostEnv(Impl& host) : host_(host) {}
    NodeId id() const override { return host_.config_.id; }
    const std::vector<NodeId>& servers() const override { return host_.server_ids_; }
    Micros now() const override { return steady_micros(); }
    Rng& rng() override { return host_.rng_; }
    Storage& storage() override { return *host_.storage_; }
    void send(NodeId to, Message message) override {
      // A leader's entries go out while its own copy is still being written
      // (the input queue makes that safe); everything else waits its turn.
      if (std::holds_alternative<AppendEntries>(message)) {
        host_.maybe_start_sync();  // the leader's own copy: on its way to disk first
        host_.deliver_send(to, std::move(message));
        return;
      }
      host_.output_.push(host_.storage_->writes(), OutgoingSend{to, std::move(message)});
    }
    void apply(LogEntry entry) override {
      host_.output_.push(host_.storage_->writes(), OutgoingApply{std::move(entry)});
    }
    void trace(std::string_view note) override {
      if (host_.config_.trace) host_.log_.info("trace: " + std::string(note));
    }

   private:
    Impl& host_;
  };

  // A connection someone made to us.
  struct Inbound {
    std::shared_ptr<Connection> connection;
    std::unique_ptr<asio::steady_timer> handshake_timer;
    bool identified = false;
    EndpointKind kind = EndpointKind::kClient;
    NodeId id = kNoNode;  // the peer's id, or the client's endpoint id
    std::string address;
  };

  static std::uint64_t process_seed();

  // Running the node.
  template <class Body>
  void step(Body&& body);
  bool call_node(const std::function<void()>& body);
  void pump();
  void receive_from_peer(NodeId from, Message message);
  void maybe_start_sync();
  void on_sync_done(std::uint64_t through);
  void deliver_send(NodeId to, Message&& message);
  void note_status_change();
  void schedule_tick();
  void on_tick();
  void fail(const std::string& reason);
  void shut_down();

  // Connections.
  void accept_next();
  void on_accept(asio::ip::tcp::socket socket);
  void on_inbound_frame(std::uint64_t key, std::string_view payload);
  void handshake(std::uint64_t key, Inbound& in, const Payload& payload);
  void on_inbound_closed(std::uint64_t key, const std::string& reason);
  void drop_inbound(std::uint64_t key, const std::string& reason);
  void refuse(std::uint64_t key, const std::string& reason);
  std::string describe(const Inbound& in) const;
  AdminReply handle_admin(const AdminRequest& request);
  void start_resp();
  void set_delays(const AdminRequest& request, AdminReply& reply);
  // Link delays (AdminOp::kDelayTraffic): a peer's id, or one of these two.
  static constexpr NodeId kClientsOut = kNoNode;
  static constexpr NodeId kClientsIn = -1;
  // Whether messages on that link are held back now; if so `delay` is set.
  bool delayed(NodeId link, Micros& delay);
  DelayLine& delay_line(NodeId link);
  void send_to_client(NodeId to, const std::string& frame);

  RuntimeConfig config_;
  NodeFactory factory_;
  Logger log_;
  std::uint64_t rng_seed_;
  Rng rng_;
  std::vector<NodeId> server_ids_;
  HostEnv env_;

  // Declared first among the I/O objects, so destroyed after them.
  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_{io_};
  asio::steady_timer tick_timer_{io_};
  std::optional<asio::signal_set> signals_;

  std::optional<DataDir> data_dir_;
  std::unique_ptr<DiskStorage> storage_;
  std::unique_ptr<Syncer> syncer_;  // after storage_: destroyed before it
  std::unique_ptr<Node> node_;
  OutputQueue output_;
  InputQueue input_;
  bool sync_in_flight_ = false;
  std::uint64_t syncs_ = 0;
  bool pumping_ = false;

  std::map<NodeId, std::unique_ptr<PeerLink>> links_;
  std::unique_ptr<RespListener> resp_;  // with --resp-port-offset
  std::unordered_map<std::uint64_t, Inbound> inbound_;
  std::unordered_map<NodeId, std::uint64_t> clients_;  // client endpoint id -> inbound key
  std::uint64_t next_inbound_key_ = 1;
  NodeId next_client_id_ = kFirstClientId;
  std::set<NodeId> dropping_;
  std::map<NodeId, LinkDelay> delays_;  // by peer id; kClientsOut for clients (both directions)
  std::map<NodeId, std::unique_ptr<DelayLine>> delay_lines_;
  Rng delay_rng_{rng_seed_ ^ 0x5eed'de1a'7000'0001ULL};  // not the node's: its draws stay its own

  Micros next_tick_ = 0;
  Micros started_at_ = 0;
  NodeStatus last_status_;
  bool status_known_ = false;
  bool stopping_ = false;
  bool failed_ = false;
};

// One handler of the node, then whatever it made ready to leave.
template <class Body>
void NodeHost::Impl::step(Body&& body) {
  if (stopping_) return;
  if (!call_node(body)) return;
  pump();
}

}  // namespace store::runtime
