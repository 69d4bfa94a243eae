// Checking a list of histories with expected verdicts: a TSV with a header
// line and the columns file, model, expected (paths relative to the TSV),
// e.g. the shared Porcupine corpus's MANIFEST.tsv.
#pragma once

#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "checker/checker.h"

namespace store::checker {

// A bad row or a missing file: "tsv:line: reason".
class ManifestError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ManifestRow {
  std::string file;  // as written in the TSV
  std::string path;  // resolved against the TSV's folder
  Model model = Model::kKv;
  Verdict expected = Verdict::kLinearizable;
  std::uint32_t line = 0;  // in the TSV
};

std::vector<ManifestRow> read_manifest(const std::string& tsv_path);

struct ManifestOutcome {
  Verdict verdict = Verdict::kUnknown;
  std::string error;   // parse or model error; the verdict is then unknown
  double seconds = 0;  // parse + check of this file
  bool as_expected() const;
  const ManifestRow* row = nullptr;
};

struct ManifestSummary {
  std::vector<ManifestOutcome> outcomes;  // in the TSV's order
  double wall_seconds = 0;                // all files, parsing included
  std::size_t as_expected = 0;
  bool all_as_expected() const { return as_expected == outcomes.size(); }
};

// Checks every row; files run in parallel on `threads` (0: one per hardware
// thread), each searched on one thread. `options.model` is taken from each row.
ManifestSummary run_manifest(const std::vector<ManifestRow>& rows, const Options& options, int threads);

// One line per file and a summary line.
void print_manifest(std::ostream& out, const ManifestSummary& summary, int threads);

}  // namespace store::checker
