// store-bench-report: the real bench's measurements (JSON lines from
// store-floor, store-load, etcd-load and redis-benchmark, each labelled with
// its system, row, round and kind), and optionally the simulator bench's
// JSON, into medians over rounds, ratios (to the floor, ours / etcd,
// redis-benchmark / store-load, real / simulated), tables, SVG plots and a
// self-contained HTML page.
#pragma once

#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace store::bench {

struct ReportRow {
  std::string name;
  int lab = 0;
  bool available = true;
  std::string op;  // put or get
};

// `store-bench-paths --list-rows` lines: "name lab yes|no put|get path".
std::vector<ReportRow> parse_rows(const std::string& text);

// Throws std::invalid_argument naming the line that is not a JSON object.
std::vector<nlohmann::json> parse_records(const std::string& jsonl);

struct ReportInput {
  std::vector<ReportRow> rows;
  std::vector<nlohmann::json> records;  // the real bench's
  nlohmann::json sim;                   // store-bench-paths --json, or null
  nlohmann::json prediction;            // the simulator's prediction of the delayed cluster, or null
  std::string method;                   // how the run was made, for the page
};

// Medians and ratios: the report's JSON.
nlohmann::json summarize(const ReportInput& input);

// The tables as text.
void print_report(std::ostream& out, const nlohmann::json& summary);

// Plots by file name ("real-cdf.svg", ...), drawn from the summary and the sim JSON.
std::map<std::string, std::string> make_plots(const nlohmann::json& summary, const nlohmann::json& sim);

// The HTML page, with the plots inline.
std::string make_html(const nlohmann::json& summary, const std::map<std::string, std::string>& plots);

}  // namespace store::bench
