#include "bench_report.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <ostream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "svg_plot.h"

namespace store::bench {

namespace {

using nlohmann::json;

// Which etcd row each of ours is measured against, and the design's target.
struct EtcdPair {
  const char* ours;
  const char* etcd;
  const char* latency_target;     // ours / etcd p50, one client
  const char* throughput_target;  // ours / etcd at 32 clients
};
constexpr EtcdPair kPairs[] = {
    {"write", "etcd-put", "<= 0.5", ">= 1.5"},
    {"log", "etcd-linearizable", "-", ">= 1.5"},
    {"read-index", "etcd-linearizable", "<= 0.67", ">= 1.5"},
    {"read-index-follower", "etcd-linearizable", "-", ">= 1.5"},
    {"lease", "etcd-serializable", "<= 1", ">= 1.5"},
};
constexpr const char* kEtcdRows[] = {"etcd-put", "etcd-linearizable", "etcd-serializable"};

double median(std::vector<double> v) {
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::string label(const json& r, const char* key) {
  const auto it = r.find(key);
  return it != r.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string op_of(const std::string& row) { return row == "write" || row == "etcd-put" ? "put" : "get"; }

std::string fixed(double value, int digits) {
  if (std::isnan(value)) return "-";
  std::ostringstream out;
  out << std::fixed << std::setprecision(digits) << value;
  return out.str();
}

// Rounds' figures of one (system, row, clients) group, as medians.
json aggregate(const std::vector<const json*>& group, const std::string& op) {
  std::vector<double> p50, p99, rate;
  std::vector<std::vector<double>> quantiles;
  json qs_points;
  for (const json* r : group) {
    const auto ops = r->find("ops");
    if (ops == r->end() || !ops->contains(op)) continue;
    const json& o = (*ops)[op];
    p50.push_back(o["p50_ms"]);
    p99.push_back(o.value("p99_ms", std::nan("")));
    rate.push_back(o["throughput"]);
    if (o.contains("quantiles_ms")) {
      std::vector<double> values;
      for (const json& q : o["quantiles_ms"]) values.push_back(q[1]);
      quantiles.push_back(values);
      qs_points = o["quantiles_ms"];
    }
  }
  json out = {{"rounds", p50.size()}, {"p50_ms", median(p50)}, {"p99_ms", median(p99)}, {"throughput", median(rate)}};
  if (!quantiles.empty()) {
    json q = json::array();
    for (std::size_t i = 0; i < qs_points.size(); ++i) {
      std::vector<double> at;
      for (const auto& values : quantiles) {
        if (i < values.size()) at.push_back(values[i]);
      }
      q.push_back({qs_points[i][0], median(at)});
    }
    out["quantiles_ms"] = q;
  }
  return out;
}

// A simulated run whose clients start beside node 1 (Raft's leader), as the
// real bench's do; the simulator's extra one-client runs beside node N are
// in its own tables only.
bool beside_the_leader(const json& run) { return run.value("client_beside", 1) == 1; }

}  // namespace

std::vector<ReportRow> parse_rows(const std::string& text) {
  std::vector<ReportRow> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::istringstream words(line);
    ReportRow row;
    std::string available;
    if (!(words >> row.name >> row.lab >> available >> row.op) || (available != "yes" && available != "no")) {
      throw std::invalid_argument("bad row line '" + line + "' (want: name lab yes|no put|get ...)");
    }
    row.available = available == "yes";
    rows.push_back(row);
  }
  return rows;
}

std::vector<json> parse_records(const std::string& jsonl) {
  std::vector<json> records;
  std::istringstream in(jsonl);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      throw std::invalid_argument("line " + std::to_string(number) + " is not a JSON object");
    }
    records.push_back(std::move(j));
  }
  return records;
}

