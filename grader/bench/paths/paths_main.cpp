// store-bench-paths: the read paths side by side in the simulator
// (./track bench sim paths). See paths_options.cpp for the command line.
#include <unistd.h>

#include <fstream>
#include <iostream>

#include "framework/test_context.h"
#include "paths/paths_bench.h"
#include "paths/profiles.h"

int main(int argc, char** argv) {
  using namespace store::bench;
  PathsOptions options;
  try {
    options = parse_paths_options(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::invalid_argument& e) {
    std::cerr << "store-bench-paths: " << e.what() << "\n\n" << kPathsUsage;
    return 2;
  }
  if (options.help) {
    std::cout << kPathsUsage;
    return 0;
  }
  if (options.list_rows) {
    print_rows(std::cout);
    return 0;
  }
  if (options.print_delays) {
    const Profile& p = find_profile(options.profiles[0]);
    const int nodes = options.nodes[0];
    for (store::NodeId a = 1; a <= nodes; ++a) {
      for (store::NodeId b = 1; b <= nodes; ++b) {
        if (a == b) continue;
        const auto link = p.link(nodes, a, b);
        std::cout << a << " " << b << " " << link.base_latency << " " << link.jitter << "\n";
      }
    }
    for (store::NodeId b = 1; b <= nodes; ++b) {
      const auto link = p.link(nodes, 1, b);  // the client sits beside node 1
      std::cout << "client " << b << " " << link.base_latency << " " << link.jitter << "\n";
    }
    return 0;
  }
  if (options.list_profiles) {
    for (const Profile& p : profiles()) std::cout << p.name << ": " << p.what << "\n";
    return 0;
  }
  const bool tty = ::isatty(STDERR_FILENO) != 0;
  const auto progress = [tty](int done, int total, const std::string& what) {
    if (what.empty()) {
      if (tty) std::cerr << "\r\033[K";
      return;
    }
    if (tty) {
      std::cerr << "\r\033[K[" << done + 1 << "/" << total << "] " << what << std::flush;
    } else if (done % 10 == 0) {
      std::cerr << "store-bench-paths: [" << done + 1 << "/" << total << "] " << what << "\n";
    }
  };
  nlohmann::json results;
  try {
    results = run_paths_bench(options, progress);
  } catch (const store::grader::TestFailure& e) {
    std::cerr << "\nstore-bench-paths: a run failed: " << e.what() << "\n";
    return 1;
  }
  print_paths_tables(std::cout, results);
  if (!options.json_file.empty()) {
    std::ofstream out(options.json_file);
    out << results.dump(1) << "\n";
    if (!out) {
      std::cerr << "store-bench-paths: cannot write " << options.json_file << "\n";
      return 1;
    }
  }
  return 0;
}
