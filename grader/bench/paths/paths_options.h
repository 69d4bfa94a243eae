// The command line of store-bench-paths (./track bench sim paths).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/types.h"

namespace store::bench {

struct PathsOptions {
  std::vector<std::string> profiles;  // names; empty: all
  std::vector<int> nodes = {3, 5};
  std::vector<int> clients = {1, 2, 4, 8, 16, 32, 64};
  std::vector<std::string> rows;  // names; empty: all
  std::uint64_t seed = 1;
  bool quick = false;
  int latency_ops = 400;  // operations measured with one client
  int sweep_ops = 2000;   // operations measured at each other client count
  bool claims = true;     // the seed text's claims, and the capacity runs they need
  std::string json_file;
  bool list_rows = false;
  bool list_profiles = false;
  bool print_delays = false;  // of the one profile and size given, for store-cli delay-traffic
  bool help = false;
  // The real cluster's own costs, to predict it: added to every one-way
  // latency, and in place of the profile's fsync.
  std::optional<Micros> extra_one_way;
  std::optional<Micros> fsync;
};

extern const char* const kPathsUsage;

// Throws std::invalid_argument with a message for the user.
PathsOptions parse_paths_options(const std::vector<std::string>& args);

}  // namespace store::bench
