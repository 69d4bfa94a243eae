#include "batch/summary.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "core/printable.h"

namespace store::grader {

namespace fs = std::filesystem;
using nlohmann::json;
using nlohmann::ordered_json;

namespace {

std::string read_text(const fs::path& path) {
  std::ifstream file(path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string csv_cell(const std::string& text) {
  std::string cell = printable(text);
  // A leading = + - @ makes a spreadsheet evaluate the cell.
  if (!cell.empty() && std::string("=+-@").find(cell.front()) != std::string::npos) cell = "'" + cell;
  std::string quoted = "\"";
  for (char c : cell) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace

std::vector<SubmissionRow> read_rows(const fs::path& folder, const std::vector<std::string>& names) {
  std::vector<SubmissionRow> rows;
  for (const std::string& name : names) {
    SubmissionRow row;
    row.name = name;
    const std::string status = read_text(folder / name / "status");
    const std::size_t space = status.find_first_of(" \n");
    row.status = status.substr(0, space);
    if (space != std::string::npos && status[space] == ' ') {
      row.note = status.substr(space + 1);
      while (!row.note.empty() && row.note.back() == '\n') row.note.pop_back();
    }
    const fs::path report_path = folder / name / "report.json";
    const json report = json::parse(read_text(report_path), nullptr, false);
    if (report.is_discarded() || !report.is_object()) {
      if (row.status.empty()) row.status = "missing";
      if (row.note.empty()) row.note = "no report";
      rows.push_back(std::move(row));
      continue;
    }
    row.report = (fs::path(name) / "report.json").string();
    if (row.status.empty()) row.status = "graded";
    row.total = report.value("total", 0);
    row.max_total = report.value("max_total", 0);
    row.tests_passed = report.value("tests_passed", 0);
    row.tests_run = report.value("tests_run", 0);
    if (report.contains("sources_hash") && report["sources_hash"].is_string()) row.sources_hash = report["sources_hash"];
    if (report.contains("labs") && report["labs"].is_array()) {
      for (const json& lab : report["labs"]) row.lab_scores[lab.value("lab", 0)] = lab.value("score", 0);
    }
    if (row.note.empty() && report.contains("budget_note")) row.note = report["budget_note"];
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string summary_csv(const std::vector<SubmissionRow>& rows) {
  std::set<int> labs;
  for (const SubmissionRow& row : rows) {
    for (const auto& [lab, score] : row.lab_scores) labs.insert(lab);
  }
  std::string csv = "submission,status,total,max_total,tests_passed,tests_run";
  for (int lab : labs) csv += ",lab" + std::to_string(lab);
  csv += ",sources_hash,report,note\n";
  for (const SubmissionRow& row : rows) {
    csv += csv_cell(row.name) + "," + csv_cell(row.status) + "," + std::to_string(row.total) + "," +
           std::to_string(row.max_total) + "," + std::to_string(row.tests_passed) + "," + std::to_string(row.tests_run);
    for (int lab : labs) {
      auto it = row.lab_scores.find(lab);
      csv += "," + (it == row.lab_scores.end() ? std::string() : std::to_string(it->second));
    }
    csv += "," + csv_cell(row.sources_hash) + "," + csv_cell(row.report) + "," + csv_cell(row.note) + "\n";
  }
  return csv;
}

ordered_json summary_json(const std::vector<SubmissionRow>& rows) {
  ordered_json submissions = ordered_json::array();
  for (const SubmissionRow& row : rows) {
    ordered_json labs = ordered_json::object();
    for (const auto& [lab, score] : row.lab_scores) labs[std::to_string(lab)] = score;
    submissions.push_back({{"submission", row.name},
                           {"status", row.status},
                           {"total", row.total},
                           {"max_total", row.max_total},
                           {"tests_passed", row.tests_passed},
                           {"tests_run", row.tests_run},
                           {"labs", std::move(labs)},
                           {"sources_hash", row.sources_hash.empty() ? ordered_json() : ordered_json(row.sources_hash)},
                           {"report", row.report.empty() ? ordered_json() : ordered_json(row.report)},
                           {"note", row.note}});
  }
  const auto graded = std::count_if(rows.begin(), rows.end(), [](const SubmissionRow& r) { return r.status == "graded"; });
  return {{"submissions", std::move(submissions)}, {"count", rows.size()}, {"graded", graded}};
}

}  // namespace store::grader
