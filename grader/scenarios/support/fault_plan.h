// A schedule of faults, drawn before a run and then played by the Nemesis.
//
// Each fault is an episode with a start and a length (a partition and its
// heal, a crash and its restart, a clock that drifts for a while), so that any
// subset of the episodes, or the same episodes made shorter, is still a
// schedule that makes sense: what a shrinker needs to search for the smallest
// schedule that still fails. Targets are named by role where that matters
// ("the leader", "the second follower"), and resolved when the episode
// starts, so that a schedule means the same thing whoever leads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/types.h"
#include "sim/network_profile.h"

namespace store::grading {

enum class FaultKind : std::uint8_t {
  kIsolate,        // cut `target` off from every other server (clients still reach it)
  kSplit,          // `target` and `count - 1` more servers on one side, the rest on the other
  kCrash,          // crash `target`; restart it when the episode ends
  kPause,          // pause `target` (its clock keeps running); resume it at the end
  kCrashAtMoment,  // crash the next server to reach `moment` (see below); restart after `length`
  kReplayOld,      // copies of Raft messages that leave during the episode arrive again, long after
  kDuplicate,      // vote replies and AppendEntries replies that leave arrive twice
  kDisconnect,     // cut each of `nodes` off from everyone (MIT's disconnect); composes with other disconnects
  kPartition,      // `nodes` on one side, every other server on the other (clients reach both)
  kNetwork,        // the network between everyone behaves as `profile` ("unreliable", "wan", "lan")
};

// Where persistence bugs live: the moments at which a crash loses exactly
// what a server should have written before it spoke.
enum class Moment : std::uint8_t {
  kGrantedVote,           // it granted a vote
  kAcknowledgedEntries,   // it answered AppendEntries with success
  kAdoptedTerm,           // it moved to a newer term
};

// Whether a moment's crash comes before the server's storage synced what the
// moment wrote (its reply is then still held back, and lost), or after its
// reply has left.
enum class CrashTiming : std::uint8_t { kBeforeSync, kAfterReplyLeft };

// Who an episode acts on, resolved when it starts.
struct FaultTarget {
  enum class Kind : std::uint8_t { kNode, kLeader, kFollower } kind = Kind::kNode;
  // kNode: the server's id. kFollower: which follower, counting the running
  // servers that do not lead in id order, modulo their number.
  int which = 1;
};

struct FaultEvent {
  Micros at = 0;      // from the start of the schedule
  Micros length = 0;  // how long the fault lasts
  FaultKind kind = FaultKind::kIsolate;
  FaultTarget target;
  int count = 1;  // kSplit: the size of the target's side
  Moment moment = Moment::kGrantedVote;
  CrashTiming timing = CrashTiming::kBeforeSync;
  // kReplayOld: the share of messages copied, and how late the copies come.
  double share = 0;
  Micros delay_min = 0;
  Micros delay_max = 0;
  std::vector<NodeId> nodes;  // kDisconnect, kPartition
  std::string profile;        // kNetwork

  bool operator==(const FaultEvent&) const = default;
};

struct FaultPlan {
  std::vector<FaultEvent> events;  // by start time
  Micros end() const;              // when the last episode is over
  bool operator==(const FaultPlan&) const = default;
};

std::string to_string(FaultKind kind);
std::string to_string(Moment moment);
// The network profiles a kNetwork episode may name; nullopt for another name.
std::optional<sim::NetworkProfile> network_profile_named(const std::string& name);
// One line, e.g. "at 1200 ms for 300 ms: isolate the leader".
std::string describe(const FaultEvent& event);

// The plan as JSON, and back (throws std::invalid_argument naming the
// problem for anything malformed).
nlohmann::json to_json(const FaultPlan& plan);
FaultPlan plan_from_json(const nlohmann::json& json);

}  // namespace store::grading

namespace store::grader {
class TestContext;
}  // namespace store::grader

namespace store::grading {

// The plan a randomized scenario plays: the one it drew, unless the grader
// gives another (--schedule, --shrink; see TestContext::schedule). A given
// plan that is not valid ends the run as bad input.
FaultPlan plan_to_play(grader::TestContext& ctx, const FaultPlan& drawn);

}  // namespace store::grading
