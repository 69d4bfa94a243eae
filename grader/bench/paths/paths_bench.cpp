#include "paths/paths_bench.h"

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "core/hash.h"
#include "paths/sim_run.h"

namespace store::bench {

namespace {

using nlohmann::json;

// Percentiles a CDF is drawn from.
constexpr double kQuantiles[] = {0,  1,  2,  5,  10, 15, 20, 25, 30, 35, 40, 45, 50, 55,   60,   65,   70,
                                 75, 80, 85, 90, 92, 94, 95, 96, 97, 98, 99, 99.5, 99.9, 100};

json run_json(const RunSpec& spec, const RunResult& r) {
  json quantiles = json::array();
  for (double q : kQuantiles) quantiles.push_back({q, percentile_ms(r.latencies, q)});
  return {{"profile", spec.profile->name},
          {"nodes", spec.nodes},
          {"row", spec.row->name},
          {"store", spec.row->store == BenchStore::kQuorum ? "quorum" : "raft"},
          {"clients", spec.clients},
          {"client_beside", spec.client_beside},
          {"readers", spec.readers},
          {"writers", spec.writers},
          {"apply_lag_ms", static_cast<double>(spec.apply_lag) / 1000.0},
          {"samples", r.latencies.size()},
          {"p50_ms", percentile_ms(r.latencies, 50)},
          {"p99_ms", percentile_ms(r.latencies, 99)},
          {"throughput", r.ops_per_second},
          {"peer_messages_per_op", r.peer_messages_per_op},
          {"peer_bytes_per_op", r.peer_bytes_per_op},
          {"fsyncs_per_op", r.fsyncs_per_op},
          {"entries_per_op", r.entries_per_op},
          {"busiest_server_messages_per_op", r.busiest_server_messages_per_op},
          {"simulated_s", static_cast<double>(r.window) / 1e6},
          {"trace_hash", r.trace_hash},
          {"quantiles_ms", quantiles}};
}

std::vector<const Profile*> selected_profiles(const PathsOptions& o) {
  std::vector<const Profile*> out;
  for (const Profile& p : profiles()) {
    if (o.profiles.empty() || std::find(o.profiles.begin(), o.profiles.end(), p.name) != o.profiles.end()) {
      out.push_back(&p);
    }
  }
  return out;
}

std::vector<const BenchRow*> selected_rows(const PathsOptions& o) {
  std::vector<const BenchRow*> out;
  for (const BenchRow& r : bench_rows()) {
    if (o.rows.empty() || std::find(o.rows.begin(), o.rows.end(), r.name) != o.rows.end()) out.push_back(&r);
  }
  return out;
}

// The round trip from `from` (node 1, Raft's leader, by default) to the
// slowest member of its fastest majority (itself included), at mean jitter:
// what a write, a ReadIndex round or a quorum operation coordinated there
// must wait for.
Micros majority_round_trip(const Profile& p, int nodes, NodeId from = 1) {
  std::vector<Micros> trips;
  for (NodeId id = 1; id <= nodes; ++id) {
    if (id != from) trips.push_back(2 * p.mean_one_way(nodes, from, id));
  }
  std::sort(trips.begin(), trips.end());
  return trips[static_cast<std::size_t>(nodes / 2 - 1)];
}

// A run of the table: `clients` beside node 1 and on, or one client beside `beside`.
const json* find_run(const json& runs, const std::string& profile, int nodes, const std::string& row, int clients,
                     NodeId beside = 1) {
  for (const json& r : runs) {
    if (r["profile"] == profile && r["nodes"] == nodes && r["row"] == row && r["clients"] == clients &&
        r["readers"] == 0 && r["apply_lag_ms"] == 0 && r["client_beside"] == beside) {
      return &r;
    }
  }
  return nullptr;
}

std::string fixed(double value, int digits) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(digits) << value;
  return out.str();
}

json claim(const std::string& text, const std::string& measured, const std::string& claimed, const std::string& how) {
  return {{"claim", text}, {"measured", measured}, {"claimed", claimed}, {"how", how}};
}

double p50_of(const json* run) { return (*run)["p50_ms"].get<double>(); }

// The seed text's etcd-versus-DynamoDB claims, from the quorum rows beside
// the Raft rows of one profile and size.
void quorum_claims(const json& runs, const Profile& p, int nodes, int latency_clients, int load, json& claims) {
  const auto near = [&](const char* row) { return find_run(runs, p.name, nodes, row, latency_clients); };
  const auto far = [&](const char* row) { return find_run(runs, p.name, nodes, row, 1, static_cast<NodeId>(nodes)); };
  const json* put = near("quorum-put");
  const json* get = near("quorum-get");
  const bool headline = (p.name == "datacenter" && nodes == 3) || (p.name == "cross-region" && nodes == 5);
  const std::string where = " (" + p.name + ", " + std::to_string(nodes) + " nodes)";
  const double client_rtt = 2.0 * static_cast<double>(p.mean_one_way(nodes, 1, 1)) / 1000.0;
  const double majority = static_cast<double>(majority_round_trip(p, nodes)) / 1000.0;
  const double fsync = static_cast<double>(p.fsync) / 1000.0;
  const std::string quorum = "N=" + std::to_string(nodes) + ", W=R=" + std::to_string(nodes / 2 + 1);
  if (headline && put != nullptr && get != nullptr) {
    claims.push_back(claim("a quorum write waits for W acknowledgements and a quorum read for R replies, a majority "
                           "round trip each, as in Raft" + where,
                           "put " + fixed((p50_of(put) - client_rtt - fsync) / majority, 2) + ", get " +
                               fixed((p50_of(get) - client_rtt) / majority, 2) + " majority round trips (" + quorum +
                               ")",
                           "1 majority round trip each",
                           "(quorum-put p50 " + fixed(p50_of(put), 2) + " ms - client round trip - 1 fsync: the "
                           "replicas sync side by side, where Raft's leader syncs before it sends) and (quorum-get p50 " + fixed(p50_of(get), 2) + " ms - client round trip), each / "
                           "majority round trip " + fixed(majority, 2) + " ms, the client beside the coordinator"));
  }
  const json* one = near("quorum-get-one");
  if (headline && get != nullptr && one != nullptr) {
    claims.push_back(claim("an R = 1 read is faster, needing one response" + where,
                           fixed(p50_of(one), 2) + " ms against " + fixed(p50_of(get), 2) + " ms for R = " +
                               std::to_string(nodes / 2 + 1),
                           "faster, and possibly stale",
                           "quorum-get-one and quorum-get p50, one client; the first reply is the coordinator's own "
                           "replica's"));
  }
  const json* far_get = far("quorum-get");
  const json* far_index = far("read-index");
  const json* far_lease = far("lease");
  if (p.name == "cross-region" && far_get != nullptr && far_index != nullptr) {
    const double nearest = static_cast<double>(majority_round_trip(p, nodes, static_cast<NodeId>(nodes))) / 1000.0;
    claims.push_back(
        claim("across regions a linearizable quorum read asks the nearest majority, a ReadIndex read goes to the "
              "leader first" + where,
              "quorum get " + fixed(p50_of(far_get), 1) + " ms, ReadIndex " + fixed(p50_of(far_index), 1) + " ms" +
                  (far_lease ? ", lease " + fixed(p50_of(far_lease), 1) + " ms" : std::string()),
              "no read consulting a majority beats the network; only the leader's distance differs",
              "p50 of one client beside node " + std::to_string(nodes) + " (the leader is node 1); the nearest "
              "majority from there is " + fixed(nearest, 1) + " ms away (round trip), the leader's " +
                  fixed(majority, 1) + " ms from it"));
  }
  const json* spread = find_run(runs, p.name, nodes, "quorum-get", load);
  const json* leader = find_run(runs, p.name, nodes, "read-index", load);
  if (p.name == "datacenter" && spread != nullptr && leader != nullptr) {
    claims.push_back(claim("the quorum model spreads reads over the replicas" + where,
                           "every server coordinates 1/" + std::to_string(nodes) + " of the reads, but the busiest "
                               "handles " + fixed((*spread)["busiest_server_messages_per_op"], 2) +
                               " messages per quorum read against " +
                               fixed((*leader)["busiest_server_messages_per_op"], 2) +
                               " per ReadIndex read (all at the leader)",
                           "spread across replicas",
                           std::to_string(load) + " clients, each beside its own coordinator (quorum) or sending to "
                           "the leader (ReadIndex); messages sent and received, peer and client. A quorum read asks "
                           "every replica, so spreading the coordination does not lighten any one server here; the "
                           "simulator has no CPU limit, so this is where the work goes, not a throughput"));
  }
}

// The seed text's claims, each as measured / claimed, from the runs made.
json make_claims(const json& runs, const json& capacity, int latency_clients, int load) {
  json claims = json::array();
  const auto p50 = [&](const std::string& profile, int nodes, const std::string& row) -> const json* {
    const json* r = find_run(runs, profile, nodes, row, latency_clients);
    return r;
  };
  for (const Profile& p : profiles()) {
    for (int nodes : {3, 5}) {
      quorum_claims(runs, p, nodes, latency_clients, load, claims);
      const json* write = p50(p.name, nodes, "write");
      if (write == nullptr) continue;
      const double client_rtt = 2.0 * static_cast<double>(p.mean_one_way(nodes, 1, 1)) / 1000.0;
      const double majority = static_cast<double>(majority_round_trip(p, nodes)) / 1000.0;
      const double fsync = static_cast<double>(p.fsync) / 1000.0;
      const double w = (*write)["p50_ms"];
      // The simulator holds every message until the writes before it are
      // durable, so the leader's sync and then a follower's lie on the path.
      claims.push_back(claim("a write costs a majority round trip (" + p.name + ", " + std::to_string(nodes) +
                                 " nodes)",
                             fixed((w - client_rtt - 2 * fsync) / majority, 2) + " majority round trips",
                             "1 majority round trip",
                             "(write p50 " + fixed(w, 2) + " ms - client round trip " + fixed(client_rtt, 2) +
                                 " ms - 2 fsyncs in series " + fixed(2 * fsync, 2) + " ms) / majority round trip " +
                                 fixed(majority, 2) + " ms"));
      if (p.name == "datacenter" && nodes == 3) {
        claims.push_back(claim("a write adds 1-2 ms in one datacenter (3 nodes)", fixed(w, 2) + " ms", "1-2 ms",
                               "write p50, one client beside the leader, fsync " + fixed(fsync, 1) + " ms"));
      }
      if (p.name == "cross-region" && nodes == 5) {
        claims.push_back(claim("a write costs 50-100 ms for 5 nodes across a continent", fixed(w, 1) + " ms",
                               "50-100 ms",
                               "write p50, one client beside the leader in the west; the majority's farthest "
                               "member is " + fixed(majority, 0) + " ms away (round trip)"));
      }
      if (const json* ri = p50(p.name, nodes, "read-index")) {
        const double r = (*ri)["p50_ms"];
        claims.push_back(claim("ReadIndex pays one round trip (" + p.name + ", " + std::to_string(nodes) + " nodes)",
                               fixed((r - client_rtt) / majority, 2) + " majority round trips, no fsync",
                               "1 round trip",
                               "(read-index p50 " + fixed(r, 2) + " ms - client round trip " + fixed(client_rtt, 2) +
                                   " ms) / majority round trip " + fixed(majority, 2) + " ms"));
      }
      const BenchRow* lease = find_row("lease");
      if (lease != nullptr && p.name == "datacenter" && nodes == 3) {
        if (!lease->available) {
          claims.push_back(claim("a lease read pays no round trip", "lab 4", "0 round trips, 0 peer messages",
                                 "the lease row, once lab 4 has landed"));
        } else if (const json* l = p50(p.name, nodes, "lease")) {
          claims.push_back(claim("a lease read pays no round trip",
                                 fixed(((*l)["p50_ms"].get<double>() - client_rtt) / majority, 2) +
                                     " majority round trips, " + fixed((*l)["peer_messages_per_op"], 2) +
                                     " peer messages per read",
                                 "0 round trips, 0 peer messages", "(lease p50 - client round trip) / majority"));
        }
      }
    }
  }
  for (const json& c : capacity) {
    if (c["kind"] == "apply-lag") {
      claims.push_back(claim("ReadIndex also waits for apply lag (" + c["profile"].get<std::string>() + ", " +
                                 std::to_string(c["nodes"].get<int>()) + " nodes)",
                             (c["extra_p50_ms"].get<double>() < 0 ? "" : "+") + fixed(c["extra_p50_ms"], 2) +
                                 " ms p50 with a " + fixed(c["lag_ms"], 1) +
                                 " ms apply lag",
                             "+ up to the apply lag",
                             "read-index p50 of one reader beside 8 writers, apply lag " + fixed(c["lag_ms"], 1) +
                                 " ms on every server, minus the same without lag (fsync off in both, to see "
                                 "the lag alone)"));
    }
    if (c["kind"] == "log-reads") {
      claims.push_back(claim("log reads burn replication capacity (" + c["profile"].get<std::string>() + ", " +
                                 std::to_string(c["nodes"].get<int>()) + " nodes)",
                             fixed(c["log_entries_per_read"], 2) + " log entries and " +
                                 fixed(c["log_bytes_per_read"], 0) + " peer bytes per log read, against " +
                                 fixed(c["index_entries_per_read"], 2) + " and " +
                                 fixed(c["index_bytes_per_read"], 0) + " per read-index read; puts/s beside 8 "
                                 "readers: " + fixed(c["puts_log"], 0) + " (log) vs " + fixed(c["puts_index"], 0) +
                                 " (read-index)",
                             "reads in the log take replication capacity from writes",
                             "8 writers and 8 readers; the simulator has no CPU or bandwidth limit, so its "
                             "puts/s show only latency effects: the real bench measures the capacity"));
    }
  }
  return claims;
}

// The client count the tables show throughput at: 32 when measured, else the most.
int load_clients(const PathsOptions& o) {
  if (std::find(o.clients.begin(), o.clients.end(), 32) != o.clients.end()) return 32;
  return *std::max_element(o.clients.begin(), o.clients.end());
}

}  // namespace

