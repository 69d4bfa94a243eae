#include "framework/options.h"

#include <charconv>
#include <string_view>

#include "framework/suggest.h"

namespace store::grader {

namespace {

const std::vector<std::string> kFlags = {
    "--impl",      "--lab",         "--test",           "--seed",         "--seeds",        "--thorough",
    "--seed-salt", "--seed-salt-file", "--time-limit",  "--stall-limit",  "--memory-limit", "--budget",
    "--jobs",      "--json",        "--gradescope",     "--trace-dir",    "--trace-limit",  "--verbose",
    "--list",      "--help",        "--schedule",       "--shrink",       "--shrink-runs",  "--shrink-time"};

// Seconds: a positive number, at most a day.
bool parse_seconds(std::string_view text, double& out) {
  if (text.empty() || text.front() == '+' || text.front() == '-') return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size() && out > 0 && out <= 86400;
}

template <typename Number>
bool parse_number(std::string_view text, Number& out) {
  if (text.empty() || text.front() == '+' || text.front() == '-') return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

std::vector<std::string> split_commas(std::string_view text) {
  std::vector<std::string> items;
  while (true) {
    std::size_t comma = text.find(',');
    items.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return items;
}

}  // namespace

ParsedOptions parse_options(const std::vector<std::string>& args) {
  ParsedOptions parsed;
  Options& o = parsed.options;
  auto bad = [&](std::string message) {
    parsed.error = std::move(message);
    return parsed;
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    std::optional<std::string> value;
    if (flag.rfind("--", 0) == 0) {
      if (auto equals = flag.find('='); equals != std::string::npos) {
        value = flag.substr(equals + 1);
        flag.resize(equals);
      }
    }
    auto take_value = [&](const char* what) -> std::optional<std::string> {
      if (value) return value;
      if (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0) return args[++i];
      parsed.error = flag + " needs a value (" + what + ")";
      return std::nullopt;
    };
    auto no_value = [&]() {
      if (value) parsed.error = flag + " takes no value";
      return !value;
    };

    if (flag == "-h" || flag == "--help") {
      if (!no_value()) return parsed;
      o.help = true;
    } else if (flag == "-v" || flag == "--verbose") {
      if (!no_value()) return parsed;
      o.verbose = true;
    } else if (flag == "--list") {
      if (!no_value()) return parsed;
      o.list = true;
    } else if (flag == "--impl") {
      auto v = take_value("labs or solutions");
      if (!v) return parsed;
      if (v->empty()) return bad("--impl needs a value (labs or solutions)");
      o.impl = *v;
    } else if (flag == "--lab") {
      auto v = take_value("a lab number, or a comma list such as 1,2");
      if (!v) return parsed;
      for (const std::string& item : split_commas(*v)) {
        int lab = 0;
        if (!parse_number(item, lab)) return bad("--lab: '" + item + "' is not a lab number");
        o.labs.push_back(lab);
      }
    } else if (flag == "--test") {
      auto v = take_value("a test name, or a comma list");
      if (!v) return parsed;
      for (const std::string& item : split_commas(*v)) {
        if (item.empty()) return bad("--test: empty test name in '" + *v + "'");
        o.tests.push_back(item);
      }
    } else if (flag == "--seed") {
      auto v = take_value("a seed number");
      if (!v) return parsed;
      std::uint64_t seed = 0;
      if (!parse_number(*v, seed)) return bad("--seed: '" + *v + "' is not a seed (a number from 0 to 2^64-1)");
      o.seed = seed;
    } else if (flag == "--seeds") {
      auto v = take_value("how many seeds");
      if (!v) return parsed;
      int seeds = 0;
      if (!parse_number(*v, seeds) || seeds < 1 || seeds > 1000000) {
        return bad("--seeds: '" + *v + "' is not a seed count (1 to 1000000)");
      }
      o.seeds = seeds;
    } else if (flag == "--thorough") {
      o.thorough = true;
    } else if (flag == "--seed-salt") {
      auto v = take_value("a salt (any text)");
      if (!v) return parsed;
      if (v->empty()) return bad("--seed-salt needs a non-empty text");
      o.seed_salt = *v;
    } else if (flag == "--seed-salt-file") {
      auto v = take_value("a file holding the salt");
      if (!v) return parsed;
      if (v->empty()) return bad("--seed-salt-file needs a file name");
      o.seed_salt_file = *v;
    } else if (flag == "--time-limit" || flag == "--stall-limit" || flag == "--budget") {
      auto v = take_value("seconds");
      if (!v) return parsed;
      double seconds = 0;
      if (!parse_seconds(*v, seconds)) return bad(flag + ": '" + *v + "' is not a number of seconds (above 0, at most 86400)");
      (flag == "--time-limit" ? o.time_limit_s : flag == "--stall-limit" ? o.stall_limit_s : o.budget_s) = seconds;
    } else if (flag == "--memory-limit") {
      auto v = take_value("MiB");
      if (!v) return parsed;
      std::size_t mb = 0;
      if (!parse_number(*v, mb) || mb < 16 || mb > 1024 * 1024) {
        return bad("--memory-limit: '" + *v + "' is not a size in MiB (16 to 1048576)");
      }
      o.memory_limit_mb = mb;
    } else if (flag == "--jobs") {
      auto v = take_value("how many test-seeds to run at once");
      if (!v) return parsed;
      int jobs = 0;
      if (!parse_number(*v, jobs) || jobs < 1 || jobs > 1024) {
        return bad("--jobs: '" + *v + "' is not a job count (1 to 1024)");
      }
      o.jobs = jobs;
    } else if (flag == "--json") {
      auto v = take_value("a file name");
      if (!v) return parsed;
      if (v->empty()) return bad("--json needs a file name");
      o.json_path = *v;
    } else if (flag == "--gradescope") {
      auto v = take_value("a file name");
      if (!v) return parsed;
      if (v->empty()) return bad("--gradescope needs a file name");
      o.gradescope_path = *v;
    } else if (flag == "--trace-dir") {
      auto v = take_value("a directory");
      if (!v) return parsed;
      if (v->empty()) return bad("--trace-dir needs a directory");
      o.trace_dir = *v;
    } else if (flag == "--trace-limit") {
      auto v = take_value("a size in MiB");
      if (!v) return parsed;
      std::uint64_t mb = 0;
      if (!parse_number(*v, mb) || mb < 1 || mb > 1024 * 1024) {
        return bad("--trace-limit: '" + *v + "' is not a size in MiB (1 to 1048576)");
      }
      o.trace_limit_mb = mb;
    } else if (flag == "--schedule") {
      auto v = take_value("a schedule file (JSON)");
      if (!v) return parsed;
      if (v->empty()) return bad("--schedule needs a file name");
      o.schedule_path = *v;
    } else if (flag == "--shrink") {
      if (!no_value()) return parsed;
      o.shrink = true;
    } else if (flag == "--shrink-runs") {
      auto v = take_value("how many runs the shrinker may make");
      if (!v) return parsed;
      if (!parse_number(*v, o.shrink_runs) || o.shrink_runs < 1 || o.shrink_runs > 100000) {
        return bad("--shrink-runs: '" + *v + "' is not a run count (1 to 100000)");
      }
    } else if (flag == "--shrink-time") {
      auto v = take_value("seconds");
      if (!v) return parsed;
      if (!parse_number(*v, o.shrink_seconds) || o.shrink_seconds < 1 || o.shrink_seconds > 86400) {
        return bad("--shrink-time: '" + *v + "' is not a number of seconds (1 to 86400)");
      }
    } else if (flag.rfind("-", 0) == 0) {
      std::string message = "unknown option '" + flag + "'";
      if (auto close = closest_match(flag, kFlags)) message += "; did you mean '" + *close + "'?";
      return bad(message);
    } else {
      return bad("unexpected argument '" + flag + "' (tests are chosen with --test NAME)");
    }
  }
  if (o.seed && o.seeds) return bad("--seed and --seeds cannot be combined (one exact seed, or seeds 1..K)");
  if (o.thorough && (o.seed || o.seeds)) return bad("--thorough sets the seed count; it cannot be combined with --seed or --seeds");
  if (!o.seed_salt.empty() && !o.seed_salt_file.empty()) return bad("--seed-salt and --seed-salt-file cannot be combined");
  if (o.seed && (!o.seed_salt.empty() || !o.seed_salt_file.empty())) {
    return bad("--seed names one exact seed; a --seed-salt has nothing to change there");
  }
  const bool one_test_seed = o.tests.size() == 1 && o.seed.has_value();
  if (o.shrink && !one_test_seed) {
    return bad("--shrink works on one failing test-seed: give --test NAME and --seed S");
  }
  if (o.shrink && (!o.json_path.empty() || !o.gradescope_path.empty() || o.list)) {
    return bad("--shrink prints a schedule, not a grade: it cannot be combined with --json, --gradescope or --list");
  }
  if (!o.schedule_path.empty() && !one_test_seed) {
    return bad("--schedule replays one test-seed with another schedule: give --test NAME and --seed S");
  }
  return parsed;
}

std::string usage_text(const std::string& program, const std::string& impl) {
  return "usage: " + program +
         " [options]\n"
         "Runs the graded scenarios of the '" +
         impl +
         "' implementation, each over several seeds, every test-seed in its own\n"
         "child process with time and memory limits.\n"
         "\n"
         "  --impl NAME        the implementation to grade; this grader grades '" +
         impl +
         "'\n"
         "  --lab N            only the tests of lab N (repeatable, or a comma list: --lab 1,2)\n"
         "  --test NAME        only this test (repeatable, or a comma list)\n"
         "  --seed S           run exactly seed S of each selected test\n"
         "  --seeds K          run seeds 1..K of each selected test instead of its default count\n"
         "  --thorough         ten times each test's default number of seeds (for instructors)\n"
         "  --seed-salt TEXT   draw each test's seeds from TEXT instead of 1..K (hidden seeds; the replay\n"
         "                     command of a failure names the seed, so it works without the salt)\n"
         "  --seed-salt-file F the same, with the salt read from file F (kept out of shell history)\n"
         "  --time-limit S     every test-seed's wall-clock limit, in place of each test's own (default 120)\n"
         "  --stall-limit S    every test-seed's limit without progress, in place of each test's (default 20)\n"
         "  --memory-limit MB  every test-seed's memory limit, in place of each test's (default 2048)\n"
         "  --budget S         the whole grade's wall-clock budget: what has not finished then fails\n"
         "  --jobs J           run up to J test-seeds at once (default: one per CPU)\n"
         "  --json FILE        also write the report as JSON\n"
         "  --gradescope FILE  also write Gradescope's results.json\n"
         "  --trace-dir DIR    where traces of failing seeds go (default .store/traces)\n"
         "  --trace-limit MB   cut each trace file at this size (default 64 MiB)\n"
         "  --schedule FILE    play this fault schedule (JSON, as the grader writes them) instead of the\n"
         "                     one the seed draws; needs --test and --seed\n"
         "  --shrink           with --test and --seed: if the seed fails, search the smallest fault\n"
         "                     schedule that still fails the same way, and print it with its replay\n"
         "                     and view commands\n"
         "  --shrink-runs N    the shrinker's budget of test-seed runs (default 200)\n"
         "  --shrink-time S    the shrinker's budget of wall-clock seconds (default 300)\n"
         "  -v, --verbose      per-seed lines, figures, log lines and the output of failures\n"
         "  --list             list the tests (lab, name, points, seeds, description, handout)\n"
         "  -h, --help         this text\n"
         "\n"
         "Exit status: 0 when every selected test passed, 1 when any failed, 2 on bad usage.\n";
}

}  // namespace store::grader
