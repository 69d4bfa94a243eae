#include "paths/paths_options.h"

#include <sstream>
#include <stdexcept>

#include "paths/bench_rows.h"
#include "paths/profiles.h"

namespace store::bench {

const char* const kPathsUsage =
    "usage: store-bench-paths [--profile NAME[,NAME...]] [--nodes 3|5|3,5] [--clients LIST]\n"
    "                         [--rows NAME[,NAME...]] [--seed S] [--quick] [--ops N] [--latency-ops N]\n"
    "                         [--no-claims] [--json FILE] [--extra-one-way-us N] [--fsync-us N]\n"
    "                         [--list-rows] [--list-profiles] [--print-delays]\n"
    "\n"
    "Writes and every read path of the reference servers in the simulator, beside lab 6's quorum\n"
    "store (puts, R = majority gets, R = 1 gets), under named network profiles (one-machine,\n"
    "datacenter, cross-region; default: all), with 3 and 5 servers: p50 and p99 with one client,\n"
    "throughput at each client count (default 1,2,4,...,64), peer messages, bytes, log entries and\n"
    "fsyncs per operation, and the seed text's claims checked against them. Across regions, one\n"
    "client also sits beside node N, the farthest from Raft's leader (the far p50 column).\n"
    "Same seed, same figures. --quick measures fewer operations and clients 1,8,32 (seconds).\n"
    "--extra-one-way-us and --fsync-us put a real cluster's own costs into the profile, to predict\n"
    "what it measures with the profile's delays (./track bench real does this).\n"
    "--list-rows prints the rows (name, lab, available, put|get, read path or 'quorum') and exits;\n"
    "--print-delays prints the one-way delays of one --profile and --nodes as\n"
    "'FROM TO DELAY_US JITTER_US' lines (FROM 'client': the\n"
    "client beside node 1), for store-cli delay-traffic.\n";

namespace {

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ',')) {
    if (part.empty()) throw std::invalid_argument("empty item in list '" + text + "'");
    parts.push_back(part);
  }
  if (parts.empty()) throw std::invalid_argument("empty list");
  return parts;
}

long long number(const std::string& text, long long min, long long max, const std::string& flag) {
  std::size_t used = 0;
  long long value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty() || value < min || value > max) {
    throw std::invalid_argument(flag + " must be a whole number in " + std::to_string(min) + ".." +
                                std::to_string(max) + ", not '" + text + "'");
  }
  return value;
}

}  // namespace

PathsOptions parse_paths_options(const std::vector<std::string>& args) {
  PathsOptions o;
  bool clients_given = false;
  bool ops_given = false;
  bool latency_ops_given = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) throw std::invalid_argument(a + " needs a value");
      return args[++i];
    };
    if (a == "-h" || a == "--help") {
      o.help = true;
    } else if (a == "--profile") {
      o.profiles = split(value());
      if (o.profiles.size() == 1 && o.profiles[0] == "all") o.profiles.clear();
      for (const std::string& p : o.profiles) find_profile(p);
    } else if (a == "--nodes") {
      o.nodes.clear();
      for (const std::string& n : split(value())) {
        if (n != "3" && n != "5") throw std::invalid_argument("--nodes takes 3, 5 or 3,5, not '" + n + "'");
        o.nodes.push_back(n == "3" ? 3 : 5);
      }
    } else if (a == "--clients") {
      o.clients.clear();
      for (const std::string& c : split(value())) o.clients.push_back(static_cast<int>(number(c, 1, 256, a)));
      clients_given = true;
    } else if (a == "--rows") {
      o.rows = split(value());
      for (const std::string& r : o.rows) {
        if (find_row(r) == nullptr) {
          std::string names;
          for (const BenchRow& row : bench_rows()) names += (names.empty() ? "" : ", ") + std::string(row.name);
          throw std::invalid_argument("unknown row '" + r + "' (rows: " + names + ")");
        }
      }
    } else if (a == "--seed") {
      o.seed = static_cast<std::uint64_t>(number(value(), 1, 1'000'000'000'000LL, a));
    } else if (a == "--quick") {
      o.quick = true;
    } else if (a == "--ops") {
      o.sweep_ops = static_cast<int>(number(value(), 10, 1'000'000, a));
      ops_given = true;
    } else if (a == "--latency-ops") {
      o.latency_ops = static_cast<int>(number(value(), 10, 1'000'000, a));
      latency_ops_given = true;
    } else if (a == "--no-claims") {
      o.claims = false;
    } else if (a == "--json") {
      o.json_file = value();
      if (o.json_file.empty()) throw std::invalid_argument("--json needs a file name");
    } else if (a == "--extra-one-way-us") {
      o.extra_one_way = static_cast<Micros>(number(value(), 0, 10'000'000, a));
    } else if (a == "--fsync-us") {
      o.fsync = static_cast<Micros>(number(value(), 0, 10'000'000, a));
    } else if (a == "--list-rows") {
      o.list_rows = true;
    } else if (a == "--print-delays") {
      o.print_delays = true;
    } else if (a == "--list-profiles") {
      o.list_profiles = true;
    } else {
      throw std::invalid_argument("unknown option '" + a + "'");
    }
  }
  if (o.print_delays && (o.profiles.size() != 1 || o.nodes.size() != 1)) {
    throw std::invalid_argument("--print-delays needs one --profile and one --nodes");
  }
  if (o.quick) {
    if (!clients_given) o.clients = {1, 8, 32};
    if (!ops_given) o.sweep_ops = 500;
    if (!latency_ops_given) o.latency_ops = 150;
  }
  return o;
}

}  // namespace store::bench
