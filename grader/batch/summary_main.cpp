// store-grade-summary FOLDER NAME...: writes FOLDER/summary.csv and
// FOLDER/summary.json from the reports ./track grade-all left in
// FOLDER/<NAME>/ (report.json and status), one row per NAME, in order.
#include <fstream>
#include <iostream>

#include "batch/summary.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: store-grade-summary FOLDER NAME...\n";
    return 2;
  }
  const std::filesystem::path folder = argv[1];
  const std::vector<std::string> names(argv + 2, argv + argc);
  const auto rows = store::grader::read_rows(folder, names);
  std::ofstream csv(folder / "summary.csv", std::ios::trunc);
  csv << store::grader::summary_csv(rows);
  std::ofstream json(folder / "summary.json", std::ios::trunc);
  json << store::grader::summary_json(rows).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
       << "\n";
  csv.close();
  json.close();
  if (!csv || !json) {
    std::cerr << "store-grade-summary: cannot write the summary in " << folder << "\n";
    return 2;
  }
  return 0;
}
