// store-load: closed-loop clients against a running cluster, for the
// latency and throughput figures; optionally writes and checks the history.
//
//   store-load --servers 1=127.0.0.1:7101,2=...,3=... --clients 1 --mix puts --duration 10
#include <fstream>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "checker/checker.h"
#include "history/formats.h"
#include "runtime/address.h"
#include "runtime/cluster_file.h"
#include "runtime/load_generator.h"

namespace {

using namespace store;
using namespace store::runtime;

const char* kUsage =
    "usage: store-load [--servers LIST | --cluster-dir DIR] [--cluster-id ID] [--clients N]\n"
    "                  [--duration SECONDS] [--mix mixed|puts|gets] [--value-size BYTES]\n"
    "                  [--keys-per-client K] [--read-from leader|any|N] [--readers N] [--seed S]\n"
    "                  [--history FILE] [--check] [--json FILE] [--label KEY=VALUE]...\n"
    "\n"
    "Runs N closed-loop clients (each a clerk over TCP, each key written by one client only)\n"
    "for the duration, then prints operations per second and latency percentiles of ok\n"
    "operations. --history writes the recorded history (own format); --check checks it.\n"
    "--read-from any sends each client's gets to a server of its own, leader or not (follower\n"
    "reads: start the servers with --read-path read-index-follower); --read-from N sends them all\n"
    "to node N first; the default is the leader.\n"
    "--readers N adds N clients that only get, beside the N clients of the mix (e.g. puts while\n"
    "others read). --json appends one line describing the run to FILE (latency quantiles per\n"
    "operation, throughput, the --label pairs): the input of store-bench-report.\n";

void print_latencies(const char* what, const std::vector<Micros>& latencies) {
  if (latencies.empty()) return;
  const auto ms = [](Micros us) { return static_cast<double>(us) / 1000.0; };
  std::cout << std::fixed << std::setprecision(3) << "  " << what << ": n=" << latencies.size()
            << " p50=" << ms(LoadStats::percentile(latencies, 50)) << "ms"
            << " p90=" << ms(LoadStats::percentile(latencies, 90)) << "ms"
            << " p99=" << ms(LoadStats::percentile(latencies, 99)) << "ms"
            << " max=" << ms(LoadStats::percentile(latencies, 100)) << "ms\n";
}

// Percentiles a CDF is drawn from (the simulator bench uses the same).
constexpr double kQuantiles[] = {0,  1,  2,  5,  10, 15, 20, 25, 30, 35, 40, 45, 50, 55,   60,   65,   70,
                                 75, 80, 85, 90, 92, 94, 95, 96, 97, 98, 99, 99.5, 99.9, 100};

nlohmann::json latency_json(const std::vector<Micros>& latencies, double seconds) {
  const auto ms = [&](double p) { return static_cast<double>(LoadStats::percentile(latencies, p)) / 1000.0; };
  nlohmann::json quantiles = nlohmann::json::array();
  for (double q : kQuantiles) quantiles.push_back({q, ms(q)});
  return {{"n", latencies.size()},
          {"throughput", static_cast<double>(latencies.size()) / seconds},
          {"p50_ms", ms(50)},
          {"p99_ms", ms(99)},
          {"quantiles_ms", quantiles}};
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  std::optional<std::string> servers;
  std::string cluster_dir = ".store/cluster";
  std::optional<std::string> cluster_id;
  Workload workload;
  workload.mix = Workload::Mix::kMixed;
  Micros duration = 10 * kSecond;
  std::optional<std::string> history_file;
  bool check = false;
  std::optional<std::string> json_file;
  nlohmann::json labels = nlohmann::json::object();
  try {
    for (std::size_t i = 0; i < args.size(); ++i) {
      const std::string& a = args[i];
      const auto value = [&]() -> const std::string& {
        if (i + 1 >= args.size()) throw std::invalid_argument(a + " needs a value");
        return args[++i];
      };
      if (a == "--servers") {
        servers = value();
      } else if (a == "--cluster-dir") {
        cluster_dir = value();
      } else if (a == "--cluster-id") {
        cluster_id = value();
      } else if (a == "--clients") {
        workload.clients = static_cast<int>(parse_number(value(), 10000, "--clients"));
        if (workload.clients == 0) throw std::invalid_argument("--clients must be at least 1");
      } else if (a == "--duration") {
        duration = static_cast<Micros>(parse_number(value(), 86400, "--duration")) * kSecond;
      } else if (a == "--mix") {
        const std::string& mix = value();
        if (mix == "mixed") {
          workload.mix = Workload::Mix::kMixed;
        } else if (mix == "puts") {
          workload.mix = Workload::Mix::kPuts;
        } else if (mix == "gets") {
          workload.mix = Workload::Mix::kGets;
        } else {
          throw std::invalid_argument("--mix must be mixed, puts or gets");
        }
      } else if (a == "--value-size") {
        workload.value_size = parse_number(value(), 512 * 1024, "--value-size");
      } else if (a == "--keys-per-client") {
        workload.keys_per_client = static_cast<int>(parse_number(value(), 100000, "--keys-per-client"));
        if (workload.keys_per_client == 0) throw std::invalid_argument("--keys-per-client must be at least 1");
      } else if (a == "--read-from") {
        const std::string& from = value();
        if (from == "leader" || from == "any") {
          workload.spread_reads = from == "any";
        } else {
          workload.read_server = static_cast<NodeId>(parse_number(from, kFirstClientId - 1, "--read-from"));
          if (workload.read_server == kNoNode) throw std::invalid_argument("--read-from must be leader, any or a node id");
        }
      } else if (a == "--readers") {
        workload.readers = static_cast<int>(parse_number(value(), 10000, "--readers"));
      } else if (a == "--json") {
        json_file = value();
      } else if (a == "--label") {
        const std::string& pair = value();
        const std::size_t eq = pair.find('=');
        if (eq == std::string::npos || eq == 0) throw std::invalid_argument("--label takes KEY=VALUE, not '" + pair + "'");
        labels[pair.substr(0, eq)] = pair.substr(eq + 1);
      } else if (a == "--seed") {
        workload.seed = parse_number(value(), UINT64_MAX, "--seed");
      } else if (a == "--history") {
        history_file = value();
      } else if (a == "--check") {
        check = true;
      } else if (a == "-h" || a == "--help") {
        std::cout << kUsage;
        return 0;
      } else {
        throw std::invalid_argument("unknown option '" + a + "'");
      }
    }
  } catch (const std::invalid_argument& e) {
    std::cerr << "store-load: " << e.what() << "\n\n" << kUsage;
    return 2;
  }

  ClusterFile cluster;
  try {
    if (servers) {
      cluster.peers = parse_peers(*servers);
    } else {
      cluster = read_cluster_file(std::filesystem::path(cluster_dir) / "cluster.conf");
    }
  } catch (const std::invalid_argument& e) {
    std::cerr << "store-load: " << e.what() << "\n";
    return 2;
  }
  if (cluster_id) cluster.cluster_id = *cluster_id;
  workload.record_history = history_file.has_value() || check;

  LoadGenerator load(cluster.peers, cluster.cluster_id, workload);
  if (!load.populate(10 * kSecond)) {
    std::cerr << "store-load: could not write the initial value of every key within 10 s; is the cluster up?\n";
    return 1;
  }
  load.run(duration);
  const LoadStats& stats = load.stats();
  const double seconds = static_cast<double>(stats.elapsed) / 1e6;
  const std::size_t ok = stats.gets.size() + stats.puts.size() + stats.deletes.size();
  std::cout << "clients=" << workload.clients << " duration=" << std::fixed << std::setprecision(1) << seconds
            << "s ok=" << ok << " failed=" << stats.failed << " unknown=" << stats.unknown
            << " throughput=" << std::setprecision(0) << static_cast<double>(ok) / seconds << " ops/s\n";
  print_latencies("get", stats.gets);
  print_latencies("put", stats.puts);
  print_latencies("delete", stats.deletes);

  int code = 0;
  if (json_file) {
    nlohmann::json record = labels;
    record["tool"] = "store-load";
    record["clients"] = workload.clients;
    record["readers"] = workload.readers;
    record["duration_s"] = seconds;
    record["ok"] = ok;
    record["failed"] = stats.failed;
    record["unknown"] = stats.unknown;
    record["throughput"] = static_cast<double>(ok) / seconds;
    nlohmann::json ops = nlohmann::json::object();
    if (!stats.gets.empty()) ops["get"] = latency_json(stats.gets, seconds);
    if (!stats.puts.empty()) ops["put"] = latency_json(stats.puts, seconds);
    if (!stats.deletes.empty()) ops["delete"] = latency_json(stats.deletes, seconds);
    record["ops"] = ops;
    std::ofstream out(*json_file, std::ios::app);
    out << record.dump() << "\n";
    if (!out) {
      std::cerr << "store-load: cannot write " << *json_file << "\n";
      code = 1;
    }
  }
  if (history_file) {
    std::ofstream out(*history_file);
    history::write_own_format(out, load.history());
    if (!out) {
      std::cerr << "store-load: cannot write " << *history_file << "\n";
      code = 1;
    }
  }
  if (check) {
    const checker::CheckResult result =
        checker::check(load.history(), {.model = checker::Model::kKv, .timeout_seconds = 60});
    std::cout << checker::explain(load.history(), result) << "\n";
    if (result.verdict != checker::Verdict::kLinearizable) code = 1;
  }
  return code;
}
