// The nemesis: plays a FaultPlan against a simulated cluster, and reaches the
// schedules that plain random faults almost never do:
//
//   - crashes at protocol-chosen moments: right after a server grants a vote,
//     acknowledges entries or adopts a newer term, either before its storage
//     synced what that moment wrote or just after its reply left (the
//     "persist before you speak" bugs live exactly there);
//   - old messages delivered again long after elections moved on (copies of
//     what left, arriving hundreds of milliseconds to seconds late), and
//     duplicated replies;
//   - leaders deposed by partition rather than by crash, so that their
//     in-memory state survives into a later term.
//
// The nemesis decides from what servers observably do (messages, storage
// writes, reported status), never from how they are written inside. Every
// action is noted in the trace and in the test's log.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/observer.h"
#include "sim/simulator.h"
#include "support/fault_plan.h"

namespace store::grading {

class Cluster;

class Nemesis final : public sim::Observer {
 public:
  explicit Nemesis(Cluster& cluster);
  ~Nemesis() override;
  Nemesis(const Nemesis&) = delete;
  Nemesis& operator=(const Nemesis&) = delete;

  // Plays `plan` from now on: each episode starts at now + event.at.
  void play(const FaultPlan& plan);
  // Ends every episode at once: partitions healed, crashed servers restarted,
  // paused ones resumed, triggers disarmed. Scenarios call it before their
  // final liveness checks.
  void stop();

  // For scripted scenarios: crash the next server (or `node`, if given) that
  // reaches `moment`, restart it `downtime` later (never, if 0), and call
  // `crashed` with its id and the moment's term when the crash happens.
  void crash_at_next(Moment moment, CrashTiming timing, NodeId node, Micros downtime,
                     std::function<void(NodeId, Term)> crashed = {});
  // Disarms every crash trigger that has not fired yet.
  void disarm() { triggers_.clear(); }
  // For scripted scenarios: keep a copy of every Raft message that leaves
  // and satisfies `keep` (an empty function stops keeping), to hand back
  // with take_copies().
  struct Copy {
    NodeId from, to;
    Message message;
  };
  void keep_copies(std::function<bool(NodeId from, NodeId to, const Message& message)> keep);
  // The same, and the originals are lost as they leave: held back, by
  // content, for take_copies() to hand over (an empty function stops it).
  void hold_back(std::function<bool(NodeId from, NodeId to, const Message& message)> which);
  std::vector<Copy> take_copies();

  // The server that leads the highest term among the running ones, if any.
  std::optional<NodeId> leader() const;
  // What the nemesis did so far, one line per action.
  const std::vector<std::string>& actions() const { return actions_; }

  void on_send(NodeId from, NodeId to, const Message& message, std::size_t wire_size) override;
  void on_depart(NodeId from, NodeId to, const Message& message) override;
  void after_step(NodeId node) override;

 private:
  struct Trigger {
    Moment moment;
    CrashTiming timing;
    NodeId node;  // kNoNode: any server
    Micros downtime;
    std::function<void(NodeId, Term)> crashed;
    // After-reply-left: the server reached the moment; crash it when a
    // message of at least this term leaves it.
    std::map<NodeId, Term> awaiting_departure;
  };
  void start_episode(const FaultEvent& event, std::size_t id);
  void end_episode(const FaultEvent& event, std::size_t id);
  std::optional<NodeId> resolve(const FaultTarget& target) const;
  void apply_partitions();
  void apply_network();
  void reached(NodeId node, Moment moment, bool reply_left, Term term);
  void crash_now(NodeId node, Micros downtime, const std::string& why);
  void act(const std::string& what);
  bool is_server(NodeId id) const { return !is_client_id(id); }

  Cluster& cluster_;
  sim::Simulator& sim_;
  std::vector<sim::TimerId> timers_;
  std::vector<Trigger> triggers_;
  // Partition episodes in force, by episode id: the latest one applies, and
  // every server a disconnect episode cut off is on its own besides.
  std::map<std::size_t, std::vector<std::vector<NodeId>>> partitions_;
  std::map<std::size_t, std::vector<NodeId>> disconnected_;
  // Network episodes in force, by episode id: the latest applies; else the cluster's own.
  std::map<std::size_t, sim::NetworkProfile> networks_;
  sim::NetworkProfile baseline_network_;
  std::map<NodeId, std::size_t> crashed_by_;  // server -> episode that crashed it
  std::map<NodeId, std::size_t> paused_by_;
  std::map<std::size_t, FaultEvent> replaying_;
  int duplicating_ = 0;
  std::map<NodeId, Term> last_term_;  // as last seen, for kAdoptedTerm
  std::function<bool(NodeId, NodeId, const Message&)> keep_;
  std::vector<Copy> kept_;
  std::vector<std::string> actions_;
};

}  // namespace store::grading
