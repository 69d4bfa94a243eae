// Sends, deliveries, drops, clients and the shape of the network.
#include <set>
#include <stdexcept>
#include <string>

#include "sim/internal/world.h"

namespace store::sim::detail {

namespace {

std::uint64_t link_key(NodeId from, NodeId to) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(from)) << 32) | static_cast<std::uint32_t>(to);
}

}  // namespace

// ---------------------------------------------------------------- endpoints

bool World::is_endpoint(NodeId id) const {
  if (id >= 1 && id <= config_.servers) return true;
  return id >= kFirstClientId && static_cast<std::size_t>(id - kFirstClientId) < clients_.size();
}

int World::endpoint(NodeId id) const { return is_client_id(id) ? config_.servers + (id - kFirstClientId) : id - 1; }

std::string World::endpoints_text() const {
  std::string text = "servers are 1.." + std::to_string(config_.servers);
  if (clients_.empty()) return text + ", no clients yet";
  return text + ", clients " + std::to_string(kFirstClientId) + ".." +
         std::to_string(kFirstClientId + static_cast<NodeId>(clients_.size()) - 1);
}

void World::check_endpoint(NodeId id, std::string_view what) const {
  if (!is_endpoint(id)) {
    throw std::invalid_argument(std::string(what) + ": " + std::to_string(id) +
                                " is not an endpoint of this simulation (" + endpoints_text() + ")");
  }
}

// ---------------------------------------------------------------- sending

Envelope World::make_envelope(NodeId from, NodeId to, Message&& message) {
  Envelope envelope{.from = from,
                    .to = to,
                    .id = ++message_ids_,
                    .digest = message_digest(message),
                    .wire_size = approximate_wire_size(message),
                    .message = std::move(message)};
  stats_.count_sent(from, envelope.message.index(), envelope.wire_size);
  trace_.send(now_, {from, to, envelope.id, envelope.digest, envelope.message});
  notify([&](Observer& o) { o.on_send(from, to, envelope.message, envelope.wire_size); });
  return envelope;
}

void World::env_send(Server& s, NodeId to, Message message) {
  if (stepping_ != s.id) {
    throw std::logic_error("node " + std::to_string(s.id) + " called Env::send outside one of its steps; " +
                           "act on a node from the harness with Simulator::call");
  }
  if (!is_endpoint(to)) {
    throw std::invalid_argument("node " + std::to_string(s.id) + " sent " + std::string(message_name(message)) +
                                " to " + std::to_string(to) + ", which is not an endpoint of this simulation (" +
                                endpoints_text() + ")");
  }
  // It leaves once every write made so far is durable (see pump).
  s.outbox.push_back(Server::Held{s.storage.writes(), make_envelope(s.id, to, std::move(message))});
}

NodeId World::add_client(ClientHandler handler) {
  if (!handler) throw std::invalid_argument("add_client: the handler is empty");
  const NodeId id = kFirstClientId + static_cast<NodeId>(clients_.size());
  clients_.push_back(Client{id, std::move(handler)});
  connectivity_.add_endpoint(/*is_server=*/false);
  return id;
}

void World::client_send(NodeId client, NodeId to, Message message) {
  if (!is_client_id(client) || !is_endpoint(client)) {
    throw std::invalid_argument("client_send: " + std::to_string(client) + " is not a client of this simulation (" +
                                endpoints_text() + ")");
  }
  check_endpoint(to, "client_send");
  depart(make_envelope(client, to, std::move(message)));
}

const NetworkProfile& World::profile_for(NodeId from, NodeId to) const {
  if (link_profiles_.empty()) return default_profile_;
  auto it = link_profiles_.find(link_key(from, to));
  return it == link_profiles_.end() ? default_profile_ : it->second;
}

void World::depart(Envelope&& envelope) {
  notify([&](Observer& o) { o.on_depart(envelope.from, envelope.to, envelope.message); });
  if (drop_filter_ && drop_filter_(envelope.from, envelope.to, envelope.message)) {
    drop(envelope, DropReason::kHeldBack);
    return;
  }
  if (connectivity_.blocked(endpoint(envelope.from), endpoint(envelope.to))) {
    drop(envelope, DropReason::kPartition);
    return;
  }
  const NetworkProfile& profile = profile_for(envelope.from, envelope.to);
  if (rng_.chance(profile.drop_probability)) {
    drop(envelope, DropReason::kRandomLoss);
    return;
  }
  if (rng_.chance(profile.duplicate_probability)) {
    ++stats_.duplicated_;
    Envelope copy = envelope;
    schedule_delivery(std::move(copy), draw_latency(profile, rng_));
  }
  schedule_delivery(std::move(envelope), draw_latency(profile, rng_));
}

void World::schedule_delivery(Envelope&& envelope, Micros latency) {
  std::uint32_t slot;
  if (!free_flights_.empty()) {
    slot = free_flights_.back();
    free_flights_.pop_back();
    flights_[slot] = std::move(envelope);
  } else {
    slot = static_cast<std::uint32_t>(flights_.size());
    flights_.push_back(std::move(envelope));
  }
  queue_.push(now_ + latency, EventKind::kDeliver, kNoNode, slot);
}

Envelope World::take_flight(std::uint32_t slot) {
  Envelope envelope = std::move(flights_[slot]);
  free_flights_.push_back(slot);
  return envelope;
}

void World::drop(const Envelope& envelope, DropReason reason) {
  ++stats_.dropped_;
  ++stats_.dropped_by_reason_[static_cast<std::size_t>(reason)];
  trace_.drop(now_, {envelope.from, envelope.to, envelope.id, envelope.digest, envelope.message}, reason);
  notify([&](Observer& o) { o.on_drop(envelope.from, envelope.to, envelope.message, reason); });
}

