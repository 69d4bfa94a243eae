// Clients of the lab-1 harness: they keep proposing commands to random
// servers for as long as they live, whatever the faults.
#pragma once

#include <vector>

#include "support/raft_cluster.h"

namespace store::grading {

class Proposers {
 public:
  // `clients` proposers, each offering a command every 1 to 20 ms.
  Proposers(RaftCluster& cluster, int clients);
  ~Proposers();
  Proposers(const Proposers&) = delete;
  Proposers& operator=(const Proposers&) = delete;

 private:
  void schedule(int client);

  RaftCluster& cluster_;
  std::vector<sim::TimerId> timers_;
  int sent_ = 0;
};

}  // namespace store::grading
