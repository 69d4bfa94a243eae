// Random fault schedules: what a randomized scenario plays against a cluster.
#pragma once

#include <vector>

#include "core/rng.h"
#include "support/fault_plan.h"

namespace store::grading {

struct PlanSpec {
  Micros duration = 5 * kSecond;          // episodes start within [0, duration)
  Micros gap_min = 100 * kMillisecond;    // between the starts of two episodes
  Micros gap_max = 600 * kMillisecond;
  Micros length_min = 50 * kMillisecond;  // how long an episode lasts
  Micros length_max = 800 * kMillisecond;
  // How often each kind is drawn, relative to the others (0: never).
  struct Weight {
    FaultKind kind;
    int weight;
  };
  std::vector<Weight> weights;
  int servers = 3;
  // Whether targets may be roles (the leader, a follower). Lab 6's quorum
  // replicas have none: with false, every target is a server drawn by id.
  bool roles = true;
  // kReplayOld episodes: the share of messages copied and how late they come.
  double replay_share = 0.2;
  Micros replay_delay_min = 300 * kMillisecond;
  Micros replay_delay_max = 3 * kSecond;
};

// Draws a schedule. Targets are drawn by role most of the time (the leader is
// the usual victim), and crash-at-moment episodes pick a moment and a timing
// uniformly.
FaultPlan random_plan(Rng& rng, const PlanSpec& spec);

}  // namespace store::grading