// ---------------------------------------------------------------- delivering

void World::deliver(std::uint32_t slot, bool was_held) {
  const NodeId from = flights_[slot].from;
  const NodeId to = flights_[slot].to;
  Server* s = is_client_id(to) ? nullptr : servers_[static_cast<std::size_t>(to - 1)].get();
  if (s != nullptr && !s->node) {
    drop(take_flight(slot), DropReason::kDestinationDown);
    return;
  }
  // A message held while its destination was paused had already arrived.
  if (!was_held && connectivity_.blocked(endpoint(from), endpoint(to))) {
    drop(take_flight(slot), DropReason::kPartition);
    return;
  }
  if (s != nullptr && s->paused) {
    s->held_while_paused.push_back(slot);
    return;
  }

  hand_over(take_flight(slot), s);
}

void World::hand_over(Envelope&& envelope, Server* s) {
  const NodeId from = envelope.from;
  const NodeId to = envelope.to;
  stats_.delivered_.add(envelope.wire_size);
  stats_.delivered_by_type_[envelope.message.index()].add(envelope.wire_size);
  trace_.deliver(now_, {from, to, envelope.id, envelope.digest, envelope.message});
  notify([&](Observer& o) { o.on_deliver(from, to, envelope.message); });
  if (s != nullptr) {
    if (!s->node || s->paused) return;  // an observer misbehaved and stopped the node; do not crash ourselves
    step(*s, [&] { s->node->receive(from, envelope.message); });
  } else {
    clients_[static_cast<std::size_t>(to - kFirstClientId)].handler(from, envelope.message);
    last_stepped_ = to;
    notify([&](Observer& o) { o.after_step(to); });
  }
}

void World::deliver_now(NodeId from, NodeId to, Message message) {
  check_endpoint(from, "deliver_now");
  check_endpoint(to, "deliver_now");
  if (stepping_ != kNoNode) {
    throw std::logic_error("deliver_now from inside a step of node " + std::to_string(stepping_) +
                           "; schedule it with schedule_after");
  }
  Server* s = nullptr;
  if (!is_client_id(to)) {
    s = &server(to, "deliver_now");
    running_node(to, "deliver_now");
    if (s->paused) throw std::logic_error("deliver_now(" + std::to_string(to) + "): node is paused (resume it first)");
  }
  trace_.link_event(now_, "forge", from, to);
  hand_over(harness_envelope(from, to, std::move(message)), s);
}

Envelope World::harness_envelope(NodeId from, NodeId to, Message&& message) {
  const std::uint64_t digest = message_digest(message);
  const std::size_t wire_size = approximate_wire_size(message);
  return Envelope{.from = from, .to = to, .id = ++message_ids_, .digest = digest, .wire_size = wire_size,
                  .message = std::move(message)};
}

void World::inject(NodeId from, NodeId to, Message message, Micros latency) {
  check_endpoint(from, "inject");
  check_endpoint(to, "inject");
  if (latency < 0) throw std::invalid_argument("inject: the latency must not be negative");
  trace_.link_event(now_, "inject", from, to);
  ++stats_.duplicated_;
  schedule_delivery(harness_envelope(from, to, std::move(message)), latency);
}

// ---------------------------------------------------------------- the shape of the network

void World::set_network(const NetworkProfile& profile) {
  profile.validate();
  default_profile_ = profile;
  trace_.network(now_, kNoNode, kNoNode, profile);
}

void World::set_link_profile(NodeId from, NodeId to, const NetworkProfile* profile) {
  check_endpoint(from, "set_link_profile");
  check_endpoint(to, "set_link_profile");
  if (profile == nullptr) {
    link_profiles_.erase(link_key(from, to));
    trace_.network(now_, from, to, default_profile_);
    return;
  }
  profile->validate();
  link_profiles_[link_key(from, to)] = *profile;
  trace_.network(now_, from, to, *profile);
}

void World::partition(const std::vector<std::vector<NodeId>>& groups) {
  std::set<NodeId> seen;
  std::vector<std::vector<int>> dense;
  for (const auto& group : groups) {
    auto& members = dense.emplace_back();
    for (NodeId id : group) {
      check_endpoint(id, "partition");
      if (!seen.insert(id).second) {
        throw std::invalid_argument("partition: " + std::to_string(id) + " is listed in more than one group");
      }
      members.push_back(endpoint(id));
    }
  }
  connectivity_.set_groups(dense);
  trace_.partition(now_, groups);
}

void World::isolate(NodeId id) {
  server(id, "isolate");
  connectivity_.isolate(endpoint(id));
  trace_.node_event(now_, "isolate", id);
}

void World::cut(NodeId from, NodeId to, bool blocked) {
  const char* what = blocked ? "cut" : "uncut";
  check_endpoint(from, what);
  check_endpoint(to, what);
  if (from == to) throw std::invalid_argument(std::string(what) + ": a link needs two different endpoints");
  if (blocked) {
    connectivity_.cut(endpoint(from), endpoint(to));
  } else {
    connectivity_.uncut(endpoint(from), endpoint(to));
  }
  trace_.link_event(now_, what, from, to);
}

void World::heal() {
  connectivity_.heal();
  trace_.node_event(now_, "heal", kNoNode);
}

bool World::can_reach(NodeId from, NodeId to) const {
  check_endpoint(from, "can_reach");
  check_endpoint(to, "can_reach");
  return !connectivity_.blocked(endpoint(from), endpoint(to));
}

}  // namespace store::sim::detail
