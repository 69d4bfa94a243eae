#include "support/proposers.h"

#include <string>

namespace store::grading {

Proposers::Proposers(RaftCluster& cluster, int clients)
    : cluster_(cluster), timers_(static_cast<std::size_t>(clients)) {
  for (int c = 0; c < clients; ++c) schedule(c);
}

Proposers::~Proposers() {
  for (sim::TimerId timer : timers_) cluster_.sim().cancel(timer);
}

void Proposers::schedule(int client) {
  sim::Simulator& sim = cluster_.sim();
  timers_[static_cast<std::size_t>(client)] = sim.schedule_after(sim.rng().between(1, 20) * kMillisecond, [this, client] {
    sim::Simulator& s = cluster_.sim();
    const std::vector<NodeId> servers = cluster_.servers();
    const NodeId id = servers[s.rng().below(servers.size())];
    if (cluster_.up(id) && !s.is_paused(id)) {
      cluster_.propose(id, "client-" + std::to_string(client) + "-" + std::to_string(++sent_));
    }
    schedule(client);
  });
}

}  // namespace store::grading
