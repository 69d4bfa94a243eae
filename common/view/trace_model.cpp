#include "view/trace_model.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <tuple>
#include <unordered_map>

#include "view/message_summary.h"

namespace store::view {

using nlohmann::json;

const char* message_kind_name(MessageKind kind) {
  switch (kind) {
    case MessageKind::kRequestVote: return "RequestVote";
    case MessageKind::kRequestVoteReply: return "RequestVoteReply";
    case MessageKind::kAppendEntries: return "AppendEntries";
    case MessageKind::kHeartbeat: return "heartbeat";
    case MessageKind::kAppendEntriesReply: return "AppendEntriesReply";
    case MessageKind::kClientRequest: return "ClientRequest";
    case MessageKind::kClientReply: return "ClientReply";
    case MessageKind::kOther: return "other";
  }
  return "other";
}

bool NetState::whole() const {
  if (!cuts.empty()) return false;
  if (std::find(isolated.begin(), isolated.end(), true) != isolated.end()) return false;
  std::set<int> groups;
  for (int g : group) {
    if (g >= 0) groups.insert(g);
  }
  // Everyone in one group (or in none) reaches everyone.
  return groups.size() <= 1 && (groups.empty() || std::count(group.begin(), group.end(), -1) == 0);
}

std::optional<Micros> TraceModel::violation_time() const {
  if (stop) return stop->t;
  if (stuck) return stuck->ret;
  // The grader's time is where the run was stopped, which for a cut trace is past the file's end.
  if (verdict) return std::min(verdict->t, end_time);
  return std::nullopt;
}

namespace {

constexpr NodeId kFirstClientId = 1000;  // as core/types.h

std::int64_t int_field(const json& line, const char* key, std::int64_t fallback = 0) {
  auto it = line.find(key);
  if (it == line.end() || !it->is_number()) return fallback;
  return it->get<std::int64_t>();
}

std::string text_field(const json& line, const char* key) {
  auto it = line.find(key);
  if (it == line.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

// checker::explain names the operation it got stuck on "(client C, line L, t CALL..RETURN)".
std::optional<StuckOperation> stuck_operation(const std::string& message) {
  static const std::regex pattern(R"(\(client (\d+)(?:, line \d+)?, t (\d+)\.\.(\d+)\))");
  std::smatch match;
  if (!std::regex_search(message, match, pattern)) return std::nullopt;
  try {
    return StuckOperation{static_cast<NodeId>(std::stol(match[1])), std::stoll(match[2]), std::stoll(match[3])};
  } catch (const std::exception&) {
    return std::nullopt;  // numbers out of range: not the checker's words
  }
}

std::string signed_duration(std::int64_t us) { return (us >= 0 ? "+" : "-") + duration_text(us >= 0 ? us : -us); }

// Reads lines in order and builds the model; one instance per file.
class Reader {
 public:
  void line(const json& j, std::uint64_t number);
  bool has_header() const { return have_header_; }
  TraceModel finish();

 private:
  void header(const json& j);
  void send(Micros t, const json& j);
  void arrive(Micros t, const json& j, bool delivered);
  void client_request(Micros t, NodeId from, const json& msg);
  void client_reply(Micros t, NodeId to, const json& msg);
  void note_endpoint(NodeId id);
  void mark(Micros t, NodeId node, std::string kind, std::string text) {
    model_.marks.push_back(Mark{t, node, std::move(kind), std::move(text)});
  }
  void net_changed(Micros t, std::string what);
  void status(Micros t, const json& j);
  void node_down(Micros t, NodeId node);

  TraceModel model_;
  bool have_header_ = false;
  std::unordered_map<std::uint64_t, std::vector<std::size_t>> flights_by_id_;
  std::map<std::tuple<NodeId, std::uint64_t, std::uint64_t>, std::size_t> operations_;  // (client, id, seq)
  std::set<NodeId> clients_;
  // Connectivity as the simulator keeps it (sim/connectivity.h), servers only.
  std::vector<int> group_;
  std::vector<bool> isolated_;
  std::set<std::pair<NodeId, NodeId>> cuts_;
  std::map<std::string, std::uint64_t> unknown_;
};

void Reader::header(const json& j) {
  model_.seed = text_field(j, "seed");
  model_.servers = static_cast<int>(int_field(j, "servers"));
  model_.tick_interval = int_field(j, "tick_interval");
  model_.network = text_field(j, "network");
  if (model_.servers < 1 || model_.servers >= kFirstClientId) {
    throw TraceError("line 1: the start line gives no sensible number of servers");
  }
  group_.assign(static_cast<std::size_t>(model_.servers), -1);
  isolated_.assign(static_cast<std::size_t>(model_.servers), false);
  model_.net.push_back(NetState{0, "start", group_, isolated_, {}});
  have_header_ = true;
}

void Reader::note_endpoint(NodeId id) {
  if (id >= kFirstClientId) clients_.insert(id);
}

void Reader::line(const json& j, std::uint64_t number) {
  if (!j.is_object() || !j.contains("ev") || !j["ev"].is_string() || !j.contains("t")) {
    throw TraceError("line " + std::to_string(number) + ": not a trace event (every line has \"t\" and \"ev\")");
  }
  const std::string ev = j["ev"].get<std::string>();
  const Micros t = int_field(j, "t");
  ++model_.lines;
  if (!have_header_) {
    if (ev != "start" || !j.contains("seed")) {
      throw TraceError(
          "line 1: not a simulator trace (it should begin with {\"t\":0,\"ev\":\"start\",\"seed\":...}); "
          "traces are written by the grader for failing seeds, under .store/traces/");
    }
    header(j);
    return;
  }
  if (ev != "verdict") model_.end_time = std::max(model_.end_time, t);
  const auto node = static_cast<NodeId>(int_field(j, "node"));
  const auto from = static_cast<NodeId>(int_field(j, "from"));
  const auto to = static_cast<NodeId>(int_field(j, "to"));

  if (ev == "send") {
    send(t, j);
  } else if (ev == "deliver") {
    arrive(t, j, /*delivered=*/true);
  } else if (ev == "drop") {
    arrive(t, j, /*delivered=*/false);
  } else if (ev == "status") {
    status(t, j);
  } else if (ev == "start") {
    // A server's first start; its status line follows.
  } else if (ev == "restart") {
    mark(t, node, ev, "restarted: recovers from what its storage kept");
  } else if (ev == "crash") {
    mark(t, node, ev, "crashed: volatile state and unsynced writes lost");
    node_down(t, node);
  } else if (ev == "pause") {
    mark(t, node, ev, "paused: no ticks, deliveries or applies");
  } else if (ev == "resume") {
    mark(t, node, ev, "resumed");
  } else if (ev == "isolate") {
    if (node >= 1 && node <= model_.servers) isolated_[static_cast<std::size_t>(node - 1)] = true;
    net_changed(t, "isolate " + std::to_string(node));
  } else if (ev == "heal") {
    std::fill(group_.begin(), group_.end(), -1);
    std::fill(isolated_.begin(), isolated_.end(), false);
    cuts_.clear();
    net_changed(t, "heal");
  } else if (ev == "cut" || ev == "uncut") {
    if (ev == "cut") {
      cuts_.insert({from, to});
    } else {
      cuts_.erase({from, to});
    }
    net_changed(t, ev + " " + std::to_string(from) + "→" + std::to_string(to));
  } else if (ev == "partition") {
    std::fill(group_.begin(), group_.end(), -1);
    std::string what = "partition";
    const json& groups = j.contains("groups") ? j["groups"] : json::array();
    for (std::size_t g = 0; g < groups.size(); ++g) {
      what += g == 0 ? " " : " | ";
      std::string members;
      for (const json& id : groups[g]) {
        const auto member = id.get<NodeId>();
        members += (members.empty() ? "" : ",") + std::to_string(member);
        if (member >= 1 && member <= model_.servers) group_[static_cast<std::size_t>(member - 1)] = static_cast<int>(g);
        note_endpoint(member);
      }
      what += "{" + members + "}";
    }
    net_changed(t, what);
  } else if (ev == "forge") {
    note_endpoint(from);
    note_endpoint(to);
    mark(t, to, ev, "a message forged as if from " + std::to_string(from) + " (a late or duplicated copy)");
  } else if (ev == "network") {
    const std::string where =
        from == 0 && to == 0 ? "every link" : "link " + std::to_string(from) + "→" + std::to_string(to);
    mark(t, 0, ev, where + ": " + text_field(j, "profile"));
  } else if (ev == "clock") {
    mark(
        t, node, ev,
        "clock offset " + signed_duration(int_field(j, "a")) + ", drift " + std::to_string(int_field(j, "b")) + " ppm");
  } else if (ev == "clock-jump") {
    mark(t, node, ev, "clock jumped " + signed_duration(int_field(j, "a")));
  } else if (ev == "apply-lag") {
    mark(t, node, ev, "apply lag " + duration_text(int_field(j, "a")));
  } else if (ev == "fsync-latency") {
    mark(t, node, ev, "fsync latency " + duration_text(int_field(j, "a")));
  } else if (ev == "save") {
    const std::int64_t voted = int_field(j, "voted_for");
    mark(t, node, ev,
         "saved term " + std::to_string(int_field(j, "term")) +
             (voted != 0 ? ", voted for " + std::to_string(voted) : ", no vote"));
  } else if (ev == "append") {
    const std::int64_t first = int_field(j, "first");
    const std::int64_t last = int_field(j, "last");
    mark(t, node, ev,
         "appended " +
             (first == last ? "entry " + std::to_string(first)
                            : "entries " + std::to_string(first) + ".." + std::to_string(last)) +
             " (last term " + std::to_string(int_field(j, "last_term")) + ")");
  } else if (ev == "truncate") {
    mark(t, node, ev, "log truncated from index " + std::to_string(int_field(j, "from")));
  } else if (ev == "sync") {
    const std::int64_t writes = int_field(j, "writes");
    mark(t, node, ev, std::to_string(writes) + (writes == 1 ? " write" : " writes") + " made durable");
  } else if (ev == "trace") {
    mark(t, node, ev, text_field(j, "text"));
  } else if (ev == "note") {
    mark(t, 0, ev, text_field(j, "text"));
  } else if (ev == "stopped") {
    model_.stop = Stop{t, node, text_field(j, "text")};
  } else if (ev == "trace-cut") {
    model_.cut =
        Cut{t, static_cast<std::uint64_t>(int_field(j, "bytes")), static_cast<std::uint64_t>(int_field(j, "limit"))};
  } else if (ev == "trace-end") {
    model_.end = End{t, static_cast<std::uint64_t>(int_field(j, "events")),
                     static_cast<std::uint64_t>(int_field(j, "not_written")), text_field(j, "hash")};
  } else if (ev == "verdict") {
    model_.verdict = Verdict{t,
                             text_field(j, "test"),
                             text_field(j, "seed"),
                             text_field(j, "impl"),
                             text_field(j, "message"),
                             text_field(j, "replay"),
                             text_field(j, "rerun")};
    model_.stuck = stuck_operation(model_.verdict->message);
  } else if (ev == "tick" || ev == "apply" || ev == "on_apply" || ev == "call" || ev == "timer") {
    // Shown through the status lines (commit and apply indexes), or not at all.
  } else {
    ++unknown_[ev];
  }
}

void Reader::send(Micros t, const json& j) {
  Flight flight;
  flight.sent = t;
  flight.ended = t;
  flight.from = static_cast<NodeId>(int_field(j, "from"));
  flight.to = static_cast<NodeId>(int_field(j, "to"));
  flight.id = static_cast<std::uint64_t>(int_field(j, "id"));
  const json& msg = j.contains("msg") ? j["msg"] : json::object();
  flight.kind = message_kind(msg);
  flight.summary = summarize_message(msg);
  note_endpoint(flight.from);
  note_endpoint(flight.to);
  if (flight.kind == MessageKind::kClientRequest && flight.from >= kFirstClientId) client_request(t, flight.from, msg);
  flights_by_id_[flight.id].push_back(model_.flights.size());
  model_.flights.push_back(std::move(flight));
}

void Reader::arrive(Micros t, const json& j, bool delivered) {
  const auto id = static_cast<std::uint64_t>(int_field(j, "id"));
  const auto to = static_cast<NodeId>(int_field(j, "to"));
  std::vector<std::size_t>& copies = flights_by_id_[id];
  Flight* flight = nullptr;
  for (std::size_t index : copies) {
    if (model_.flights[index].fate == Fate::kInFlight) {
      flight = &model_.flights[index];
      break;
    }
  }
  if (flight == nullptr) {
    Flight copy;
    if (!copies.empty()) {
      copy = model_.flights[copies.front()];  // a duplicate: the same send, a second arrival
      copy.duplicate = true;
    } else {
      copy.sent = t;  // forged: handed over at once, never sent
      copy.from = static_cast<NodeId>(int_field(j, "from"));
      copy.to = to;
      copy.id = id;
      copy.forged = true;
      const json& msg = j.contains("msg") ? j["msg"] : json::object();
      copy.kind = j.contains("msg") ? message_kind(msg) : kind_from_name(text_field(j, "type"));
      copy.summary = j.contains("msg") ? summarize_message(msg) : text_field(j, "type");
      note_endpoint(copy.from);
      note_endpoint(copy.to);
    }
    copies.push_back(model_.flights.size());
    model_.flights.push_back(std::move(copy));
    flight = &model_.flights.back();
  }
  flight->ended = t;
  flight->fate = delivered ? Fate::kDelivered : Fate::kDropped;
  if (!delivered) flight->drop_reason = text_field(j, "reason");
  if (delivered && flight->kind == MessageKind::kClientReply && to >= kFirstClientId && j.contains("msg")) {
    client_reply(t, to, j["msg"]);
  }
}

void Reader::client_request(Micros t, NodeId from, const json& msg) {
  const auto client_id = msg.value("client_id", std::uint64_t{0});
  const auto seq = msg.value("seq", std::uint64_t{0});
  auto [it, inserted] = operations_.try_emplace({from, client_id, seq}, model_.operations.size());
  if (inserted) {
    Operation op;
    op.client = from;
    op.client_id = client_id;
    op.seq = seq;
    op.start = t;
    op.label = operation_label(msg);
    model_.operations.push_back(std::move(op));
  }
  ++model_.operations[it->second].attempts;
}

void Reader::client_reply(Micros t, NodeId to, const json& msg) {
  auto it = operations_.find({to, msg.value("client_id", std::uint64_t{0}), msg.value("seq", std::uint64_t{0})});
  if (it == operations_.end()) return;
  Operation& op = model_.operations[it->second];
  if (op.end >= 0) return;  // a late duplicate reply
  const std::string status = msg.value("status", std::string());
  if (status == "not-leader" || status == "retry") return;  // the clerk tries again
  op.end = t;
  op.outcome = reply_outcome(op, msg);
}

void Reader::net_changed(Micros t, std::string what) {
  NetState state{t, std::move(what), group_, isolated_, {cuts_.begin(), cuts_.end()}};
  model_.net.push_back(std::move(state));
}

void Reader::status(Micros t, const json& j) {
  StatusPoint p;
  p.t = t;
  p.node = static_cast<NodeId>(int_field(j, "node"));
  p.role = static_cast<int>(int_field(j, "role"));
  p.term = int_field(j, "term");
  p.commit = int_field(j, "commit");
  p.applied = int_field(j, "applied");
  p.last = int_field(j, "last");
  p.leader = static_cast<NodeId>(int_field(j, "leader"));
  model_.statuses.push_back(p);
}

void Reader::node_down(Micros t, NodeId node) {
  StatusPoint p;
  p.t = t;
  p.node = node;
  p.up = false;
  // Keep the indexes the crashed server had, so that its plot does not jump.
  for (auto it = model_.statuses.rbegin(); it != model_.statuses.rend(); ++it) {
    if (it->node == node) {
      p.term = it->term;
      p.commit = it->commit;
      p.applied = it->applied;
      p.last = it->last;
      break;
    }
  }
  model_.statuses.push_back(p);
}

TraceModel Reader::finish() {
  if (!have_header_) throw TraceError("the file is empty: not a trace");
  for (Flight& f : model_.flights) {
    if (f.fate == Fate::kInFlight) f.ended = model_.end_time;
  }
  std::stable_sort(model_.flights.begin(), model_.flights.end(),
                   [](const Flight& a, const Flight& b) { return a.sent < b.sent; });
  model_.clients.assign(clients_.begin(), clients_.end());
  for (const auto& [ev, count] : unknown_) {
    model_.warnings.push_back("ignored " + std::to_string(count) + " line(s) of an unknown event '" + ev + "'");
  }
  return std::move(model_);
}

}  // namespace

TraceModel read_trace(std::istream& in) {
  Reader reader;
  std::string text;
  std::uint64_t number = 0;
  std::optional<std::string> broken;  // a line that did not parse: fine only as the very last one
  std::uint64_t broken_at = 0;
  while (std::getline(in, text)) {
    ++number;
    if (text.empty()) continue;
    if (broken) throw TraceError("line " + std::to_string(broken_at) + " is not JSON (" + *broken + ")");
    json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
      broken = text.size() > 60 ? text.substr(0, 60) + "..." : text;
      broken_at = number;
      continue;
    }
    reader.line(j, number);
  }
  if (broken && !reader.has_header()) throw TraceError("line 1 is not JSON: this is not a trace");
  TraceModel model = reader.finish();
  if (broken) {
    model.warnings.push_back("the last line (" + std::to_string(broken_at) +
                             ") is incomplete: the run was stopped while it wrote its trace");
  }
  return model;
}

TraceModel read_trace_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TraceError("cannot read " + path);
  return read_trace(in);
}

}  // namespace store::view
