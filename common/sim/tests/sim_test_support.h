// Helpers shared by the simulator's tests: a client that records replies,
// a probe node that records what happens to it and acts on request, and an
// observer that records events.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "node/env.h"
#include "node/node.h"
#include "protocol/messages.h"
#include "sim/demo/register_node.h"
#include "sim/observer.h"
#include "sim/simulator.h"

namespace store::sim::testing {

// Joins the parts' printed forms. (Instead of `"text" + std::to_string(n)`,
// which g++ 12 at -O3 falsely flags under -Werror=restrict.)
template <class... Parts>
std::string cat(const Parts&... parts) {
  std::ostringstream out;
  (out << ... << parts);
  return out.str();
}

// A scratch file path unique to this process (tests of several build
// directories may run at once).
inline std::string temp_path(const std::string& name) {
  return cat(::testing::TempDir(), "store_sim_", ::getpid(), "_", name);
}

// Removes the file when the test is done with it.
struct TempFile {
  explicit TempFile(const std::string& name) : path(temp_path(name)) {}
  ~TempFile() { std::remove(path.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  std::string path;
};

// A harness client speaking the demo register's protocol.
class TestClient {
 public:
  explicit TestClient(Simulator& sim) : sim_(sim) {
    id_ = sim_.add_client([this](NodeId from, const Message& message) {
      if (const auto* reply = std::get_if<ClientReply>(&message)) replies_.push_back({from, *reply, sim_.now()});
    });
  }
  NodeId id() const { return id_; }

  std::uint64_t send(NodeId to, OpType op, std::string key, std::string value = "") {
    const std::uint64_t seq = ++seq_;
    sim_.client_send(id_, to,
                     ClientRequest{.client_id = static_cast<std::uint64_t>(id_),
                                   .seq = seq,
                                   .op = op,
                                   .key = std::move(key),
                                   .value = std::move(value)});
    return seq;
  }
  std::uint64_t put(NodeId to, std::string key, std::string value) {
    return send(to, OpType::kPut, std::move(key), std::move(value));
  }
  std::uint64_t get(NodeId to, std::string key) { return send(to, OpType::kGet, std::move(key)); }

  struct Received {
    NodeId from;
    ClientReply reply;
    Micros at;
  };
  const std::vector<Received>& replies() const { return replies_; }
  // The first reply to `seq`, if any came.
  std::optional<Received> reply_to(std::uint64_t seq) const {
    for (const auto& r : replies_) {
      if (r.reply.seq == seq) return r;
    }
    return std::nullopt;
  }
  bool answered(std::uint64_t seq) const { return reply_to(seq).has_value(); }

 private:
  Simulator& sim_;
  NodeId id_ = kNoNode;
  std::uint64_t seq_ = 0;
  std::vector<Received> replies_;
};

// A node that records its ticks (local times), deliveries and applies, and
// does what the test asks through public methods (used inside Simulator::call).
class ProbeNode : public Node {
 public:
  struct Options {
    bool echo = false;           // answer every ClientRequest with a ClientReply
    bool throw_on_tick = false;  // std::logic_error from tick()
    std::function<void(ProbeNode&)> on_tick;
  };

  ProbeNode(Env& env, Options options) : env_(env), options_(std::move(options)) {}

  void tick() override {
    ticks.push_back(env_.now());
    if (options_.throw_on_tick) throw std::logic_error(cat("probe node ", env_.id(), " failed on tick"));
    if (options_.on_tick) options_.on_tick(*this);
  }
  void receive(NodeId from, const Message& message) override {
    received.push_back({from, message});
    if (const auto* request = std::get_if<ClientRequest>(&message); request != nullptr && options_.echo) {
      env_.send(from, ClientReply{.client_id = request->client_id, .seq = request->seq, .value = request->value});
    }
  }
  void on_apply(const LogEntry& entry) override { applied.push_back({entry, env_.now()}); }
  NodeStatus status() const override {
    return NodeStatus{.last_log_index = env_.storage().last_index(),
                      .applied_index = applied.empty() ? 0 : applied.back().first.index};
  }

  Env& env() { return env_; }
  void send(NodeId to, Message message) { env_.send(to, std::move(message)); }
  void append(Index index, std::string data, Term term = 1) {
    const LogEntry entry[] = {{.term = term, .index = index, .data = std::move(data)}};
    env_.storage().append(entry);
  }
  void save(Term term, NodeId voted_for) { env_.storage().save_hard_state({term, voted_for}); }
  void apply(Index index) { env_.apply(LogEntry{.term = 1, .index = index, .data = cat("e", index)}); }

  std::vector<Micros> ticks;
  std::vector<std::pair<NodeId, Message>> received;
  std::vector<std::pair<LogEntry, Micros>> applied;

 private:
  Env& env_;
  Options options_;
};

inline NodeFactory probe_factory(ProbeNode::Options options = {}) {
  return [options](Env& env) { return std::make_unique<ProbeNode>(env, options); };
}

inline NodeFactory register_factory() {
  return [](Env& env) { return std::make_unique<demo::RegisterNode>(env); };
}

// Records what observers see, as short strings ("send 1->2 AppendEntries").
class RecordingObserver : public Observer {
 public:
  void on_send(NodeId from, NodeId to, const Message& m, std::size_t) override {
    events.push_back(cat("send ", from, "->", to, " ", message_name(m)));
  }
  void on_depart(NodeId from, NodeId to, const Message& m) override {
    events.push_back(cat("depart ", from, "->", to, " ", message_name(m)));
  }
  void on_deliver(NodeId from, NodeId to, const Message& m) override {
    events.push_back(cat("deliver ", from, "->", to, " ", message_name(m)));
  }
  void on_drop(NodeId from, NodeId to, const Message& m, DropReason reason) override {
    events.push_back(cat("drop ", from, "->", to, " ", message_name(m), " ", to_string(reason)));
  }
  void on_hard_state_saved(NodeId node, const HardState& state) override {
    events.push_back(cat("save ", node, " term ", state.term));
  }
  void on_entries_appended(NodeId node, std::span<const LogEntry> entries) override {
    events.push_back(cat("append ", node, " ", entries.front().index, "..", entries.back().index));
  }
  void on_truncated(NodeId node, Index from) override { events.push_back(cat("truncate ", node, " from ", from)); }
  void on_synced(NodeId node, std::uint64_t writes) override { events.push_back(cat("sync ", node, " ", writes)); }
  void on_apply(NodeId node, const LogEntry& entry) override {
    events.push_back(cat("apply ", node, " ", entry.index));
  }
  void on_crash(NodeId node) override { events.push_back(cat("crash ", node)); }
  void on_restart(NodeId node) override { events.push_back(cat("restart ", node)); }
  void on_pause(NodeId node) override { events.push_back(cat("pause ", node)); }
  void on_resume(NodeId node) override { events.push_back(cat("resume ", node)); }
  void after_step(NodeId) override { ++steps; }

  bool saw(const std::string& event) const {
    for (const auto& e : events) {
      if (e == event) return true;
    }
    return false;
  }
  std::size_t count_prefix(const std::string& prefix) const {
    std::size_t n = 0;
    for (const auto& e : events) n += e.rfind(prefix, 0) == 0 ? 1 : 0;
    return n;
  }

  std::vector<std::string> events;
  std::uint64_t steps = 0;
};

}  // namespace store::sim::testing
