#include "framework/report_text.h"

#include <algorithm>
#include <iomanip>
#include <string>

#include "core/printable.h"
#include "framework/output_tail.h"

namespace store::grader {

namespace {

constexpr std::size_t kTableMessageWidth = 90;
constexpr std::size_t kVerboseOutputLines = 40;
constexpr std::size_t kBuildErrorLines = 60;

// Messages, log lines and output come from the code under test: printed
// through printable(), so that a newline cannot forge a report line nor an
// escape sequence reach the terminal.
std::string clipped(const std::string& text, std::size_t width) {
  std::string line = printable(text);
  if (line.size() > width) line = line.substr(0, width - 3) + "...";
  return line;
}

std::string lab_heading(const LabGroup& group) {
  std::string heading = "Lab " + std::to_string(group.lab);
  if (!group.title.empty()) heading += ": " + group.title;
  return heading;
}

std::string figure_line(const FigureSummary& f) {
  std::string unit = f.unit.empty() ? "" : " " + f.unit;
  if (f.values.size() == 1 || f.min == f.max) return f.name + ": " + format_number(f.median) + unit;
  return f.name + ": " + format_number(f.median) + unit + " (median of " + std::to_string(f.values.size()) +
         " seeds; min " + format_number(f.min) + ", max " + format_number(f.max) + ")";
}

void write_seed_details(std::ostream& out, const SeedOutcome& seed) {
  const SeedResult& r = seed.result;
  out << "      seed " << seed.seed << "  " << (r.passed ? "passed" : "FAILED") << "  "
      << format_duration(seed.duration_s);
  if (r.trace_hash) out << "  trace hash " << hex16(*r.trace_hash);
  if (!r.passed) out << "  " << printable(r.message);
  out << "\n";
  for (const Figure& f : r.figures) {
    out << "        " << f.name << " = " << format_number(f.value) << (f.unit.empty() ? "" : " " + f.unit) << "\n";
  }
  if (r.log_dropped > 0) out << "        log: (" << r.log_dropped << " earlier lines dropped)\n";
  for (const std::string& line : r.log) out << "        log: " << printable(line) << "\n";
  if (!r.passed) {
    std::vector<std::string> lines = last_lines(seed.output, kVerboseOutputLines);
    if (lines.empty()) {
      out << "        output: (none)\n";
    } else {
      out << "        output (last " << lines.size() << " lines):\n";
      for (const std::string& line : lines) out << "        | " << printable(line) << "\n";
    }
  }
}

void write_lab_table(std::ostream& out, const LabGroup& group, bool verbose) {
  std::size_t name_width = 4;
  for (const TestOutcome* t : group.tests) name_width = std::max(name_width, t->scenario->info.name.size());
  out << lab_heading(group) << "\n";
  out << "  " << std::left << std::setw(static_cast<int>(name_width)) << "test"
      << "  points   seeds      time\n";
  for (const TestOutcome* t : group.tests) {
    const ScenarioInfo& info = t->scenario->info;
    std::string points = std::to_string(t->points()) + "/" + std::to_string(info.points);
    std::string seeds = std::to_string(t->seeds.size() - t->seeds_failed()) + "/" + std::to_string(t->seeds.size());
    out << "  " << std::left << std::setw(static_cast<int>(name_width)) << info.name << std::right << std::setw(8)
        << points << std::setw(8) << seeds << std::setw(10) << format_duration(t->duration_s());
    if (const SeedOutcome* failure = t->first_failure()) {
      out << "  seed " << failure->seed << ": " << clipped(failure->result.message, kTableMessageWidth);
    }
    out << "\n";
    for (const FigureSummary& f : summarize_figures(*t)) out << "    " << figure_line(f) << "\n";
    if (verbose) {
      for (const SeedOutcome& seed : t->seeds) write_seed_details(out, seed);
    }
  }
  out << "  " << std::left << std::setw(static_cast<int>(name_width)) << ("lab " + std::to_string(group.lab))
      << std::right << std::setw(8) << (std::to_string(group.score) + "/" + std::to_string(group.max_score)) << "\n\n";
}

void write_failure(std::ostream& out, const GradeResult& grade, const TestOutcome& t) {
  const SeedOutcome& failure = *t.first_failure();
  const ScenarioInfo& info = t.scenario->info;
  out << "  " << info.name << " (lab " << info.lab << "): seed " << failure.seed << " failed";
  if (t.seeds.size() > 1) {
    out << " (" << t.seeds_failed() << " of " << t.seeds.size() << " seeds failed:";
    for (const SeedOutcome& s : t.seeds) {
      if (!s.result.passed) out << " " << s.seed;
    }
    out << ")";
  }
  out << "\n";
  out << "    " << printable(failure.result.message) << "\n";
  out << "    replay: " << replay_command(grade.replay_prefix, info.name, failure.seed) << "\n";
  if (!info.handout.empty()) out << "    read:   " << info.handout << "\n";
  if (t.rerun) {
    const TraceRerun& rerun = *t.rerun;
    if (!rerun.trace_file.empty()) {
      out << "    trace:  " << rerun.trace_file << "\n";
    } else if (rerun.problem.empty()) {
      out << "    trace:  (none: the scenario writes no trace file)\n";
    }
    if (!rerun.history_file.empty()) out << "    history: " << rerun.history_file << "\n";
    if (!rerun.trace_file.empty()) out << "    view:   " << view_command(rerun.trace_file) << "\n";
    if (!rerun.output_file.empty()) out << "    output: " << rerun.output_file << "\n";
    if (!rerun.schedule_file.empty()) {
      out << "    schedule: " << rerun.schedule_file << "\n"
          << "    shrink: " << shrink_command(grade.replay_prefix, info.name, failure.seed) << "\n";
    }
    if (!rerun.problem.empty()) out << "    note:   " << rerun.problem << "\n";
    if (!rerun.comparable) {
      out << "    note:   " << printable(rerun_limit_note(rerun, failure.limit)) << "\n";
    } else if (!rerun.same_verdict) {
      out << "    NOT DETERMINISTIC: the traced re-run of seed " << rerun.seed
          << " said: " << printable(rerun.rerun_verdict) << "\n";
    }
  }
}

}  // namespace

void write_text_report(std::ostream& out, const GradeResult& grade, bool verbose) {
  if (grade.tests.empty()) {
    out << grade.note << "\n";
    return;
  }
  for (const LabGroup& group : group_by_lab(grade)) write_lab_table(out, group, verbose);

  if (grade.build_errors) {
    // One cause for every failure: the compiler's, not a test's.
    out << "Build errors (the code could not be built, so no test ran):\n";
    for (const std::string& line : last_lines(*grade.build_errors, kBuildErrorLines)) {
      out << "  | " << printable(line) << "\n";
    }
    out << "\n" << graded_line(grade) << "\n";
    out << "Total: 0/" << grade.max_total() << " points; the code could not be built\n";
    return;
  }
  bool any_failure = false;
  for (const TestOutcome& t : grade.tests) {
    if (t.passed()) continue;
    if (!any_failure) out << "Failures (replay one seed with the command shown)\n";
    any_failure = true;
    write_failure(out, grade, t);
  }
  if (any_failure) out << "\n";

  if (!grade.budget_note.empty()) out << "Stopped: " << grade.budget_note << "\n";
  out << graded_line(grade) << "\n";
  out << "Total: " << grade.total() << "/" << grade.max_total() << " points; " << grade.tests_passed() << " of "
      << grade.tests.size() << " tests passed (" << format_duration(grade.duration_s) << ")\n";
}

}  // namespace store::grader
