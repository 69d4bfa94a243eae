#include "support/nemesis.h"

#include <algorithm>
#include <utility>

#include "support/cluster.h"

namespace store::grading {

namespace {

// The term a message carries, if it is a Raft message that is not a pre-vote.
std::optional<Term> raft_term(const Message& message) {
  if (const auto* m = std::get_if<RequestVote>(&message)) return m->pre_vote ? std::nullopt : std::optional(m->term);
  if (const auto* m = std::get_if<RequestVoteReply>(&message)) {
    return m->pre_vote ? std::nullopt : std::optional(m->term);
  }
  if (const auto* m = std::get_if<AppendEntries>(&message)) return m->term;
  if (const auto* m = std::get_if<AppendEntriesReply>(&message)) return m->term;
  return std::nullopt;
}

bool is_grant(const Message& message) {
  const auto* reply = std::get_if<RequestVoteReply>(&message);
  return reply != nullptr && reply->granted && !reply->pre_vote;
}

bool is_ack(const Message& message) {
  const auto* reply = std::get_if<AppendEntriesReply>(&message);
  return reply != nullptr && reply->success;
}

bool is_reply(const Message& message) {
  return std::holds_alternative<RequestVoteReply>(message) || std::holds_alternative<AppendEntriesReply>(message);
}

// The server that episode `id` marked in `marks`, if it still is; unmarks it.
std::optional<NodeId> release(std::map<NodeId, std::size_t>& marks, std::size_t id) {
  for (auto it = marks.begin(); it != marks.end(); ++it) {
    if (it->second != id) continue;
    const NodeId node = it->first;
    marks.erase(it);
    return node;
  }
  return std::nullopt;
}

}  // namespace

Nemesis::Nemesis(Cluster& cluster) : cluster_(cluster), sim_(cluster.sim()), baseline_network_(cluster.network()) {
  sim_.add_observer(*this);
}

Nemesis::~Nemesis() {
  for (sim::TimerId timer : timers_) sim_.cancel(timer);
  sim_.remove_observer(*this);
}

void Nemesis::act(const std::string& what) {
  sim_.note("nemesis: " + what);
  actions_.push_back("t=" + std::to_string(sim_.now() / kMillisecond) + " ms: " + what);
}

// ---------------------------------------------------------------- plans

void Nemesis::play(const FaultPlan& plan) {
  for (const FaultEvent& event : plan.events) {
    const std::size_t id = timers_.size();
    timers_.push_back(sim_.schedule_after(event.at, [this, event, id] { start_episode(event, id); }));
    if (event.kind == FaultKind::kCrashAtMoment) continue;  // its length is the downtime
    timers_.push_back(sim_.schedule_after(event.at + event.length, [this, event, id] { end_episode(event, id); }));
  }
}

std::optional<NodeId> Nemesis::leader() const {
  std::optional<NodeId> leader;
  Term best = 0;
  for (NodeId id : sim_.servers()) {
    if (!sim_.is_up(id)) continue;
    const NodeStatus s = sim_.status(id);
    if (s.role == Role::kLeader && (!leader || s.term > best)) {
      leader = id;
      best = s.term;
    }
  }
  return leader;
}

std::optional<NodeId> Nemesis::resolve(const FaultTarget& target) const {
  switch (target.kind) {
    case FaultTarget::Kind::kNode: return static_cast<NodeId>(target.which);
    case FaultTarget::Kind::kLeader: return leader();
    case FaultTarget::Kind::kFollower: {
      const std::optional<NodeId> lead = leader();
      std::vector<NodeId> followers;
      for (NodeId id : sim_.servers()) {
        if (sim_.is_up(id) && id != lead) followers.push_back(id);
      }
      if (followers.empty()) return std::nullopt;
      return followers[static_cast<std::size_t>(std::max(target.which - 1, 0)) % followers.size()];
    }
  }
  return std::nullopt;
}

void Nemesis::start_episode(const FaultEvent& event, std::size_t id) {
  const std::optional<NodeId> node = resolve(event.target);
  const bool needs_node = event.kind == FaultKind::kIsolate || event.kind == FaultKind::kSplit ||
                          event.kind == FaultKind::kCrash || event.kind == FaultKind::kPause;
  if (needs_node && !node) {
    act("skipped (no such server now): " + describe(event));
    return;
  }
  switch (event.kind) {
    case FaultKind::kIsolate:
    case FaultKind::kSplit: {
      const std::vector<NodeId> all = sim_.servers();
      const int size = event.kind == FaultKind::kIsolate ? 1 : std::clamp(event.count, 1, static_cast<int>(all.size()));
      std::vector<std::vector<NodeId>> groups(2);
      for (int i = 0; i < static_cast<int>(all.size()); ++i) {
        const NodeId member = all[static_cast<std::size_t>((*node - 1 + i) % static_cast<int>(all.size()))];
        groups[i < size ? 0 : 1].push_back(member);
      }
      partitions_[id] = groups;
      act(describe(event) + " -> node " + std::to_string(*node));
      apply_partitions();
      break;
    }
    case FaultKind::kCrash:
      if (!sim_.is_up(*node)) return;
      crashed_by_[*node] = id;
      crash_now(*node, 0, describe(event));
      break;
    case FaultKind::kPause:
      if (!sim_.is_up(*node) || sim_.is_paused(*node)) return;
      paused_by_[*node] = id;
      act(describe(event) + " -> node " + std::to_string(*node));
      sim_.pause(*node);
      break;
    case FaultKind::kCrashAtMoment:
      act("armed: " + describe(event));
      triggers_.push_back(Trigger{.moment = event.moment,
                                  .timing = event.timing,
                                  .node = event.target.kind == FaultTarget::Kind::kNode ? *node : kNoNode,
                                  .downtime = event.length,
                                  .crashed = {},
                                  .awaiting_departure = {}});
      if (event.target.kind != FaultTarget::Kind::kNode) triggers_.back().node = kNoNode;
      break;
    case FaultKind::kReplayOld:
      act(describe(event));
      replaying_[id] = event;
      break;
    case FaultKind::kDuplicate:
      act(describe(event));
      ++duplicating_;
      break;
    case FaultKind::kDisconnect:
      act(describe(event));
      disconnected_[id] = event.nodes;
      apply_partitions();
      break;
    case FaultKind::kPartition: {
      std::vector<std::vector<NodeId>> groups(2);
      for (NodeId server : sim_.servers()) {
        const bool inside = std::find(event.nodes.begin(), event.nodes.end(), server) != event.nodes.end();
        groups[inside ? 0 : 1].push_back(server);
      }
      act(describe(event));
      partitions_[id] = groups;
      apply_partitions();
      break;
    }
    case FaultKind::kNetwork:
      act(describe(event));
      networks_[id] = *network_profile_named(event.profile);
      apply_network();
      break;
  }
}

void Nemesis::end_episode(const FaultEvent& event, std::size_t id) {
  switch (event.kind) {
    case FaultKind::kIsolate:
    case FaultKind::kSplit:
    case FaultKind::kPartition:
      if (partitions_.erase(id) > 0) {
        act("end of: " + describe(event));
        apply_partitions();
      }
      break;
    case FaultKind::kCrash:
      if (const std::optional<NodeId> node = release(crashed_by_, id); node && !sim_.is_up(*node)) {
        act("restart node " + std::to_string(*node));
        sim_.restart(*node);
      }
      break;
    case FaultKind::kPause:
      if (const std::optional<NodeId> node = release(paused_by_, id);
          node && sim_.is_up(*node) && sim_.is_paused(*node)) {
        act("resume node " + std::to_string(*node));
        sim_.resume(*node);
      }
      break;
    case FaultKind::kCrashAtMoment: break;
    case FaultKind::kReplayOld: replaying_.erase(id); break;
    case FaultKind::kDuplicate: duplicating_ = std::max(0, duplicating_ - 1); break;
    case FaultKind::kDisconnect:
      if (disconnected_.erase(id) > 0) {
        act("end of: " + describe(event));
        apply_partitions();
      }
      break;
    case FaultKind::kNetwork:
      if (networks_.erase(id) > 0) {
        act("end of: " + describe(event));
        apply_network();
      }
      break;
  }
}

void Nemesis::apply_partitions() {
  std::set<NodeId> alone;
  for (const auto& [episode, nodes] : disconnected_) alone.insert(nodes.begin(), nodes.end());
  if (partitions_.empty()) {
    cluster_.connect_all();
    for (NodeId node : alone) cluster_.disconnect(node);
    return;
  }
  std::vector<std::vector<NodeId>> groups;
  for (const std::vector<NodeId>& group : partitions_.rbegin()->second) {
    groups.emplace_back();
    for (NodeId node : group) {
      if (!alone.contains(node)) groups.back().push_back(node);
    }
  }
  for (NodeId node : alone) groups.push_back({node});
  cluster_.partition(groups);
}

void Nemesis::apply_network() {
  cluster_.set_network(networks_.empty() ? baseline_network_ : networks_.rbegin()->second);
}

void Nemesis::stop() {
  for (sim::TimerId timer : timers_) sim_.cancel(timer);
  timers_.clear();
  triggers_.clear();
  replaying_.clear();
  duplicating_ = 0;
  if (!partitions_.empty() || !disconnected_.empty()) {
    partitions_.clear();
    disconnected_.clear();
    apply_partitions();
  }
  if (!networks_.empty()) {
    networks_.clear();
    apply_network();
  }
  paused_by_.clear();
  crashed_by_.clear();
  for (NodeId id : sim_.servers()) {
    if (!sim_.is_up(id)) {
      sim_.restart(id);
    } else if (sim_.is_paused(id)) {
      sim_.resume(id);
    }
  }
  act("stopped: every fault is over");
}

// ---------------------------------------------------------------- crashes at moments

void Nemesis::crash_at_next(Moment moment, CrashTiming timing, NodeId node, Micros downtime,
                            std::function<void(NodeId, Term)> crashed) {
  triggers_.push_back(Trigger{.moment = moment,
                              .timing = timing,
                              .node = node,
                              .downtime = downtime,
                              .crashed = std::move(crashed),
                              .awaiting_departure = {}});
}

void Nemesis::crash_now(NodeId node, Micros downtime, const std::string& why) {
  if (!sim_.is_up(node)) return;
  act("crash node " + std::to_string(node) + ": " + why);
  sim_.crash(node);
  if (downtime <= 0) return;
  timers_.push_back(sim_.schedule_after(downtime, [this, node] {
    if (sim_.is_up(node)) return;
    act("restart node " + std::to_string(node));
    sim_.restart(node);
  }));
}

// A server reached a moment: fire the first trigger waiting for it. Crashes
// happen right after the current step (a crash from inside a step is not
// allowed), at the same simulated instant.
void Nemesis::reached(NodeId node, Moment moment, bool reply_left, Term term) {
  for (auto it = triggers_.begin(); it != triggers_.end(); ++it) {
    Trigger& t = *it;
    if (t.moment != moment || (t.node != kNoNode && t.node != node)) continue;
    if (t.timing == CrashTiming::kAfterReplyLeft && !reply_left) {
      // Adopting a term has no reply of its own: wait for whatever message
      // leaves next carrying that term.
      if (moment == Moment::kAdoptedTerm) t.awaiting_departure[node] = term;
      continue;
    }
    if (t.timing == CrashTiming::kBeforeSync && reply_left) continue;
    const Micros downtime = t.downtime;
    auto crashed = std::move(t.crashed);
    const std::string why = "it reached '" + to_string(moment) + "' in term " + std::to_string(term) +
                            (reply_left ? " and its reply left" : ", before its storage synced");
    triggers_.erase(it);
    timers_.push_back(sim_.schedule_after(0, [this, node, term, downtime, why, crashed = std::move(crashed)] {
      if (!sim_.is_up(node)) return;
      crash_now(node, downtime, why);
      if (crashed) crashed(node, term);
    }));
    return;
  }
}

// ---------------------------------------------------------------- observing

void Nemesis::on_send(NodeId from, NodeId, const Message& message, std::size_t) {
  if (!is_server(from) || triggers_.empty()) return;
  if (is_grant(message)) {
    reached(from, Moment::kGrantedVote, false, std::get<RequestVoteReply>(message).term);
  } else if (is_ack(message)) {
    const auto& ack = std::get<AppendEntriesReply>(message);
    // Only an acknowledgement of entries that are not durable yet is a moment
    // worth a crash: the entries it vouches for are still being written.
    if (ack.match_index > sim_.storage(from).durable_log().size()) {
      reached(from, Moment::kAcknowledgedEntries, false, ack.term);
    }
  }
}

void Nemesis::on_depart(NodeId from, NodeId to, const Message& message) {
  if (!is_server(from) || !is_server(to)) return;
  if (!triggers_.empty()) {
    if (is_grant(message)) reached(from, Moment::kGrantedVote, true, std::get<RequestVoteReply>(message).term);
    if (is_ack(message)) reached(from, Moment::kAcknowledgedEntries, true, std::get<AppendEntriesReply>(message).term);
    if (const std::optional<Term> term = raft_term(message)) {
      for (Trigger& t : triggers_) {
        auto waiting = t.awaiting_departure.find(from);
        if (waiting != t.awaiting_departure.end() && *term >= waiting->second) {
          t.awaiting_departure.erase(waiting);
          reached(from, Moment::kAdoptedTerm, true, *term);
          break;
        }
      }
    }
  }
  // Copies for later: delivered again by the network long after, or twice.
  auto copy_later = [&](Micros latency) {
    timers_.push_back(sim_.schedule_after(0, [this, from, to, message, latency] {
      sim_.inject(from, to, message, latency);
    }));
  };
  if (!replaying_.empty()) {
    const FaultEvent& replay = replaying_.begin()->second;
    if (sim_.rng().chance(replay.share)) copy_later(sim_.rng().between(replay.delay_min, replay.delay_max));
  }
  if (duplicating_ > 0 && is_reply(message)) copy_later(sim_.rng().between(0, 2 * kMillisecond));
  if (keep_ && keep_(from, to, message)) kept_.push_back(Copy{from, to, message});
}

void Nemesis::after_step(NodeId node) {
  if (!is_server(node) || !sim_.is_up(node)) return;
  const NodeStatus status = sim_.status(node);
  Term& last = last_term_[node];
  const bool adopted = status.term > last && status.role == Role::kFollower;
  last = std::max(last, status.term);
  if (adopted && !triggers_.empty()) reached(node, Moment::kAdoptedTerm, false, status.term);
}

// ---------------------------------------------------------------- copies kept by scripts

void Nemesis::keep_copies(std::function<bool(NodeId, NodeId, const Message&)> keep) { keep_ = std::move(keep); }

void Nemesis::hold_back(std::function<bool(NodeId, NodeId, const Message&)> which) {
  keep_ = which;
  sim_.set_drop_filter(std::move(which));
}

std::vector<Nemesis::Copy> Nemesis::take_copies() { return std::exchange(kept_, {}); }

}  // namespace store::grading