json summarize(const ReportInput& input) {
  json summary = {{"method", input.method}};
  json rows = json::array();
  for (const ReportRow& r : input.rows) rows.push_back({{"name", r.name}, {"lab", r.lab}, {"available", r.available}});
  summary["rows"] = rows;

  // The floor: medians over the rounds.
  std::vector<double> rtt, fsync, fsync_n;
  for (const json& r : input.records) {
    if (label(r, "tool") != "store-floor" && r.value("tool", "") != "store-floor") continue;
    rtt.push_back(r["rtt_us"]);
    fsync.push_back(r["fsync_us"]);
    fsync_n.push_back(r["fsync_concurrent_us"]);
  }
  const double floor_rtt = median(rtt) / 1000, floor_fsync = median(fsync) / 1000,
               floor_fsync_n = median(fsync_n) / 1000;
  summary["floor"] = {{"rounds", rtt.size()},
                      {"rtt_ms", floor_rtt},
                      {"fsync_ms", floor_fsync},
                      {"fsync_concurrent_ms", floor_fsync_n}};

  // Groups of (kind, row, clients, readers).
  std::map<std::tuple<std::string, std::string, int, int>, std::vector<const json*>> groups;
  std::set<int> client_counts;
  for (const json& r : input.records) {
    const std::string tool = r.value("tool", "");
    if (tool == "store-floor") continue;
    const std::string kind = tool == "redis-benchmark" ? "redis" : label(r, "kind");
    groups[{kind, label(r, "row"), r.value("clients", 0), r.value("readers", 0)}].push_back(&r);
    if (kind == "sweep") client_counts.insert(r.value("clients", 0));
  }
  const auto figures = [&](const std::string& kind, const std::string& row, int clients, int readers = 0) -> json {
    const auto it = groups.find({kind, row, clients, readers});
    if (it == groups.end()) return nullptr;
    return aggregate(it->second, kind == "capacity" ? "put" : op_of(row));
  };

  // Every row of ours and of etcd: one client, and the sweep.
  json sweep = json::array();
  std::vector<std::string> names;
  for (const ReportRow& r : input.rows) names.push_back(r.name);
  for (const char* e : kEtcdRows) names.emplace_back(e);
  for (const std::string& name : names) {
    json entry = {{"row", name}, {"system", name.rfind("etcd-", 0) == 0 ? "etcd" : "store"}};
    const auto row = std::find_if(input.rows.begin(), input.rows.end(), [&](const ReportRow& r) { return r.name == name; });
    if (row != input.rows.end() && !row->available) {
      entry["lab"] = row->lab;
      sweep.push_back(entry);
      continue;
    }
    json points = json::array();
    for (int c : client_counts) {
      json f = figures("sweep", name, c);
      if (f.is_null()) continue;
      f["clients"] = c;
      points.push_back(f);
    }
    if (points.empty()) continue;
    entry["points"] = points;
    const json one = points[0]["clients"] == 1 ? points[0] : json(nullptr);
    if (!one.is_null() && floor_rtt > 0) {
      const double p50 = one["p50_ms"];
      json ratios = {{"per_round_trip", p50 / floor_rtt}};
      if (op_of(name) == "put") {
        ratios["per_round_trip_and_fsync"] = p50 / (floor_rtt + floor_fsync);
        ratios["per_round_trip_and_concurrent_fsync"] = p50 / (floor_rtt + floor_fsync_n);
      } else {
        ratios["per_two_round_trips"] = p50 / (2 * floor_rtt);
      }
      entry["floor_ratios"] = ratios;
    }
    sweep.push_back(entry);
  }
  summary["sweep"] = sweep;
  summary["clients"] = std::vector<int>(client_counts.begin(), client_counts.end());

  const auto point = [&](const std::string& name, int clients) -> json {
    for (const json& e : sweep) {
      if (e["row"] != name || !e.contains("points")) continue;
      for (const json& p : e["points"]) {
        if (p["clients"] == clients) return p;
      }
    }
    return nullptr;
  };
  const int load = client_counts.count(32) != 0 ? 32 : (client_counts.empty() ? 0 : *client_counts.rbegin());
  summary["load_clients"] = load;

  // Ours / etcd.
  json versus = json::array();
  for (const EtcdPair& pair : kPairs) {
    const auto row = std::find_if(input.rows.begin(), input.rows.end(), [&](const ReportRow& r) { return r.name == pair.ours; });
    if (row == input.rows.end()) continue;
    json v = {{"ours", pair.ours},
              {"etcd", pair.etcd},
              {"latency_target", pair.latency_target},
              {"throughput_target", pair.throughput_target}};
    if (!row->available) {
      v["lab"] = row->lab;
      versus.push_back(v);
      continue;
    }
    const json ours1 = point(pair.ours, 1), etcd1 = point(pair.etcd, 1);
    const json oursN = point(pair.ours, load), etcdN = point(pair.etcd, load);
    if (!ours1.is_null() && !etcd1.is_null()) {
      v["ours_p50_ms"] = ours1["p50_ms"];
      v["etcd_p50_ms"] = etcd1["p50_ms"];
      v["p50_ratio"] = ours1["p50_ms"].get<double>() / etcd1["p50_ms"].get<double>();
    }
    if (!oursN.is_null() && !etcdN.is_null()) {
      v["ours_throughput"] = oursN["throughput"];
      v["etcd_throughput"] = etcdN["throughput"];
      v["throughput_ratio"] = oursN["throughput"].get<double>() / etcdN["throughput"].get<double>();
    }
    if (v.contains("p50_ratio") || v.contains("throughput_ratio")) versus.push_back(v);
  }
  summary["versus_etcd"] = versus;

  // redis-benchmark beside store-load, same row and clients.
  json redis = json::array();
  for (const auto& [key, group] : groups) {
    const auto& [kind, row, clients, readers] = key;
    if (kind != "redis") continue;
    const json theirs = aggregate(group, op_of(row));
    const json ours = point(row, clients);
    json entry = {{"row", row}, {"clients", clients}, {"redis_benchmark", theirs}};
    if (!ours.is_null()) {
      entry["store_load"] = ours;
      entry["throughput_gap"] = theirs["throughput"].get<double>() / ours["throughput"].get<double>() - 1;
      entry["p50_gap"] = theirs["p50_ms"].get<double>() / ours["p50_ms"].get<double>() - 1;
    }
    redis.push_back(entry);
  }
  summary["redis_benchmark"] = redis;

  // Write capacity: writers alone, and beside readers on each read path.
  json capacity = json::array();
  for (const auto& [key, group] : groups) {
    const auto& [kind, row, clients, readers] = key;
    if (kind != "capacity") continue;
    json f = aggregate(group, "put");
    const json alone = figures("capacity-alone", "write", clients);
    capacity.push_back({{"reads", row},
                        {"writers", clients},
                        {"readers", readers},
                        {"puts_per_s", f["throughput"]},
                        {"put_p50_ms", f["p50_ms"]},
                        {"puts_per_s_alone", alone.is_null() ? json(nullptr) : alone["throughput"]}});
  }
  summary["capacity"] = capacity;

  // The delayed cluster against the simulator's prediction.
  json validation = json::array();
  for (const auto& [key, group] : groups) {
    const auto& [kind, row, clients, readers] = key;
    if (kind != "validate") continue;
    const json real = aggregate(group, op_of(row));
    json entry = {{"row", row}, {"real_p50_ms", real["p50_ms"]}, {"real_p99_ms", real["p99_ms"]}};
    if (input.prediction.is_object()) {
      for (const json& run : input.prediction["runs"]) {
        if (run["row"] == row && run["clients"] == 1 && beside_the_leader(run)) {
          entry["sim_p50_ms"] = run["p50_ms"];
          entry["sim_p99_ms"] = run["p99_ms"];
          entry["p50_error"] = real["p50_ms"].get<double>() / run["p50_ms"].get<double>() - 1;
        }
      }
      entry["profile"] = input.prediction["profiles"][0]["name"];
    }
    validation.push_back(entry);
  }
  summary["validation"] = validation;
  return summary;
}

