// The summary of a batch grade (./track grade-all): one row per submission,
// read from the folder each submission's grade wrote, as CSV and as JSON.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace store::grader {

struct SubmissionRow {
  std::string name;
  // graded: it built and ran; build-failed: it did not compile (0 points);
  // refused: it could not be graded as it was (see note); missing: no report.
  std::string status;
  int total = 0;
  int max_total = 0;
  int tests_passed = 0;
  int tests_run = 0;
  std::map<int, int> lab_scores;
  std::string sources_hash;
  std::string report;  // the JSON report's path, relative to the summary
  std::string note;
};

// Reads `folder`/<name>/: report.json (the grader's JSON) and status (one
// line: a status word, then an optional note), for each <name> given.
std::vector<SubmissionRow> read_rows(const std::filesystem::path& folder, const std::vector<std::string>& names);

// Every text field quoted and escaped: no newline or control character, and
// no cell a spreadsheet would read as a formula (a name is a student's).
std::string summary_csv(const std::vector<SubmissionRow>& rows);
nlohmann::ordered_json summary_json(const std::vector<SubmissionRow>& rows);

}  // namespace store::grader
