#include "sim/connectivity.h"

#include <stdexcept>

namespace store::sim {

int Connectivity::add_endpoint(bool is_server) {
  endpoints_.push_back(Endpoint{.is_server = is_server});
  return static_cast<int>(endpoints_.size()) - 1;
}

void Connectivity::set_groups(const std::vector<std::vector<int>>& groups) {
  std::vector<int> assignment(endpoints_.size(), -1);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (int endpoint : groups[g]) {
      auto& slot = assignment.at(static_cast<std::size_t>(endpoint));
      if (slot != -1) throw std::invalid_argument("an endpoint is listed in more than one partition group");
      slot = static_cast<int>(g);
    }
  }
  for (std::size_t i = 0; i < endpoints_.size(); ++i) endpoints_[i].group = assignment[i];
}

void Connectivity::isolate(int endpoint) { endpoints_.at(static_cast<std::size_t>(endpoint)).isolated = true; }

void Connectivity::cut(int from, int to) { cuts_.insert({from, to}); }

void Connectivity::uncut(int from, int to) { cuts_.erase({from, to}); }

void Connectivity::heal() {
  for (auto& endpoint : endpoints_) {
    endpoint.isolated = false;
    endpoint.group = -1;
  }
  cuts_.clear();
}

}  // namespace store::sim