void print_report(std::ostream& out, const json& s) {
  const json& f = s["floor"];
  out << "floor (median of " << f["rounds"] << " round(s)): round trip " << fixed(f["rtt_ms"].get<double>() * 1000, 1)
      << " us, fsync " << fixed(f["fsync_ms"].get<double>() * 1000, 0) << " us (3 at once "
      << fixed(f["fsync_concurrent_ms"].get<double>() * 1000, 0) << " us)\n\n";
  out << std::left << std::setw(22) << "row" << std::right << std::setw(9) << "p50 ms" << std::setw(9) << "p99 ms"
      << std::setw(12) << "x floor";
  for (int c : s["clients"]) out << std::setw(9) << ("ops@" + std::to_string(c));
  out << "\n";
  for (const json& e : s["sweep"]) {
    out << std::left << std::setw(22) << e["row"].get<std::string>() << std::right;
    if (e.contains("lab")) {
      out << std::setw(9) << ("lab " + std::to_string(e["lab"].get<int>())) << "\n";
      continue;
    }
    const json& first = e["points"][0];
    const bool one = first["clients"] == 1;
    out << std::setw(9) << (one ? fixed(first["p50_ms"], 3) : "-") << std::setw(9)
        << (one ? fixed(first["p99_ms"], 3) : "-");
    std::string ratio = "-";
    if (e.contains("floor_ratios")) {
      const json& r = e["floor_ratios"];
      ratio = r.contains("per_round_trip_and_fsync") ? fixed(r["per_round_trip_and_fsync"], 1) + "x rt+fs"
                                                     : fixed(r["per_round_trip"], 1) + "x rt";
    }
    out << std::setw(12) << ratio;
    for (int c : s["clients"]) {
      std::string text = "-";
      for (const json& p : e["points"]) {
        if (p["clients"] == c) text = fixed(p["throughput"], 0);
      }
      out << std::setw(9) << text;
    }
    out << "\n";
  }
  if (!s["versus_etcd"].empty()) {
    out << "\nours / etcd (same run, medians; lower p50 and higher throughput are better):\n";
    for (const json& v : s["versus_etcd"]) {
      out << "  " << std::left << std::setw(20) << v["ours"].get<std::string>() << " vs " << std::setw(18)
          << v["etcd"].get<std::string>() << std::right;
      if (v.contains("lab")) {
        out << "lab " << v["lab"] << "\n";
        continue;
      }
      out << "p50 " << fixed(v.value("ours_p50_ms", std::nan("")), 3) << " / " << fixed(v.value("etcd_p50_ms", std::nan("")), 3)
          << " ms = " << fixed(v.value("p50_ratio", std::nan("")), 2) << "x (target " << v["latency_target"].get<std::string>()
          << ");  @" << s["load_clients"] << " " << fixed(v.value("ours_throughput", std::nan("")), 0) << " / "
          << fixed(v.value("etcd_throughput", std::nan("")), 0) << " ops/s = "
          << fixed(v.value("throughput_ratio", std::nan("")), 2) << "x (target "
          << v["throughput_target"].get<std::string>() << ")\n";
    }
  }
  if (!s["redis_benchmark"].empty()) {
    out << "\nredis-benchmark beside store-load (same cluster, row and clients):\n";
    for (const json& r : s["redis_benchmark"]) {
      out << "  " << std::left << std::setw(12) << r["row"].get<std::string>() << std::right << std::setw(3)
          << r["clients"] << " clients: " << fixed(r["redis_benchmark"]["throughput"], 0) << " ops/s p50 "
          << fixed(r["redis_benchmark"]["p50_ms"], 3) << " ms";
      if (r.contains("store_load")) {
        out << "  vs  " << fixed(r["store_load"]["throughput"], 0) << " ops/s p50 " << fixed(r["store_load"]["p50_ms"], 3)
            << " ms  (throughput " << std::showpos << fixed(r["throughput_gap"].get<double>() * 100, 0) << "%, p50 "
            << fixed(r["p50_gap"].get<double>() * 100, 0) << "%" << std::noshowpos << ")";
      }
      out << "\n";
    }
  }
  if (!s["capacity"].empty()) {
    out << "\nwrite capacity beside readers:\n";
    for (const json& c : s["capacity"]) {
      out << "  " << c["writers"] << " writers + " << c["readers"] << " readers on " << c["reads"].get<std::string>()
          << ": " << fixed(c["puts_per_s"], 0) << " puts/s (alone: "
          << (c["puts_per_s_alone"].is_null() ? "-" : fixed(c["puts_per_s_alone"], 0)) << ")\n";
    }
  }
  if (!s["validation"].empty()) {
    out << "\nthe delayed cluster against the simulator's prediction (one client, p50):\n";
    for (const json& v : s["validation"]) {
      out << "  " << std::left << std::setw(22) << v["row"].get<std::string>() << std::right << " real "
          << fixed(v["real_p50_ms"], 2) << " ms, simulated " << fixed(v.value("sim_p50_ms", std::nan("")), 2)
          << " ms, error " << (v.contains("p50_error") ? fixed(v["p50_error"].get<double>() * 100, 1) + "%" : "-")
          << "\n";
    }
  }
}

