// Which endpoints can currently reach which: partitions into groups, isolated
// servers, and one-way cuts. Endpoints are dense indices (the simulator maps
// node ids to them) so that the check on every send and delivery is cheap.
#pragma once

#include <cstdint>
#include <set>
#include <utility>
#include <vector>

namespace store::sim {

class Connectivity {
 public:
  // Adds an endpoint that starts connected to everyone; returns its index.
  int add_endpoint(bool is_server);

  // Endpoints in different groups cannot communicate; an endpoint in no group
  // reaches everyone. Replaces the previous grouping; cuts and isolation stay.
  void set_groups(const std::vector<std::vector<int>>& groups);
  // Cuts an endpoint off from every *server* in both directions. Clients still
  // reach it, as they do across a partition they are not listed in.
  void isolate(int endpoint);
  void cut(int from, int to);    // one direction only
  void uncut(int from, int to);  // undoes cut(from, to) and nothing else
  void heal();                   // everything reaches everything again

  bool blocked(int from, int to) const {
    if (from == to) return false;
    const auto& a = endpoints_[static_cast<std::size_t>(from)];
    const auto& b = endpoints_[static_cast<std::size_t>(to)];
    if (a.group >= 0 && b.group >= 0 && a.group != b.group) return true;
    if ((a.isolated && b.is_server) || (b.isolated && a.is_server)) return true;
    return !cuts_.empty() && cuts_.contains({from, to});
  }

 private:
  struct Endpoint {
    bool is_server = false;
    bool isolated = false;
    int group = -1;
  };
  std::vector<Endpoint> endpoints_;
  std::set<std::pair<int, int>> cuts_;
};

}  // namespace store::sim
