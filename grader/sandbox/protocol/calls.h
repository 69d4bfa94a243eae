// The calls the trusted grader makes into a host process, one table entry
// each. The boundary is exactly the API students implement (node/consensus.h,
// node/server.h, node/quorum.h): the harness's own wrappers (RaftHost) stay on the trusted
// side and reach the student's objects only through these calls.
//
// A call names the interface it runs on, its result and its arguments; both
// sides encode them generically (fields.h), so a new call is one entry here
// plus its place in kCalls. The host answers any call in kCalls; the trusted
// side makes it with Remote::call (client/host_link.h), from the stand-in's
// method (client/remote_nodes.cpp). Every call is a step of the node, as
// Simulator::call makes it: the harness makes its calls through that.
#pragma once

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "node/consensus.h"
#include "node/node.h"
#include "node/quorum.h"
#include "node/server.h"
#include "protocol/messages.h"

namespace store::sandbox {

enum class CallId : std::uint8_t {
  kMakeRaft = 1,
  kMakeKvServer = 2,
  kDestroy = 3,
  kMakeQuorumServer = 4,
  kRaftTick = 10,
  kRaftReceive = 11,
  kRaftPropose = 12,
  kRaftReadIndex = 13,
  kRaftTakeReadResults = 14,
  kRaftLeaseValid = 15,
  kNodeTick = 20,
  kNodeReceive = 21,
  kNodeOnApply = 22,
};

// A method of a hosted object. `run` is only ever called in the host.
template <class Target, class Result, class... Args>
struct Call {
  using TargetType = Target;
  using ResultType = Result;
  using ArgsTuple = std::tuple<Args...>;
  CallId id;
  const char* name;  // for messages: "node 3's tick"
  Result (*run)(Target&, Args&...);
};

// Making a hosted object: the factory students implement, with its configuration.
template <class Target, class Config>
struct Factory {
  using TargetType = Target;
  using ConfigType = Config;
  CallId id;
  const char* name;
};

inline constexpr Factory<Consensus, RaftConfig> kMakeRaft{CallId::kMakeRaft, "make_raft"};
inline constexpr Factory<Node, ServerConfig> kMakeKvServer{CallId::kMakeKvServer, "make_kv_server"};
// Lab 6's replica is a Node like the KV server: the same calls step it.
inline constexpr Factory<Node, QuorumConfig> kMakeQuorumServer{CallId::kMakeQuorumServer, "make_quorum_server"};

inline constexpr Call<Consensus, void> kRaftTick{CallId::kRaftTick, "tick", [](Consensus& raft) { raft.tick(); }};
inline constexpr Call<Consensus, void, NodeId, Message> kRaftReceive{
    CallId::kRaftReceive, "receive", [](Consensus& raft, NodeId& from, Message& message) { raft.receive(from, message); }};
inline constexpr Call<Consensus, Proposal, std::string> kRaftPropose{
    CallId::kRaftPropose, "propose",
    [](Consensus& raft, std::string& command) { return raft.propose(std::move(command)); }};

inline constexpr Call<Consensus, void, std::uint64_t> kRaftReadIndex{
    CallId::kRaftReadIndex, "read_index", [](Consensus& raft, std::uint64_t& context) { raft.read_index(context); }};
inline constexpr Call<Consensus, std::vector<ReadIndexResult>> kRaftTakeReadResults{
    CallId::kRaftTakeReadResults, "take_read_results", [](Consensus& raft) { return raft.take_read_results(); }};
inline constexpr Call<Consensus, bool> kRaftLeaseValid{CallId::kRaftLeaseValid, "lease_valid",
                                                       [](Consensus& raft) { return raft.lease_valid(); }};

inline constexpr Call<Node, void> kNodeTick{CallId::kNodeTick, "tick", [](Node& node) { node.tick(); }};
inline constexpr Call<Node, void, NodeId, Message> kNodeReceive{
    CallId::kNodeReceive, "receive", [](Node& node, NodeId& from, Message& message) { node.receive(from, message); }};
inline constexpr Call<Node, void, LogEntry> kNodeOnApply{
    CallId::kNodeOnApply, "on_apply", [](Node& node, LogEntry& entry) { node.on_apply(entry); }};

// Every call a host answers.
inline constexpr auto kCalls = std::tuple{kRaftTick,        kRaftReceive,          kRaftPropose,
                                          kRaftReadIndex,   kRaftTakeReadResults,  kRaftLeaseValid,
                                          kNodeTick,        kNodeReceive,          kNodeOnApply};

}  // namespace store::sandbox
