#include "runtime/node_host.h"

#include <unistd.h>

#include <asio/post.hpp>
#include <chrono>
#include <csignal>
#include <random>

#include "core/todo.h"
#include "protocol/codec.h"
#include "runtime/internal/host_impl.h"

namespace store::runtime {

// One seed per process: two nodes started in the same microsecond still differ.
std::uint64_t NodeHost::Impl::process_seed() {
  std::random_device device;
  std::uint64_t seed = (std::uint64_t{device()} << 32) ^ device();
  seed ^= static_cast<std::uint64_t>(::getpid()) * 0x9E3779B97F4A7C15ULL;
  seed ^= static_cast<std::uint64_t>(steady_micros());
  return seed;
}

// ---------------------------------------------------------------- start and stop

void NodeHost::Impl::start() {
  if (config_.peers.count(config_.id) == 0) {
    throw StartupError(kExitUsage, "this node's id " + std::to_string(config_.id) + " is not in the peer list " +
                                       format_peers(config_.peers));
  }
  if (config_.tick_interval <= 0) throw StartupError(kExitUsage, "the tick interval must be positive");
  started_at_ = steady_micros();

  try {
    data_dir_.emplace(DataDir::open(config_.data_dir, config_.cluster_id, config_.id));
    if (data_dir_->created()) log_.info("created the data directory " + data_dir_->path().string());
    RecoveryReport report;
    storage_ = DiskStorage::open(data_dir_->log_path(), &report);
    const std::vector<std::string> lines = report.describe(data_dir_->log_path());
    for (std::size_t i = 0; i < lines.size(); ++i) {
      // The first line tells of a torn write when there was one.
      if (i == 0 && !report.torn_tail.empty()) {
        log_.warn(lines[i]);
      } else {
        log_.info(lines[i]);
      }
    }
  } catch (const StorageError& e) {
    throw StartupError(kExitUsage, e.what());
  }

  const HostPort listen = config_.listen.host.empty() ? config_.peers.at(config_.id) : config_.listen;
  try {
    asio::ip::tcp::resolver resolver(io_);
    const auto results = resolver.resolve(listen.host, std::to_string(listen.port));
    const asio::ip::tcp::endpoint endpoint = results.begin()->endpoint();
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::ip::tcp::acceptor::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
  } catch (const std::system_error& e) {
    throw StartupError(e.code() == asio::error::address_in_use ? kExitAddressInUse : kExitUsage,
                       "cannot listen on " + listen.text() + ": " + e.code().message());
  }

  if (config_.resp_port_offset > 0) start_resp();

  if (config_.fsync) {
    const int fd = storage_->fd();
    const std::filesystem::path path = storage_->path();
    std::function<void()> before = config_.before_sync;
    syncer_ = std::make_unique<Syncer>(
        [fd, path, before] {
          if (before) before();
          sync_fd(fd, path);
        },
        [this](std::function<void()> done) { asio::post(io_, std::move(done)); },
        [this](std::uint64_t through) { on_sync_done(through); },
        [this](const std::string& error) { fail("storage failed: " + error); });
  }

  // The node recovers from storage in its constructor.
  try {
    node_ = factory_(env_);
    if (!node_) throw std::logic_error("the node factory returned no node");
  } catch (const TodoReached& e) {
    throw StartupError(kExitFailure, std::string("the node's code is not written yet: ") + e.what());
  } catch (const std::exception& e) {
    throw StartupError(kExitFailure, std::string("the node failed to start: ") + e.what());
  }

  log_.info("node " + std::to_string(config_.id) + " of cluster '" + config_.cluster_id + "' listening on " +
            listen.text() + (listen.port == 0 ? " (port " + std::to_string(listen_port()) + ")" : std::string()) +
            "; peers " + format_peers(config_.peers) + "; fsync " + (config_.fsync ? "on" : "OFF") + "; rng seed " +
            std::to_string(rng_seed_) + "; pid " + std::to_string(::getpid()));

  for (const auto& [id, address] : config_.peers) {
    if (id == config_.id) continue;
    auto link = std::make_unique<PeerLink>(io_,
                                           PeerLinkConfig{.self = config_.id,
                                                          .peer = id,
                                                          .address = address,
                                                          .cluster = config_.cluster_id,
                                                          .max_frame = config_.max_peer_frame_bytes,
                                                          .max_queue_bytes = config_.max_peer_queue_bytes,
                                                          .backoff_min = config_.reconnect_min,
                                                          .backoff_max = config_.reconnect_max},
                                           rng_, log_);
    link->start();
    links_[id] = std::move(link);
  }
  if (config_.handle_signals) {
    signals_.emplace(io_, SIGINT, SIGTERM);
    signals_->async_wait([this](asio::error_code error, int signal) {
      if (error) return;
      log_.info(std::string("received ") + (signal == SIGINT ? "SIGINT" : "SIGTERM") + ", stopping");
      shut_down();
    });
  }
  accept_next();
  // A random phase, so that the nodes of a cluster do not tick in lockstep.
  next_tick_ = steady_micros() + 1 + rng_.between(0, config_.tick_interval - 1);
  schedule_tick();
  pump();  // anything the constructor wrote or sent
}

int NodeHost::Impl::run() {
  try {
    io_.run();
  } catch (const std::exception& e) {
    log_.error(std::string("the event loop failed: ") + e.what());
    return kExitFailure;
  }
  return failed_ ? kExitFailure : 0;
}

void NodeHost::Impl::shut_down() {
  if (stopping_) return;
  stopping_ = true;
  asio::error_code ignored;
  acceptor_.close(ignored);
  if (resp_) resp_->stop();
  tick_timer_.cancel();
  if (signals_) signals_->cancel(ignored);
  for (auto& [id, link] : links_) link->stop();
  for (auto& [key, in] : inbound_) in.connection->close();
  inbound_.clear();
  clients_.clear();
  if (!failed_ && storage_ && storage_->writes() > storage_->durable_writes()) {
    try {
      storage_->sync_now();
    } catch (const StorageError& e) {
      log_.error(std::string("the final sync failed: ") + e.what());
      failed_ = true;
    }
  }
  if (!failed_) log_.info("stopped");
  io_.stop();
}

void NodeHost::Impl::fail(const std::string& reason) {
  if (failed_) return;
  log_.error(reason + "; stopping this node");
  // Like a crash: nothing more leaves, and no final sync pretends otherwise.
  failed_ = true;
  shut_down();
}

// ---------------------------------------------------------------- the node's steps

bool NodeHost::Impl::call_node(const std::function<void()>& body) {
  try {
    body();
    return true;
  } catch (const TodoReached& e) {
    fail(std::string("the node reached code that is not written yet: ") + e.what());
  } catch (const std::exception& e) {
    fail(std::string("the node threw: ") + e.what());
  }
  return false;
}

void NodeHost::Impl::receive_from_peer(NodeId from, Message message) {
  if (stopping_) return;
  // Held until every write made before it arrived is durable (and behind
  // any message held already, so that a peer's messages keep their order).
  input_.push(storage_->writes(), IncomingMessage{from, std::move(message)});
  pump();
}

void NodeHost::Impl::pump() {
  if (pumping_ || stopping_) return;
  pumping_ = true;
  for (;;) {
    maybe_start_sync();
    if (stopping_) break;
    const std::uint64_t durable = storage_->durable_writes();
    if (output_.front_ready(durable)) {
      OutgoingItem item = output_.pop();
      if (auto* send = std::get_if<OutgoingSend>(&item)) {
        deliver_send(send->to, std::move(send->message));
      } else {
        // Its own step, after the handler that produced it returned; what it
        // queues joins the back of the queue.
        const LogEntry entry = std::move(std::get<OutgoingApply>(item).entry);
        call_node([&] { node_->on_apply(entry); });
      }
    } else if (input_.front_ready(durable)) {
      const IncomingMessage in = input_.pop();
      call_node([&] { node_->receive(in.from, in.message); });
    } else {
      break;
    }
  }
  pumping_ = false;
  if (!stopping_) note_status_change();
}

void NodeHost::Impl::maybe_start_sync() {
  if (storage_->writes() <= storage_->durable_writes()) return;
  if (!syncer_) {
    storage_->mark_durable(storage_->writes());  // fsync off: written is as good as it gets
    return;
  }
  if (sync_in_flight_) return;  // the next sync, started when this one ends, covers the new writes
  sync_in_flight_ = true;
  syncer_->request(storage_->writes());
}

void NodeHost::Impl::on_sync_done(std::uint64_t through) {
  if (stopping_) return;
  sync_in_flight_ = false;
  ++syncs_;
  storage_->mark_durable(through);
  pump();
}

void NodeHost::Impl::note_status_change() {
  if (!node_) return;
  NodeStatus now;
  try {
    now = node_->status();
  } catch (const std::exception&) {
    return;  // a skeleton without status(): nothing to report
  }
  if (status_known_ && now.role == last_status_.role && now.term == last_status_.term) {
    last_status_ = now;
    return;
  }
  if (now.role == Role::kLeader || (status_known_ && last_status_.role == Role::kLeader) || !status_known_) {
    log_.info("now " + std::string(to_string(now.role)) + " in term " + std::to_string(now.term));
  }
  status_known_ = true;
  last_status_ = now;
}

void NodeHost::Impl::deliver_send(NodeId to, Message&& message) {
  if (resp_ && resp_->owns(to)) {
    if (const auto* reply = std::get_if<ClientReply>(&message)) resp_->deliver(to, *reply);
    return;
  }
  const Payload payload(std::in_place_type<Message>, std::move(message));
  if (auto link = links_.find(to); link != links_.end()) {
    if (dropping_.count(to) != 0) return;
    std::string frame;
    try {
      frame = encode_frame(payload, config_.max_peer_frame_bytes);
    } catch (const FrameError& e) {
      log_.warn("dropped a " + std::string(message_name(std::get<Message>(payload))) + " to peer " +
                std::to_string(to) + ": " + e.what());
      return;
    }
    Micros delay = 0;
    if (delayed(to, delay)) {
      delay_line(to).after(delay, [this, to, frame = std::move(frame)]() mutable {
        if (auto again = links_.find(to); again != links_.end() && dropping_.count(to) == 0) {
          again->second->send(std::move(frame));
        }
      });
      return;
    }
    link->second->send(std::move(frame));
    return;
  }
  if (clients_.count(to) == 0) return;  // a client that has gone, or an id nobody has: lost, as in the simulator
  std::string frame;
  try {
    frame = encode_frame(payload, config_.max_peer_frame_bytes);
  } catch (const FrameError& e) {
    log_.warn("dropped a reply to client " + std::to_string(to) + ": " + e.what());
    return;
  }
  Micros delay = 0;
  if (delayed(kClientsOut, delay)) {
    delay_line(kClientsOut).after(delay, [this, to, frame = std::move(frame)] { send_to_client(to, frame); });
    return;
  }
  send_to_client(to, frame);
}

void NodeHost::Impl::send_to_client(NodeId to, const std::string& frame) {
  auto client = clients_.find(to);
  if (client == clients_.end()) return;
  if (auto in = inbound_.find(client->second); in != inbound_.end()) in->second.connection->send(frame);
}

bool NodeHost::Impl::delayed(NodeId link, Micros& delay) {
  const auto it = delays_.find(link == kClientsIn ? kClientsOut : link);
  if (it == delays_.end()) return false;
  delay = it->second.delay_us;
  if (it->second.jitter_us > 0) delay += delay_rng_.between(0, it->second.jitter_us);
  return true;
}

DelayLine& NodeHost::Impl::delay_line(NodeId link) {
  std::unique_ptr<DelayLine>& line = delay_lines_[link];
  if (!line) line = std::make_unique<DelayLine>(io_);
  return *line;
}

void NodeHost::Impl::schedule_tick() {
  tick_timer_.expires_at(std::chrono::steady_clock::time_point(std::chrono::microseconds(next_tick_)));
  tick_timer_.async_wait([this](asio::error_code error) {
    if (!error) on_tick();
  });
}

void NodeHost::Impl::on_tick() {
  // A grid of ticks; after a stall (a paused process) the next is due at
  // once and the grid restarts there: missed ticks are not replayed.
  const Micros now = steady_micros();
  next_tick_ += config_.tick_interval;
  if (next_tick_ <= now) next_tick_ = now + config_.tick_interval;
  schedule_tick();
  step([&] { node_->tick(); });
}

// ---------------------------------------------------------------- the facade

NodeHost::NodeHost(RuntimeConfig config, NodeFactory factory, Logger log)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(factory), std::move(log))) {}
NodeHost::~NodeHost() = default;
void NodeHost::start() { impl_->start(); }
int NodeHost::run() { return impl_->run(); }
void NodeHost::request_stop() { impl_->request_stop(); }
int NodeHost::listen_port() const { return impl_->listen_port(); }

}  // namespace store::runtime
