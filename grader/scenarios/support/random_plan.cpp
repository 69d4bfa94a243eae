#include "support/random_plan.h"

#include <stdexcept>

namespace store::grading {

namespace {

FaultKind draw_kind(Rng& rng, const std::vector<PlanSpec::Weight>& weights) {
  int total = 0;
  for (const auto& w : weights) total += w.weight;
  if (total <= 0) throw std::invalid_argument("random_plan: no fault kind has a positive weight");
  auto pick = static_cast<int>(rng.below(static_cast<std::uint64_t>(total)));
  for (const auto& w : weights) {
    if (pick < w.weight) return w.kind;
    pick -= w.weight;
  }
  return weights.back().kind;
}

FaultTarget draw_target(Rng& rng, int servers, bool roles) {
  if (!roles) return {.kind = FaultTarget::Kind::kNode, .which = static_cast<int>(rng.between(1, servers))};
  const auto roll = rng.below(10);
  if (roll < 5) return {.kind = FaultTarget::Kind::kLeader};
  if (roll < 8) return {.kind = FaultTarget::Kind::kFollower, .which = static_cast<int>(rng.between(1, servers))};
  return {.kind = FaultTarget::Kind::kNode, .which = static_cast<int>(rng.between(1, servers))};
}

}  // namespace

FaultPlan random_plan(Rng& rng, const PlanSpec& spec) {
  FaultPlan plan;
  for (Micros at = rng.between(0, spec.gap_max); at < spec.duration; at += rng.between(spec.gap_min, spec.gap_max)) {
    FaultEvent e{.at = at, .length = rng.between(spec.length_min, spec.length_max), .kind = draw_kind(rng, spec.weights)};
    e.target = draw_target(rng, spec.servers, spec.roles);
    switch (e.kind) {
      case FaultKind::kSplit: e.count = static_cast<int>(rng.between(1, (spec.servers - 1) / 2)); break;
      case FaultKind::kCrashAtMoment:
        e.target = {.kind = FaultTarget::Kind::kLeader};  // unused: any server that reaches the moment
        e.moment = static_cast<Moment>(rng.below(3));
        e.timing = static_cast<CrashTiming>(rng.below(2));
        break;
      case FaultKind::kReplayOld:
        e.share = spec.replay_share;
        e.delay_min = spec.replay_delay_min;
        e.delay_max = spec.replay_delay_max;
        break;
      default: break;
    }
    plan.events.push_back(e);
  }
  return plan;
}

}  // namespace store::grading
