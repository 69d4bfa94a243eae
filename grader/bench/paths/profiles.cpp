#include "paths/profiles.h"

#include <stdexcept>

namespace store::bench {

namespace {

RaftConfig raft_timing(Micros election_min, Micros election_max, Micros heartbeat) {
  RaftConfig config;
  config.election_timeout_min = election_min;
  config.election_timeout_max = election_max;
  config.heartbeat_interval = heartbeat;
  return config;
}

std::vector<Profile> make_profiles() {
  std::vector<Profile> all;
  // This machine: every server a process on one host, loopback between them
  // (a 30-40 us round trip), one shared virtual disk (an fdatasync of about
  // 0.3 ms while the others sync too).
  all.push_back({.name = "one-machine",
                 .what = "3 or 5 processes on one host: 15 us one way (+ up to 10 us), fsync 0.3 ms",
                 .regions = {"host"},
                 .one_way = {{15}},
                 .jitter_share_percent = 0,
                 .min_jitter = 10,
                 .fsync = 300,
                 .raft = RaftConfig{}});
  // One datacenter: the simulator's LAN (100 us + up to 50 us one way), and
  // cloud block storage, whose fsync takes about a millisecond.
  all.push_back({.name = "datacenter",
                 .what = "one datacenter: 100 us one way (+ up to 50 us), fsync 1 ms (cloud block storage)",
                 .regions = {"dc"},
                 .one_way = {{100}},
                 .jitter_share_percent = 0,
                 .min_jitter = 50,
                 .fsync = 1 * kMillisecond,
                 .raft = RaftConfig{}});
  // Across the United States: three regions, tens of milliseconds apart.
  // Timeouts grow with the distance, as etcd's tuning guide advises (an
  // election timeout of about ten round trips).
  all.push_back({.name = "cross-region",
                 .what = "3 regions across a continent (west, central, east): 20, 15 and 35 ms one way, 0.25 ms "
                         "within a region (+10% jitter), fsync 1 ms",
                 .regions = {"west", "central", "east"},
                 .one_way = {{250, 20 * kMillisecond, 35 * kMillisecond},
                             {20 * kMillisecond, 250, 15 * kMillisecond},
                             {35 * kMillisecond, 15 * kMillisecond, 250}},
                 .jitter_share_percent = 10,
                 .min_jitter = 25,
                 .fsync = 1 * kMillisecond,
                 .raft = raft_timing(1000 * kMillisecond, 2000 * kMillisecond, 100 * kMillisecond)});
  return all;
}

}  // namespace

int Profile::region_of(int nodes, NodeId id) const {
  const int count = static_cast<int>(regions.size());
  if (count == 1) return 0;
  // 3 servers: one per region. 5: two in the west, one in the middle, two in the east.
  if (nodes == 5) {
    static constexpr int kFive[] = {0, 0, 1, 2, 2};
    return kFive[(id - 1) % 5];
  }
  return (id - 1) % count;
}

sim::NetworkProfile Profile::link(int nodes, NodeId a, NodeId b) const {
  const Micros base = one_way[region_of(nodes, a)][region_of(nodes, b)];
  const Micros jitter = std::max(min_jitter, base * jitter_share_percent / 100);
  return sim::NetworkProfile{.base_latency = base, .jitter = jitter};
}

Micros Profile::mean_one_way(int nodes, NodeId a, NodeId b) const {
  const sim::NetworkProfile l = link(nodes, a, b);
  return l.base_latency + l.jitter / 2;
}

const std::vector<Profile>& profiles() {
  static const std::vector<Profile> all = make_profiles();
  return all;
}

const Profile& find_profile(const std::string& name) {
  std::string names;
  for (const Profile& p : profiles()) {
    if (p.name == name) return p;
    names += (names.empty() ? "" : ", ") + p.name;
  }
  throw std::invalid_argument("unknown profile '" + name + "' (profiles: " + names + ")");
}

Profile with_local_costs(Profile profile, Micros extra_one_way, Micros fsync) {
  for (auto& row : profile.one_way) {
    for (Micros& latency : row) latency += extra_one_way;
  }
  profile.fsync = fsync;
  profile.name += "+local";
  return profile;
}

}  // namespace store::bench
