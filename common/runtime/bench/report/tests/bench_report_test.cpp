// store-bench-report: the figures it derives and the files it writes.
#include "bench_report.h"

#include <gtest/gtest.h>

#include "svg_plot.h"

namespace store::bench {
namespace {

using nlohmann::json;

json load_record(const std::string& system, const std::string& row, int clients, const std::string& round,
                 double p50, double throughput) {
  const std::string op = row == "write" || row == "etcd-put" ? "put" : "get";
  return {{"tool", system == "etcd" ? "etcd-load" : "store-load"},
          {"system", system},
          {"row", row},
          {"kind", "sweep"},
          {"round", round},
          {"clients", clients},
          {"ops", {{op, {{"p50_ms", p50}, {"p99_ms", 2 * p50}, {"throughput", throughput},
                         {"quantiles_ms", json::array({{50, p50}, {100, 3 * p50}})}}}}}};
}

ReportInput example() {
  ReportInput input;
  input.rows = parse_rows("write 1 yes put log\nread-index 3 yes get read-index\nlease 4 no get lease\n");
  for (const std::string round : {"1", "2", "3"}) {
    input.records.push_back(
        {{"tool", "store-floor"}, {"round", round}, {"rtt_us", 50.0}, {"fsync_us", 200.0}, {"fsync_concurrent_us", 300.0}});
  }
  // Three rounds; the medians are the middle values.
  for (const auto& [round, p50] : std::vector<std::pair<std::string, double>>{{"1", 0.3}, {"2", 0.5}, {"3", 0.4}}) {
    input.records.push_back(load_record("store", "write", 1, round, p50, 2000));
    input.records.push_back(load_record("etcd", "etcd-put", 1, round, 2 * p50, 1000));
    input.records.push_back(load_record("store", "read-index", 1, round, p50 / 4, 8000));
    input.records.push_back(load_record("etcd", "etcd-linearizable", 1, round, p50, 3000));
  }
  return input;
}

TEST(BenchReport, TakesMediansAndRatiosToTheFloorAndToEtcd) {
  const json s = summarize(example());
  EXPECT_DOUBLE_EQ(s["floor"]["rtt_ms"], 0.05);
  const json& write = s["sweep"][0];
  ASSERT_EQ(write["row"], "write");
  EXPECT_DOUBLE_EQ(write["points"][0]["p50_ms"], 0.4);
  EXPECT_DOUBLE_EQ(write["floor_ratios"]["per_round_trip_and_fsync"], 0.4 / 0.25);
  bool saw_lease = false;
  for (const json& v : s["versus_etcd"]) {
    if (v["ours"] == "write") {
      EXPECT_DOUBLE_EQ(v["p50_ratio"], 0.5);
    }
    if (v["ours"] == "read-index") {
      EXPECT_DOUBLE_EQ(v["p50_ratio"], 0.25);
    }
    if (v["ours"] == "lease") {
      saw_lease = true;
      EXPECT_EQ(v["lab"], 4) << "a row not implemented yet is shown as its lab, with no figures";
      EXPECT_FALSE(v.contains("p50_ratio"));
    }
  }
  EXPECT_TRUE(saw_lease);
}

TEST(BenchReport, RefusesRowsAndRecordsItCannotRead) {
  EXPECT_THROW(parse_rows("write one yes put\n"), std::invalid_argument);
  EXPECT_THROW(parse_rows("write 1 maybe put\n"), std::invalid_argument);
  EXPECT_THROW(parse_records("{\"a\":1}\nnot json\n"), std::invalid_argument);
  EXPECT_EQ(parse_records("{\"a\":1}\n\n").size(), 1u);
}

TEST(BenchReport, WritesEveryPlotAndAPageThatEmbedsThem) {
  const json s = summarize(example());
  const auto plots = make_plots(s, nullptr);
  for (const char* name : {"real-cdf.svg", "real-throughput.svg", "real-latency-throughput.svg"}) {
    ASSERT_TRUE(plots.count(name)) << name;
    EXPECT_EQ(plots.at(name).rfind("<svg", 0), 0u);
    EXPECT_NE(plots.at(name).find("lease: lab 4"), std::string::npos) << "the missing row is in the legend";
  }
  const std::string html = make_html(s, plots);
  EXPECT_NE(html.find("<figure id=\"real-cdf.svg\"><svg"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos) << "self-contained and static";
}

// A simulator run as store-bench-paths writes it (the fields the plots read).
json sim_run(const std::string& row, const std::string& store, int clients, int beside, double p50) {
  return {{"profile", "cross-region"}, {"nodes", 5},         {"row", row},
          {"store", store},            {"clients", clients}, {"client_beside", beside},
          {"throughput", 100.0 * clients}, {"p50_ms", p50},  {"quantiles_ms", json::array({{50, p50}, {100, 2 * p50}})}};
}

TEST(BenchReport, SimulatedPlotsKeepTheFarClientApartAndDashTheQuorumStore) {
  const json sim = {{"profiles", json::array({{{"name", "cross-region"}}})},
                    {"nodes", json::array({5})},
                    {"rows", json::array({{{"name", "read-index"}, {"available", true}, {"lab", 3}},
                                          {{"name", "quorum-get"}, {"available", true}, {"lab", 6}}})},
                    {"runs", json::array({sim_run("read-index", "raft", 1, 1, 42.5), sim_run("read-index", "raft", 8, 1, 43),
                                          sim_run("quorum-get", "quorum", 1, 1, 42.4),
                                          sim_run("read-index", "raft", 1, 5, 115.5),
                                          sim_run("quorum-get", "quorum", 1, 5, 32.0)})}};
  const auto plots = make_plots(nullptr, sim);
  ASSERT_TRUE(plots.count("sim-cross-region-5-cdf.svg"));
  ASSERT_TRUE(plots.count("sim-cross-region-5-far-cdf.svg"));
  const std::string& near = plots.at("sim-cross-region-5-cdf.svg");
  const std::string& far = plots.at("sim-cross-region-5-far-cdf.svg");
  const auto lines = [](const std::string& svg) {
    std::size_t count = 0;
    for (std::size_t at = 0; (at = svg.find("<polyline", at)) != std::string::npos; ++at) ++count;
    return count;
  };
  EXPECT_EQ(lines(near), 2u) << "one line per row beside the leader; the far runs are not among them";
  EXPECT_EQ(lines(far), 2u);
  EXPECT_NE(far.find("beside node 5"), std::string::npos);
  EXPECT_NE(far.find("stroke-dasharray"), std::string::npos) << "the quorum store is dashed";
  // Throughput against clients: only the runs beside the leader, one point per client count.
  const std::string& tput = plots.at("sim-cross-region-5-throughput.svg");
  EXPECT_NE(tput.find("read-index"), std::string::npos);
}

TEST(SvgPlot, TicksAreRoundAndTextIsEscaped) {
  EXPECT_EQ(axis_ticks(1, 100, true), (std::vector<double>{1, 2, 5, 10, 20, 50, 100}));
  EXPECT_EQ(axis_ticks(0, 10, false), (std::vector<double>{0, 2, 4, 6, 8, 10}));
  const std::string svg = render_svg({.title = "a < b"}, {Series{.name = "x&y", .points = {{1, 1}, {2, 4}}}});
  EXPECT_NE(svg.find("a &lt; b"), std::string::npos);
  EXPECT_NE(svg.find("x&amp;y"), std::string::npos);
  EXPECT_NE(svg.find("<polyline"), std::string::npos);
  EXPECT_EQ(svg, render_svg({.title = "a < b"}, {Series{.name = "x&y", .points = {{1, 1}, {2, 4}}}}));
}

}  // namespace
}  // namespace store::bench