namespace {

std::vector<Series> cdf_series(const json& entries, bool real) {
  std::vector<Series> out;
  for (const json& e : entries) {
    const json* one = nullptr;
    if (real) {
      if (!e.contains("points") || e["points"][0]["clients"] != 1) continue;
      one = &e["points"][0];
    } else {
      one = &e;
    }
    if (!one->contains("quantiles_ms")) continue;
    // Dashed: the other system (etcd beside the real cluster, the quorum store beside the simulated Raft store).
    Series s{.name = real ? e["row"].get<std::string>() : (*one)["row"].get<std::string>(),
             .dashed = real ? e["system"] == "etcd" : e.value("store", "raft") == "quorum"};
    for (const json& q : (*one)["quantiles_ms"]) s.points.emplace_back(q[1].get<double>(), q[0].get<double>());
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

std::map<std::string, std::string> make_plots(const json& s, const json& sim) {
  std::map<std::string, std::string> plots;
  if (s.is_object() && s.contains("sweep")) {
    std::vector<Series> cdf = cdf_series(s["sweep"], true);
    std::vector<Series> tput, lat;
    for (const json& e : s["sweep"]) {
      if (e.contains("lab")) {  // in the legend, so that the row's place is seen
        const Series missing{.name = e["row"].get<std::string>() + ": lab " + std::to_string(e["lab"].get<int>())};
        cdf.push_back(missing);
        tput.push_back(missing);
        lat.push_back(missing);
        continue;
      }
      if (!e.contains("points")) continue;
      Series t{.name = e["row"], .dashed = e["system"] == "etcd"}, l = t;
      for (const json& p : e["points"]) {
        t.points.emplace_back(p["clients"].get<double>(), p["throughput"].get<double>());
        l.points.emplace_back(p["throughput"].get<double>(), p["p50_ms"].get<double>());
      }
      tput.push_back(t);
      lat.push_back(l);
    }
    plots["real-cdf.svg"] = render_svg({.title = "Real cluster: latency CDF, one client (etcd dashed)",
                                        .x_label = "latency, ms",
                                        .y_label = "percentile",
                                        .log_x = true},
                                       cdf);
    plots["real-throughput.svg"] = render_svg(
        {.title = "Real cluster: throughput against clients (etcd dashed)", .x_label = "closed-loop clients",
         .y_label = "operations per second", .log_x = true},
        tput);
    plots["real-latency-throughput.svg"] = render_svg(
        {.title = "Real cluster: p50 latency against throughput (etcd dashed)", .x_label = "operations per second",
         .y_label = "p50 latency, ms", .log_y = true},
        lat);
  }
  if (sim.is_object() && sim.contains("runs")) {
    for (const json& p : sim["profiles"]) {
      for (int nodes : sim["nodes"]) {
        const std::string name = p["name"];
        std::vector<json> ones;
        std::vector<json> far;  // one client beside node N, where the profile has regions
        std::map<std::string, Series> tput, lat;
        std::vector<std::string> order;
        for (const json& r : sim["runs"]) {
          if (r["profile"] != name || r["nodes"] != nodes) continue;
          if (!beside_the_leader(r)) {
            far.push_back(r);
            continue;
          }
          const std::string row = r["row"];
          if (!tput.count(row)) {
            order.push_back(row);
            const bool quorum = r.value("store", "raft") == "quorum";
            tput[row] = Series{.name = row, .dashed = quorum};
            lat[row] = Series{.name = row, .dashed = quorum};
          }
          if (r["clients"] == 1) ones.push_back(r);
          tput[row].points.emplace_back(r["clients"].get<double>(), r["throughput"].get<double>());
          lat[row].points.emplace_back(r["throughput"].get<double>(), r["p50_ms"].get<double>());
        }
        if (order.empty()) continue;
        std::vector<Series> t, l;
        for (const std::string& row : order) {
          t.push_back(tput[row]);
          l.push_back(lat[row]);
        }
        std::vector<Series> c = cdf_series(json(ones), false);
        for (const json& row : sim["rows"]) {
          if (row["available"].get<bool>()) continue;
          const Series missing{.name = row["name"].get<std::string>() + ": lab " + std::to_string(row["lab"].get<int>())};
          t.push_back(missing);
          l.push_back(missing);
          c.push_back(missing);
        }
        const std::string stem = "sim-" + name + "-" + std::to_string(nodes);
        const std::string where = name + ", " + std::to_string(nodes) + " nodes";
        plots[stem + "-cdf.svg"] = render_svg({.title = "Simulated, " + where + ": latency CDF, one client",
                                              .x_label = "latency, ms", .y_label = "percentile", .log_x = true},
                                             c);
        if (!far.empty()) {
          plots[stem + "-far-cdf.svg"] =
              render_svg({.title = "Simulated, " + where + ": latency CDF, one client beside node " +
                                   std::to_string(nodes) + ", far from the leader",
                          .x_label = "latency, ms", .y_label = "percentile", .log_x = true},
                         cdf_series(json(far), false));
        }
        plots[stem + "-throughput.svg"] = render_svg({.title = "Simulated, " + where + ": throughput against clients",
                                                     .x_label = "closed-loop clients",
                                                     .y_label = "operations per second", .log_x = true},
                                                    t);
        plots[stem + "-latency-throughput.svg"] =
            render_svg({.title = "Simulated, " + where + ": p50 against throughput", .x_label = "operations per second",
                        .y_label = "p50 latency, ms", .log_y = true},
                       l);
      }
    }
  }
  return plots;
}

std::string make_html(const json& summary, const std::map<std::string, std::string>& plots) {
  std::ostringstream text;
  if (summary.is_object() && summary.contains("floor")) print_report(text, summary);
  std::ostringstream page;
  page << "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>The Store: read-path benchmarks</title>\n"
       << "<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}"
          "pre{background:#f6f6f6;padding:1em;overflow-x:auto}figure{margin:1em 0}</style></head><body>\n"
       << "<h1>Read-path benchmarks</h1>\n";
  if (summary.is_object() && summary.contains("method")) {
    page << "<h2>Method</h2><p>" << escape_xml(summary["method"].get<std::string>()) << "</p>\n";
  }
  if (!text.str().empty()) page << "<h2>Real cluster</h2><pre>" << escape_xml(text.str()) << "</pre>\n";
  std::string section;
  for (const auto& [name, svg] : plots) {
    const std::string heading = name.rfind("real-", 0) == 0 ? "Real-cluster plots" : "Simulator plots";
    if (heading != section) {
      page << "<h2>" << heading << "</h2>\n";
      section = heading;
    }
    page << "<figure id=\"" << escape_xml(name) << "\">" << svg << "</figure>\n";
  }
  page << "</body></html>\n";
  return page.str();
}

}  // namespace store::bench
