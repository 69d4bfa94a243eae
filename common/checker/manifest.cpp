#include "checker/manifest.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "checker/parallel.h"
#include "core/printable.h"
#include "history/formats.h"

namespace store::checker {
namespace {

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t begin = 0;
  while (true) {
    const std::size_t tab = line.find('\t', begin);
    fields.push_back(line.substr(begin, tab == std::string::npos ? std::string::npos : tab - begin));
    if (tab == std::string::npos) return fields;
    begin = tab + 1;
  }
}

constexpr std::size_t kMaxManifestBytes = 16u << 20;

std::string format_seconds(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, seconds < 1 ? "%.1f ms" : "%.2f s", seconds < 1 ? seconds * 1000 : seconds);
  return buffer;
}

}  // namespace

bool ManifestOutcome::as_expected() const { return error.empty() && row != nullptr && verdict == row->expected; }

std::vector<ManifestRow> read_manifest(const std::string& tsv_path) {
  std::string text;
  try {
    text = history::read_input_file(tsv_path, kMaxManifestBytes);
  } catch (const history::ParseError& e) {
    throw ManifestError(tsv_path + ":0: " + e.reason());
  }
  std::istringstream in(text);
  const std::filesystem::path folder = std::filesystem::path(tsv_path).parent_path();
  std::vector<ManifestRow> rows;
  std::string line;
  std::uint32_t number = 0;
  auto fail = [&](const std::string& reason) {
    throw ManifestError(tsv_path + ":" + std::to_string(number) + ": " + reason);
  };
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::vector<std::string> fields = split_tabs(line);
    if (number == 1) {
      if (fields.size() != 3 || fields[0] != "file" || fields[1] != "model" || fields[2] != "expected") {
        fail("the first line must be the header `file<TAB>model<TAB>expected`");
      }
      continue;
    }
    if (fields.size() != 3)
      fail("expected 3 tab-separated columns (file, model, expected), found " + std::to_string(fields.size()));
    ManifestRow row;
    row.file = fields[0];
    row.line = number;
    if (!model_from_name(fields[1], &row.model)) fail("unknown model \"" + fields[1] + "\" (kv or cas-register)");
    if (!verdict_from_name(fields[2], &row.expected) || row.expected == Verdict::kUnknown) {
      fail("unknown expected verdict \"" + fields[2] + "\" (linearizable or not-linearizable)");
    }
    row.path = (folder / row.file).string();
    if (!std::filesystem::is_regular_file(row.path)) fail("no such file: " + row.path);
    rows.push_back(std::move(row));
  }
  if (number == 0) fail("empty manifest");
  return rows;
}

ManifestSummary run_manifest(const std::vector<ManifestRow>& rows, const Options& options, int threads) {
  using Clock = std::chrono::steady_clock;
  ManifestSummary summary;
  summary.outcomes.resize(rows.size());
  const Clock::time_point start = Clock::now();
  parallel_for(rows.size(), threads, [&](std::size_t i) {
    const Clock::time_point begin = Clock::now();
    ManifestOutcome& outcome = summary.outcomes[i];
    outcome.row = &rows[i];
    try {
      const history::History history = history::read_history_file(rows[i].path);
      Options file_options = options;
      file_options.model = rows[i].model;
      file_options.threads = 1;
      outcome.verdict = check(history, file_options).verdict;
    } catch (const std::exception& e) {
      outcome.error = e.what();
    }
    outcome.seconds = std::chrono::duration<double>(Clock::now() - begin).count();
  });
  summary.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (const ManifestOutcome& outcome : summary.outcomes) summary.as_expected += outcome.as_expected();
  return summary;
}

void print_manifest(std::ostream& out, const ManifestSummary& summary, int threads) {
  std::size_t unknown = 0, errors = 0;
  for (const ManifestOutcome& outcome : summary.outcomes) {
    const ManifestRow& row = *outcome.row;
    out << (outcome.as_expected() ? "ok    " : "WRONG ");
    if (!outcome.error.empty()) {
      ++errors;
      out << "error             expected " << verdict_name(row.expected) << "  " << printable(row.file) << " (line "
          << row.line << "): " << printable(outcome.error) << "\n";
      continue;
    }
    unknown += outcome.verdict == Verdict::kUnknown;
    char buffer[160];
    std::snprintf(buffer, sizeof buffer, "%-17s expected %-17s %10s  ",
                  std::string(verdict_name(outcome.verdict)).c_str(), std::string(verdict_name(row.expected)).c_str(),
                  format_seconds(outcome.seconds).c_str());
    out << buffer << printable(row.file) << "\n";
  }
  const std::size_t total = summary.outcomes.size();
  out << total << " files: " << summary.as_expected << " as expected, " << (total - summary.as_expected) << " not ("
      << unknown << " unknown, " << errors << " errors); wall time " << format_seconds(summary.wall_seconds)
      << " including parsing, " << resolve_threads(threads) << " thread(s)\n";
}

}  // namespace store::checker
