#include "framework/grader_main.h"

#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/printable.h"
#include "framework/grade_run.h"
#include "framework/options.h"
#include "framework/process_info.h"
#include "framework/progress_display.h"
#include "framework/report_json.h"
#include "framework/report_text.h"
#include "framework/schedule_file.h"
#include "framework/selection.h"
#include "framework/shrink.h"

namespace store::grader {

namespace {

volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void on_interrupt(int) { g_interrupted = 1; }

// Installs the interrupt handlers for the life of a grade. Without SA_RESTART,
// so that the supervisor's poll() wakes up at once.
class InterruptGuard {
 public:
  InterruptGuard() {
    g_interrupted = 0;
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &old_int_);
    sigaction(SIGTERM, &action, &old_term_);
  }
  ~InterruptGuard() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

std::string replay_prefix(const GraderIdentity& identity) {
  if (!identity.replay_prefix.empty()) return identity.replay_prefix;
  // The track driver knows these two; other graders (self-test, known bugs) are run directly.
  if (identity.impl == "labs" || identity.impl == "solutions") return "./track grade --impl " + identity.impl;
  return identity.program;
}

void write_listing(std::ostream& out, const Registry& registry, const std::vector<TestPlan>& tests) {
  std::size_t name_width = 4;
  for (const TestPlan& t : tests) name_width = std::max(name_width, t.scenario->info.name.size());
  int lab = -1;
  for (const TestPlan& t : tests) {
    const ScenarioInfo& info = t.scenario->info;
    if (info.lab != lab) {
      lab = info.lab;
      std::string title = registry.lab_title(lab);
      out << (lab == tests.front().scenario->info.lab ? "" : "\n") << "Lab " << lab
          << (title.empty() ? "" : ": " + title) << "\n";
      out << "  lab  " << std::left << std::setw(static_cast<int>(name_width)) << "test"
          << "  points  seeds  description / handout\n";
    }
    out << "  " << std::left << std::setw(3) << info.lab << "  " << std::setw(static_cast<int>(name_width)) << info.name
        << std::right << std::setw(8) << info.points << std::setw(7) << t.seeds.size() << "  " << info.description
        << "\n";
    if (!info.handout.empty()) {
      out << std::string(2 + 3 + 2 + name_width + 8 + 7 + 2, ' ') << info.handout << "\n";
    }
  }
}

// The salt is the file's text without the whitespace around it (an editor's
// final newline is not part of it).
std::optional<std::string> read_salt_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::ostringstream contents;
  contents << file.rdbuf();
  const std::string text = contents.str();
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return std::nullopt;
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

bool write_file(const std::string& path, const std::string& text, std::ostream& err) {
  std::ofstream file(path, std::ios::trunc);
  file << text;
  file.close();
  if (!file) {
    err << "cannot write " << path << "\n";
    return false;
  }
  return true;
}

}  // namespace

int run_grader(const std::vector<std::string>& args, const Registry& registry, const GraderIdentity& identity,
               std::ostream& out, std::ostream& err, bool err_is_terminal) {
  const std::string me = identity.mode == "in-process" ? "store-grade-" + identity.impl
                                                        : std::filesystem::path(identity.program).filename().string();
  ParsedOptions parsed = parse_options(args);
  if (!parsed.ok()) {
    err << me << ": " << parsed.error << "\n" << me << ": run with --help for the options\n";
    return 2;
  }
  Options options = parsed.options;
  if (!options.seed_salt_file.empty() && !options.help) {
    auto salt = read_salt_file(options.seed_salt_file);
    if (!salt) {
      err << me << ": --seed-salt-file: cannot read a salt from " << options.seed_salt_file
          << " (a readable file with some text in it)\n";
      return 2;
    }
    options.seed_salt = *salt;
  }
  if (options.help) {
    out << usage_text(identity.program, identity.impl) << identity.extra_usage;
    return 0;
  }
  if (!registry.errors().empty()) {
    for (const std::string& e : registry.errors()) err << me << ": " << e << "\n";
    err << me << ": fix the scenario registrations above; nothing was run\n";
    return 2;
  }
  if (!options.impl.empty() && options.impl != identity.impl) {
    err << me << ": this grader grades '" << identity.impl << "', not '" << options.impl << "'; run store-grade-"
        << options.impl << " (./track grade --impl " << options.impl << ")\n";
    return 2;
  }
  Selection selection = select_tests(registry, options);
  if (!selection.error.empty()) {
    err << me << ": " << selection.error << "\n";
    return 2;
  }
  if (options.list) {
    if (selection.tests.empty()) {
      out << selection.note << "\n";
    } else {
      write_listing(out, registry, selection.tests);
    }
    return 0;
  }
  // Refuse before running anything rather than lose the report afterwards.
  for (const std::string& path : {options.json_path, options.gradescope_path}) {
    if (path.empty()) continue;
    std::ofstream probe(path, std::ios::app);
    if (!probe) {
      err << me << ": cannot write " << path << "\n";
      return 2;
    }
  }

  std::size_t seed_count = 0;
  for (const TestPlan& t : selection.tests) seed_count += t.seeds.size();
  GradeSettings settings;
  settings.impl = identity.impl;
  settings.replay_prefix = replay_prefix(identity);
  settings.trace_dir = options.trace_dir;
  settings.trace_max_bytes = options.trace_limit_mb * 1024 * 1024;
  settings.verbose = options.verbose;
  settings.jobs = options.jobs > 0 ? options.jobs : usable_cpus();
  settings.time_limit_s = options.time_limit_s;
  settings.stall_limit_s = options.stall_limit_s;
  settings.memory_limit_mb = options.memory_limit_mb;
  settings.budget_s = options.budget_s;
  if (!options.schedule_path.empty()) {
    std::string error;
    const std::optional<nlohmann::json> schedule = read_schedule_file(options.schedule_path, &error);
    if (!schedule) {
      err << me << ": --schedule: " << error << "\n";
      return 2;
    }
    settings.schedule = schedule->dump();
    settings.replay_prefix += " --schedule " + options.schedule_path;
  }
  if (options.shrink) {
    if (selection.tests.empty()) {
      err << me << ": " << selection.note << "\n";
      return 2;
    }
    InterruptGuard guard;
    ShrinkRequest request{.scenario = selection.tests.front().scenario,
                          .seed = *options.seed,
                          .start_schedule = settings.schedule,
                          .max_runs = options.shrink_runs,
                          .max_seconds = static_cast<double>(options.shrink_seconds)};
    settings.replay_prefix = replay_prefix(identity);
    return run_shrink(request, settings, out, err, err_is_terminal, &g_interrupted);
  }

  GradeResult grade;
  if (identity.build_errors) {
    grade = unbuilt_grade(selection.tests, settings, *identity.build_errors);
  } else if (selection.tests.empty()) {
    grade.impl = identity.impl;
    grade.replay_prefix = settings.replay_prefix;
    grade.note = selection.note;
  } else {
    err << me << ": " << selection.tests.size() << " tests, " << seed_count << " test-seeds, " << settings.jobs
        << (settings.jobs == 1 ? " job" : " jobs") << "\n";
    ProgressDisplay display(err, err_is_terminal, seed_count, selection.tests.size());
    InterruptGuard guard;
    grade = run_grade(selection.tests, settings, display, &g_interrupted);
    if (grade.interrupted) {
      err << me << ": interrupted; every child was stopped and no report was written\n";
      return 130;
    }
  }
  for (int lab : registry.labs()) grade.lab_titles[lab] = registry.lab_title(lab);
  grade.mode = identity.mode;
  if (identity.build_errors) grade.note = "the code could not be built; nothing was run";
  grade.sources_hash = identity.sources_hash;
  if (!options.seed_salt.empty()) grade.salt_fingerprint = salt_fingerprint(options.seed_salt);
  if (settings.schedule) {
    // The one test-seed ran with the schedule given: it must have played it.
    for (const TestOutcome& test : grade.tests) {
      for (const SeedOutcome& seed : test.seeds) {
        if (!seed.result.schedule_error.empty()) {
          err << me << ": --schedule: " << printable(seed.result.message) << "\n";
          return 2;
        }
        if (!seed.result.schedule && seed.limit.empty()) {
          err << me << ": --schedule: " << test.scenario->info.name
              << " plays no fault schedule (a scripted scenario), so there is nothing to replace\n";
          return 2;
        }
      }
    }
  }

  write_text_report(out, grade, options.verbose);
  out.flush();
  bool written = true;
  if (!options.json_path.empty()) written &= write_file(options.json_path, dump_json(report_json(grade)), err);
  if (!options.gradescope_path.empty()) {
    written &= write_file(options.gradescope_path, dump_json(gradescope_json(grade)), err);
  }
  if (!written) return 2;
  return grade.all_passed() ? 0 : 1;
}

int grader_main(int argc, char** argv, const std::string& impl, const std::string& sources_hash) {
  // Children inherit 0-2; make sure they are open so that no pipe lands there.
  for (int fd = 0; fd <= 2; ++fd) {
    if (fcntl(fd, F_GETFD) < 0) ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
  }
  std::vector<std::string> args(argv + 1, argv + argc);
  GraderIdentity identity{impl, argc > 0 ? argv[0] : "store-grade-" + impl};
  identity.sources_hash = sources_hash;
  return run_grader(args, Registry::global(), identity, std::cout, std::cerr, stderr_is_terminal());
}

}  // namespace store::grader
