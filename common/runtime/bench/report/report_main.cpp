// store-bench-report: the bench's measurements into tables, plots and an
// HTML page (./track bench real runs it at the end).
//
//   store-bench-report --rows FILE [--real FILE.jsonl] [--sim FILE.json] [--prediction FILE.json]
//                      [--method TEXT] [--out DIR]
//
// --rows: `store-bench-paths --list-rows`; --real: the JSON lines of
// store-floor, store-load, etcd-load and the converted redis-benchmark runs;
// --sim: `store-bench-paths --json`; --prediction: the simulator's run of the
// delayed cluster's profile. Writes DIR/report.json, DIR/*.svg and
// DIR/index.html, and prints the tables.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "bench_report.h"

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace

int main(int argc, char** argv) {
  using namespace store::bench;
  const char* usage =
      "usage: store-bench-report --rows FILE [--real FILE.jsonl] [--sim FILE.json] [--prediction FILE.json]\n"
      "                          [--method TEXT] [--out DIR]\n";
  std::string rows_file, real_file, sim_file, prediction_file, out_dir;
  ReportInput input;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string a = argv[i];
      if (a == "-h" || a == "--help") {
        std::cout << usage;
        return 0;
      }
      if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
      const std::string value = argv[++i];
      if (a == "--rows") {
        rows_file = value;
      } else if (a == "--real") {
        real_file = value;
      } else if (a == "--sim") {
        sim_file = value;
      } else if (a == "--prediction") {
        prediction_file = value;
      } else if (a == "--method") {
        input.method = value;
      } else if (a == "--out") {
        out_dir = value;
      } else {
        throw std::invalid_argument("unknown option '" + a + "'");
      }
    }
    if (rows_file.empty()) throw std::invalid_argument("--rows is required");
    input.rows = parse_rows(slurp(rows_file));
    if (!real_file.empty()) input.records = parse_records(slurp(real_file));
    const auto load_json = [](const std::string& file) {
      nlohmann::json j = nlohmann::json::parse(slurp(file), nullptr, false);
      if (j.is_discarded()) throw std::invalid_argument(file + " is not JSON");
      return j;
    };
    if (!sim_file.empty()) input.sim = load_json(sim_file);
    if (!prediction_file.empty()) input.prediction = load_json(prediction_file);
  } catch (const std::invalid_argument& e) {
    std::cerr << "store-bench-report: " << e.what() << "\n\n" << usage;
    return 2;
  }
  try {
    const nlohmann::json summary = real_file.empty() ? nlohmann::json(nullptr) : summarize(input);
    if (!summary.is_null()) print_report(std::cout, summary);
    if (!out_dir.empty()) {
      std::filesystem::create_directories(out_dir);
      const auto plots = make_plots(summary, input.sim);
      for (const auto& [name, svg] : plots) write(std::filesystem::path(out_dir) / name, svg);
      nlohmann::json all = {{"real", summary}, {"sim", input.sim}};
      write(std::filesystem::path(out_dir) / "report.json", all.dump(1) + "\n");
      write(std::filesystem::path(out_dir) / "index.html", make_html(summary, plots));
      std::cout << "\nreport: " << (std::filesystem::path(out_dir) / "index.html").string() << " (" << plots.size()
                << " plots)\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "store-bench-report: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
