#include "support/fault_plan.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <utility>

#include <nlohmann/json.hpp>

#include "framework/test_context.h"

namespace store::grading {

namespace {

constexpr std::array<std::pair<FaultKind, const char*>, 10> kKinds{{{FaultKind::kIsolate, "isolate"},
                                                                    {FaultKind::kSplit, "split"},
                                                                    {FaultKind::kCrash, "crash"},
                                                                    {FaultKind::kPause, "pause"},
                                                                    {FaultKind::kCrashAtMoment, "crash-at-moment"},
                                                                    {FaultKind::kReplayOld, "replay-old"},
                                                                    {FaultKind::kDuplicate, "duplicate"},
                                                                    {FaultKind::kDisconnect, "disconnect"},
                                                                    {FaultKind::kPartition, "partition"},
                                                                    {FaultKind::kNetwork, "network"}}};
constexpr std::array<std::pair<Moment, const char*>, 3> kMoments{{{Moment::kGrantedVote, "granted-vote"},
                                                                  {Moment::kAcknowledgedEntries, "acknowledged"},
                                                                  {Moment::kAdoptedTerm, "adopted-term"}}};
constexpr std::array<std::pair<CrashTiming, const char*>, 2> kTimings{
    {{CrashTiming::kBeforeSync, "before-sync"}, {CrashTiming::kAfterReplyLeft, "after-reply-left"}}};
constexpr std::array<std::pair<FaultTarget::Kind, const char*>, 3> kTargets{
    {{FaultTarget::Kind::kNode, "node"}, {FaultTarget::Kind::kLeader, "leader"}, {FaultTarget::Kind::kFollower, "follower"}}};

template <class Enum, std::size_t N>
const char* name_of(const std::array<std::pair<Enum, const char*>, N>& table, Enum value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "?";
}

template <class Enum, std::size_t N>
Enum parse(const std::array<std::pair<Enum, const char*>, N>& table, const std::string& text, const char* what) {
  for (const auto& [v, name] : table) {
    if (text == name) return v;
  }
  std::string known;
  for (const auto& entry : table) known += (known.empty() ? "" : ", ") + std::string(entry.second);
  throw std::invalid_argument(std::string("unknown ") + what + " '" + text + "' (known: " + known + ")");
}

std::string ms(Micros t) { return std::to_string(t / kMillisecond) + " ms"; }

std::string node_list(const std::vector<NodeId>& nodes) {
  std::string text = nodes.size() == 1 ? "node " : "nodes ";
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    text += (i == 0 ? "" : i + 1 == nodes.size() ? " and " : ", ") + std::to_string(nodes[i]);
  }
  return text;
}

std::string target_text(const FaultTarget& target) {
  switch (target.kind) {
    case FaultTarget::Kind::kNode: return "node " + std::to_string(target.which);
    case FaultTarget::Kind::kLeader: return "the leader";
    case FaultTarget::Kind::kFollower: return "follower #" + std::to_string(target.which);
  }
  return "?";
}

// Whether an episode of this kind acts on the server its target names.
bool targeted(FaultKind kind) {
  return kind == FaultKind::kIsolate || kind == FaultKind::kSplit || kind == FaultKind::kCrash ||
         kind == FaultKind::kPause || kind == FaultKind::kCrashAtMoment;
}

}  // namespace

Micros FaultPlan::end() const {
  Micros end = 0;
  for (const FaultEvent& e : events) end = std::max(end, e.at + e.length);
  return end;
}

std::string to_string(FaultKind kind) { return name_of(kKinds, kind); }
std::string to_string(Moment moment) { return name_of(kMoments, moment); }

std::optional<sim::NetworkProfile> network_profile_named(const std::string& name) {
  if (name == "lan") return sim::NetworkProfile::lan();
  if (name == "unreliable") return sim::NetworkProfile::unreliable();
  if (name == "wan") return sim::NetworkProfile::wan();
  return std::nullopt;
}