void print_rows(std::ostream& out) {
  for (const BenchRow& r : bench_rows()) {
    out << r.name << " " << r.lab << " " << (r.available ? "yes" : "no") << " " << (r.op == OpType::kPut ? "put" : "get")
        << " " << (r.store == BenchStore::kQuorum ? "quorum" : to_string(r.path)) << "\n";
  }
}

json run_paths_bench(const PathsOptions& o, const Progress& progress) {
  const std::vector<const Profile*> chosen = selected_profiles(o);
  const std::vector<const BenchRow*> rows = selected_rows(o);
  std::vector<Profile> adjusted;  // with the real cluster's own costs, when asked
  adjusted.reserve(chosen.size());
  for (const Profile* p : chosen) {
    adjusted.push_back(o.extra_one_way || o.fsync ? with_local_costs(*p, o.extra_one_way.value_or(0),
                                                                      o.fsync.value_or(p->fsync))
                                                  : *p);
  }
  std::vector<RunSpec> specs;
  std::vector<std::string> kinds;
  for (const Profile& p : adjusted) {
    for (int nodes : o.nodes) {
      for (const BenchRow* row : rows) {
        if (!row->available) continue;
        for (int c : o.clients) {
          specs.push_back({.profile = &p,
                           .nodes = nodes,
                           .row = row,
                           .clients = c,
                           .seed = o.seed,
                           .target_ops = c == 1 ? o.latency_ops : o.sweep_ops});
          kinds.emplace_back("run");
        }
        // Across regions, one client also beside node N, the farthest from
        // Raft's leader: where a quorum read and a ReadIndex round part ways.
        if (p.regions.size() > 1 && std::find(o.clients.begin(), o.clients.end(), 1) != o.clients.end()) {
          specs.push_back({.profile = &p,
                           .nodes = nodes,
                           .row = row,
                           .clients = 1,
                           .client_beside = static_cast<NodeId>(nodes),
                           .seed = o.seed,
                           .target_ops = o.latency_ops});
          kinds.emplace_back("run");
        }
      }
      if (!o.claims) continue;
      // Writers with readers beside them, on each read path; and the apply lag.
      for (const char* path : {"log", "read-index"}) {
        specs.push_back({.profile = &p, .nodes = nodes, .row = find_row(path), .clients = 8, .readers = 0,
                         .seed = o.seed, .target_ops = o.sweep_ops});
        kinds.emplace_back("reads-alone");
        specs.push_back({.profile = &p, .nodes = nodes, .row = find_row("write"), .clients = 8, .readers = 8,
                         .reader_row = find_row(path), .seed = o.seed, .target_ops = o.sweep_ops});
        kinds.emplace_back(std::string("writes-beside-") + path);
      }
      for (Micros lag : {Micros{0}, 2 * kMillisecond}) {
        specs.push_back({.profile = &p, .nodes = nodes, .row = find_row("read-index"), .clients = 1, .readers = 0,
                         .writers = 8, .seed = o.seed, .target_ops = o.latency_ops, .apply_lag = lag,
                         .no_fsync = true});
        kinds.emplace_back("apply-lag");
      }
    }
  }

  json runs = json::array();
  json extra = json::array();  // capacity and apply-lag runs
  Hasher digest;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const RunSpec& spec = specs[i];
    const std::string& kind = kinds[i];
    std::string what = spec.profile->name + ", " + std::to_string(spec.nodes) + " nodes, " +
                       std::string(spec.row->name) + ", " + std::to_string(spec.clients) + " client(s)";
    if (spec.client_beside != 1) what += " beside node " + std::to_string(spec.client_beside);
    if (kind.rfind("writes-beside-", 0) == 0) what += " + 8 readers (" + kind.substr(14) + ")";
    if (spec.apply_lag > 0) what += ", apply lag";
    if (progress) progress(static_cast<int>(i), static_cast<int>(specs.size()), what);
    const RunResult result = run_once(spec);
    json j = run_json(spec, result);
    digest.add(result.trace_hash).add(result.latencies.size());
    for (Micros l : result.latencies) digest.add(static_cast<std::uint64_t>(l));
    if (kind == "run") {
      runs.push_back(std::move(j));
    } else {
      j["kind"] = kind;
      extra.push_back(std::move(j));
    }
  }
  if (progress) progress(static_cast<int>(specs.size()), static_cast<int>(specs.size()), "");

  // The capacity and apply-lag findings, per profile and size.
  json capacity = json::array();
  for (const Profile& p : adjusted) {
    for (int nodes : o.nodes) {
      const auto pick = [&](const std::string& kind, double lag = -1) -> const json* {
        for (const json& e : extra) {
          if (e["profile"] == p.name && e["nodes"] == nodes && e["kind"] == kind &&
              (lag < 0 || e["apply_lag_ms"] == lag)) {
            return &e;
          }
        }
        return nullptr;
      };
      const json* log_alone = pick("reads-alone");
      const json* puts_log = pick("writes-beside-log");
      const json* puts_index = pick("writes-beside-read-index");
      const json* lag0 = pick("apply-lag", 0.0);
      const json* lag2 = pick("apply-lag", 2.0);
      if (log_alone == nullptr || puts_log == nullptr || puts_index == nullptr) continue;
      const json* index_alone = nullptr;
      for (const json& e : extra) {
        if (e["profile"] == p.name && e["nodes"] == nodes && e["kind"] == "reads-alone" && e["row"] == "read-index") {
          index_alone = &e;
        }
      }
      if (index_alone == nullptr) continue;
      capacity.push_back({{"kind", "log-reads"},
                          {"profile", p.name},
                          {"nodes", nodes},
                          {"log_entries_per_read", (*log_alone)["entries_per_op"]},
                          {"log_bytes_per_read", (*log_alone)["peer_bytes_per_op"]},
                          {"index_entries_per_read", (*index_alone)["entries_per_op"]},
                          {"index_bytes_per_read", (*index_alone)["peer_bytes_per_op"]},
                          {"puts_log", (*puts_log)["throughput"]},
                          {"puts_index", (*puts_index)["throughput"]}});
      if (lag0 != nullptr && lag2 != nullptr) {
        capacity.push_back({{"kind", "apply-lag"},
                            {"profile", p.name},
                            {"nodes", nodes},
                            {"lag_ms", 2.0},
                            {"extra_p50_ms", (*lag2)["p50_ms"].get<double>() - (*lag0)["p50_ms"].get<double>()}});
      }
    }
  }

  json profile_list = json::array();
  for (const Profile& p : adjusted) {
    profile_list.push_back({{"name", p.name},
                            {"what", p.what},
                            {"fsync_ms", static_cast<double>(p.fsync) / 1000.0},
                            {"majority_rtt_ms", {{"3", static_cast<double>(majority_round_trip(p, 3)) / 1000.0},
                                                 {"5", static_cast<double>(majority_round_trip(p, 5)) / 1000.0}}}});
  }
  json row_list = json::array();
  for (const BenchRow& r : bench_rows()) {
    row_list.push_back({{"name", r.name}, {"lab", r.lab}, {"available", r.available}, {"what", r.what}});
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(digest.value()));
  return {{"kind", "sim"},
          {"seed", o.seed},
          {"quick", o.quick},
          {"clients", o.clients},
          {"nodes", o.nodes},
          {"profiles", profile_list},
          {"rows", row_list},
          {"runs", runs},
          {"extra_runs", extra},
          {"capacity", capacity},
          {"claims", o.claims ? make_claims(runs, capacity, 1, load_clients(o)) : json::array()},
          {"digest", hex}};
}

