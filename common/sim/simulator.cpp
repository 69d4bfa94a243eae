// The public facade: argument checks live in World, which does the work.
#include "sim/simulator.h"

#include <cxxabi.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

#include "sim/internal/world.h"

namespace store::sim {

Simulator::Simulator(SimConfig config, NodeFactory factory)
    : world_(std::make_unique<detail::World>(std::move(config), std::move(factory))) {}

Simulator::~Simulator() = default;

void Simulator::run_for(Micros duration) {
  if (duration < 0) throw std::invalid_argument("run_for: the duration must not be negative");
  world_->run(world_->now() + duration, nullptr);
}

bool Simulator::run_until(const std::function<bool()>& predicate, Micros timeout) {
  if (!predicate) throw std::invalid_argument("run_until: the predicate is empty");
  if (timeout < 0) throw std::invalid_argument("run_until: the timeout must not be negative");
  return world_->run(world_->now() + timeout, &predicate);
}

Micros Simulator::now() const { return world_->now(); }
std::uint64_t Simulator::seed() const { return world_->config().seed; }
Rng& Simulator::rng() { return world_->rng(); }
const std::vector<NodeId>& Simulator::servers() const { return world_->server_ids(); }
std::uint64_t Simulator::events_processed() const { return world_->events_processed(); }

Node& Simulator::node(NodeId id) { return world_->running_node(id, "node"); }
bool Simulator::is_up(NodeId id) const { return world_->server(id, "is_up").node != nullptr; }
bool Simulator::is_paused(NodeId id) const { return world_->server(id, "is_paused").paused; }
NodeStatus Simulator::status(NodeId id) const { return world_->running_node(id, "status").status(); }
const SimStorage& Simulator::storage(NodeId id) const { return world_->server(id, "storage").storage; }
Micros Simulator::local_time(NodeId id) const { return world_->local_time(id); }

Node& Simulator::begin_call(NodeId id) { return world_->begin_call(id); }
void Simulator::end_call(NodeId id) { world_->end_call(id); }
void Simulator::abandon_call(NodeId) noexcept { world_->abandon_call(); }

namespace {

std::string readable_name(const std::type_info& type) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> name(abi::__cxa_demangle(type.name(), nullptr, nullptr, &status), std::free);
  return status == 0 && name ? std::string(name.get()) : std::string(type.name());
}

}  // namespace

void Simulator::wrong_type(NodeId id, const Node& node, const std::type_info& wanted) {
  throw std::logic_error("node_as(" + std::to_string(id) + "): node is a " + readable_name(typeid(node)) + ", not a " +
                         readable_name(wanted));
}

NodeId Simulator::add_client(ClientHandler on_message) { return world_->add_client(std::move(on_message)); }
void Simulator::client_send(NodeId client, NodeId to, Message message) {
  world_->client_send(client, to, std::move(message));
}

void Simulator::set_drop_filter(DropFilter filter) { world_->set_drop_filter(std::move(filter)); }

void Simulator::inject(NodeId from, NodeId to, Message message, Micros latency) {
  world_->inject(from, to, std::move(message), latency);
}

void Simulator::deliver_now(NodeId from, NodeId to, Message message) {
  world_->deliver_now(from, to, std::move(message));
}

TimerId Simulator::schedule_after(Micros delay, std::function<void()> action) {
  if (delay < 0) throw std::invalid_argument("schedule_after: the delay must not be negative");
  return world_->schedule_at(world_->now() + delay, std::move(action));
}
TimerId Simulator::schedule_at(Micros when, std::function<void()> action) {
  return world_->schedule_at(when, std::move(action));
}
bool Simulator::cancel(TimerId timer) { return world_->cancel(timer); }

void Simulator::set_network(const NetworkProfile& profile) { world_->set_network(profile); }
void Simulator::set_link_profile(NodeId from, NodeId to, const NetworkProfile& profile) {
  world_->set_link_profile(from, to, &profile);
}
void Simulator::clear_link_profile(NodeId from, NodeId to) { world_->set_link_profile(from, to, nullptr); }
void Simulator::partition(const std::vector<std::vector<NodeId>>& groups) { world_->partition(groups); }
void Simulator::isolate(NodeId server) { world_->isolate(server); }
void Simulator::cut(NodeId from, NodeId to) { world_->cut(from, to, /*blocked=*/true); }
void Simulator::uncut(NodeId from, NodeId to) { world_->cut(from, to, /*blocked=*/false); }
void Simulator::heal() { world_->heal(); }
bool Simulator::can_reach(NodeId from, NodeId to) const { return world_->can_reach(from, to); }

void Simulator::crash(NodeId id) { world_->crash(id); }
void Simulator::restart(NodeId id) { world_->restart(id); }
void Simulator::pause(NodeId id) { world_->pause(id); }
void Simulator::resume(NodeId id) { world_->resume(id); }
void Simulator::set_clock(NodeId id, Micros offset, std::int64_t drift_ppm) {
  world_->set_clock(id, offset, drift_ppm);
}
void Simulator::jump_clock(NodeId id, Micros delta) { world_->jump_clock(id, delta); }
void Simulator::set_apply_lag(NodeId id, Micros lag) { world_->set_apply_lag(id, lag); }
void Simulator::set_fsync_latency(NodeId id, Micros latency) { world_->set_fsync_latency(id, latency); }

void Simulator::add_observer(Observer& observer) { world_->add_observer(observer); }
void Simulator::remove_observer(Observer& observer) { world_->remove_observer(observer); }
const Statistics& Simulator::stats() const { return world_->stats(); }
void Simulator::note(std::string_view text) { world_->trace().note(world_->now(), text); }
std::uint64_t Simulator::trace_hash() const { return world_->trace().hash(); }
std::string Simulator::trace_hash_hex() const { return hash_hex(trace_hash()); }
void Simulator::flush_trace() { world_->trace().flush(); }

}  // namespace store::sim