std::string describe(const FaultEvent& e) {
  std::string what;
  switch (e.kind) {
    case FaultKind::kIsolate: what = "isolate " + target_text(e.target); break;
    case FaultKind::kSplit:
      what = "split " + target_text(e.target) + " and " + std::to_string(e.count - 1) + " more from the rest";
      break;
    case FaultKind::kCrash: what = "crash " + target_text(e.target) + ", then restart it"; break;
    case FaultKind::kPause: what = "pause " + target_text(e.target); break;
    case FaultKind::kCrashAtMoment:
      what = "crash the next server that reaches '" + to_string(e.moment) + "' (" + name_of(kTimings, e.timing) +
             "), restart it after " + ms(e.length);
      break;
    case FaultKind::kReplayOld:
      what = "deliver again " + std::to_string(static_cast<int>(e.share * 100)) + "% of Raft messages, " +
             ms(e.delay_min) + " to " + ms(e.delay_max) + " late";
      break;
    case FaultKind::kDuplicate: what = "duplicate every vote and AppendEntries reply"; break;
    case FaultKind::kDisconnect: what = "disconnect " + node_list(e.nodes) + " from everyone"; break;
    case FaultKind::kPartition: what = "partition " + node_list(e.nodes) + " from the other servers"; break;
    case FaultKind::kNetwork: what = "make the network " + e.profile; break;
  }
  return "at " + ms(e.at) + " for " + ms(e.length) + ": " + what;
}

nlohmann::json to_json(const FaultPlan& plan) {
  nlohmann::json events = nlohmann::json::array();
  for (const FaultEvent& e : plan.events) {
    nlohmann::json j{{"at_us", e.at}, {"length_us", e.length}, {"kind", to_string(e.kind)}};
    if (targeted(e.kind)) {
      j["target"] = name_of(kTargets, e.target.kind);
      j["which"] = e.target.which;
    }
    if (e.kind == FaultKind::kSplit) j["count"] = e.count;
    if (e.kind == FaultKind::kCrashAtMoment) {
      j["moment"] = to_string(e.moment);
      j["timing"] = name_of(kTimings, e.timing);
    }
    if (e.kind == FaultKind::kDisconnect || e.kind == FaultKind::kPartition) j["nodes"] = e.nodes;
    if (e.kind == FaultKind::kNetwork) j["profile"] = e.profile;
    if (e.kind == FaultKind::kReplayOld) {
      j["share"] = e.share;
      j["delay_min_us"] = e.delay_min;
      j["delay_max_us"] = e.delay_max;
    }
    j["what"] = describe(e);
    events.push_back(std::move(j));
  }
  return nlohmann::json{{"events", std::move(events)}};
}

FaultPlan plan_from_json(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("events") || !json["events"].is_array()) {
    throw std::invalid_argument("a fault schedule is a JSON object with an \"events\" array");
  }
  FaultPlan plan;
  std::size_t i = 0;
  for (const nlohmann::json& j : json["events"]) {
    try {
      FaultEvent e;
      e.at = j.at("at_us").get<Micros>();
      e.length = j.at("length_us").get<Micros>();
      e.kind = parse(kKinds, j.at("kind").get<std::string>(), "fault kind");
      e.target.kind = parse(kTargets, j.value("target", std::string("node")), "target");
      e.target.which = j.value("which", 1);
      e.count = j.value("count", 1);
      e.moment = parse(kMoments, j.value("moment", std::string("granted-vote")), "moment");
      e.timing = parse(kTimings, j.value("timing", std::string("before-sync")), "timing");
      e.share = j.value("share", 0.0);
      e.delay_min = j.value("delay_min_us", Micros{0});
      e.delay_max = j.value("delay_max_us", Micros{0});
      e.nodes = j.value("nodes", std::vector<NodeId>{});
      e.profile = j.value("profile", std::string());
      if ((e.kind == FaultKind::kDisconnect || e.kind == FaultKind::kPartition) && e.nodes.empty()) {
        throw std::invalid_argument("a " + to_string(e.kind) + " episode needs \"nodes\"");
      }
      if (e.kind == FaultKind::kNetwork && !network_profile_named(e.profile)) {
        throw std::invalid_argument("unknown network profile '" + e.profile + "' (known: lan, unreliable, wan)");
      }
      if (e.at < 0 || e.length < 0 || e.delay_min < 0 || e.delay_max < e.delay_min || e.share < 0 || e.share > 1 ||
          e.count < 1) {
        throw std::invalid_argument("a time, share or count is out of range");
      }
      plan.events.push_back(e);
    } catch (const nlohmann::json::exception& error) {
      throw std::invalid_argument("fault schedule event " + std::to_string(i) + ": " + error.what());
    } catch (const std::invalid_argument& error) {
      throw std::invalid_argument("fault schedule event " + std::to_string(i) + ": " + error.what());
    }
    ++i;
  }
  std::stable_sort(plan.events.begin(), plan.events.end(),
                   [](const FaultEvent& a, const FaultEvent& b) { return a.at < b.at; });
  return plan;
}

FaultPlan plan_to_play(grader::TestContext& ctx, const FaultPlan& drawn) {
  return plan_from_json(
      ctx.schedule(to_json(drawn), [](const nlohmann::json& given) { return to_json(plan_from_json(given)); }));
}

}  // namespace store::grading