void print_paths_tables(std::ostream& out, const json& results) {
  const json& runs = results["runs"];
  const std::vector<int> clients = results["clients"];
  const int most = *std::max_element(clients.begin(), clients.end());
  const int load = std::find(clients.begin(), clients.end(), 32) != clients.end() ? 32 : most;
  for (const json& p : results["profiles"]) {
    for (int nodes : results["nodes"]) {
      out << "\n" << p["name"].get<std::string>() << ", " << nodes << " nodes: " << p["what"].get<std::string>()
          << "\n";
      const std::string far = "far p50";  // one client beside node N (cross-region only)
      out << std::left << std::setw(21) << "row" << std::right << std::setw(9) << "p50 ms" << std::setw(9) << "p99 ms"
          << std::setw(9) << far << std::setw(12) << ("ops/s @" + std::to_string(load)) << std::setw(9) << "msgs/op"
          << std::setw(8) << ("@" + std::to_string(load)) << std::setw(12) << "busiest@" + std::to_string(load)
          << std::setw(10) << "bytes/op" << std::setw(11) << "fsyncs/op" << std::setw(8)
          << ("@" + std::to_string(load)) << std::setw(11) << "entries/op"
          << "\n";
      for (const json& row : results["rows"]) {
        const std::string name = row["name"];
        out << std::left << std::setw(21) << name << std::right;
        if (!row["available"].get<bool>()) {
          out << std::setw(9) << ("lab " + std::to_string(row["lab"].get<int>())) << "   (not implemented yet)\n";
          continue;
        }
        const json* one = find_run(runs, p["name"], nodes, name, 1);
        const json* many = find_run(runs, p["name"], nodes, name, load);
        const json* away = find_run(runs, p["name"], nodes, name, 1, static_cast<NodeId>(nodes));
        if (one == nullptr) {
          out << std::setw(9) << "-" << "\n";
          continue;
        }
        out << std::setw(9) << fixed((*one)["p50_ms"], 2) << std::setw(9) << fixed((*one)["p99_ms"], 2)
            << std::setw(9) << (away ? fixed((*away)["p50_ms"], 2) : "-") << std::setw(12)
            << (many ? fixed((*many)["throughput"], 0) : "-") << std::setw(9)
            << fixed((*one)["peer_messages_per_op"], 2) << std::setw(8)
            << (many ? fixed((*many)["peer_messages_per_op"], 2) : "-") << std::setw(12)
            << (many ? fixed((*many)["busiest_server_messages_per_op"], 2) : "-") << std::setw(10)
            << fixed((*one)["peer_bytes_per_op"], 0) << std::setw(11) << fixed((*one)["fsyncs_per_op"], 2)
            << std::setw(8) << (many ? fixed((*many)["fsyncs_per_op"], 2) : "-") << std::setw(11)
            << fixed((*one)["entries_per_op"], 2) << "\n";
      }
    }
  }
  out << "\nfar p50: one client beside node N, the farthest from Raft's leader (node 1); busiest: the messages,\n"
         "peer and client, sent and received, of the server that handled the most, per operation.\n";
  if (!results["claims"].empty()) {
    out << "\nThe seed text's claims, measured / claimed:\n";
    for (const json& c : results["claims"]) {
      out << "  " << c["claim"].get<std::string>() << ": " << c["measured"].get<std::string>() << " / "
          << c["claimed"].get<std::string>() << "\n";
    }
  }
  out << "\nseed " << results["seed"] << ", digest " << results["digest"].get<std::string>()
      << " (the same seed gives the same digest)\n";
}

}  // namespace store::bench
