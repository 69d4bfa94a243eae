// The named network profiles of the read-path benchmark: where the servers
// are, how long a message takes between two of them, what an fsync costs,
// and the Raft timing that suits the distances.
//
// Clients sit beside a server (in its region, at the in-region latency);
// servers and clients of one region are in one place.
#pragma once

#include <string>
#include <vector>

#include "core/types.h"
#include "node/consensus.h"
#include "sim/network_profile.h"

namespace store::bench {

struct Profile {
  std::string name;
  std::string what;                // one line for the report
  std::vector<std::string> regions;
  // One-way base latency between regions (symmetric), and within one.
  std::vector<std::vector<Micros>> one_way;
  Micros jitter_share_percent = 0;  // jitter as a share of the base latency
  Micros min_jitter = 0;
  Micros fsync = 0;
  RaftConfig raft;

  // The region of server `id` in a cluster of `nodes`.
  int region_of(int nodes, NodeId id) const;
  // The link between servers a and b (or a client beside a, and b).
  sim::NetworkProfile link(int nodes, NodeId a, NodeId b) const;
  // Half the round trip between them: what a message takes, jitter at its mean.
  Micros mean_one_way(int nodes, NodeId a, NodeId b) const;
};

// one-machine, datacenter, cross-region.
const std::vector<Profile>& profiles();
// Throws std::invalid_argument naming the profiles when there is none of that name.
const Profile& find_profile(const std::string& name);

// The profile with every one-way latency raised by `extra` and the fsync set
// to `fsync` (the real cluster's own costs, for predicting it).
Profile with_local_costs(Profile profile, Micros extra_one_way, Micros fsync);

}  // namespace store::bench
