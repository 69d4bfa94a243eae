// store-check-history: is a history linearizable?
//
//   store-check-history [--model kv|cas-register] [--html FILE] [--timeout SECONDS] [-v] FILE
//   store-check-history --manifest TSV [--timeout SECONDS] [-v]
// (and --max-steps, --max-memory, --threads; see --help)
//
// Exit status: 0 linearizable, 1 not linearizable, 2 unknown or bad input
// (and bad usage). With --manifest: 0 only when every verdict is as expected.
#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "checker/checker.h"
#include "checker/html_report.h"
#include "checker/manifest.h"
#include "core/printable.h"
#include "history/formats.h"

namespace store::checker {
namespace {

constexpr int kExitLinearizable = 0;
constexpr int kExitNotLinearizable = 1;
constexpr int kExitUnknownOrBad = 2;
constexpr double kDefaultTimeoutSeconds = 60;
constexpr double kDefaultMaxMemoryMb = 2048;  // per partition's visited cache

constexpr char kUsage[] =
    "usage: store-check-history [--model kv|cas-register] [--html FILE] [--timeout SECONDS] [-v] FILE\n"
    "       store-check-history --manifest TSV [--timeout SECONDS] [-v]\n";

constexpr char kHelp[] =
    "\n"
    "Checks whether a history is linearizable. The format (the project's JSON lines, a Jepsen log,\n"
    "or EDN maps) is detected from the content; the model defaults from it (Jepsen -> cas-register,\n"
    "otherwise kv, or cas-register for a history of read/write/cas).\n"
    "\n"
    "  --model M        kv or cas-register; an error if the history's operations do not fit\n"
    "  --html FILE      write a page showing the offending key's operations on a timeline\n"
    "  --timeout S      give up after S seconds with verdict unknown (default 60; 0: no limit)\n"
    "  --max-steps N    give up after N search steps per partition with verdict unknown\n"
    "  --max-memory MB  give up when a partition's visited cache exceeds MB megabytes (default 2048)\n"
    "  --threads N      partitions (or manifest files) checked in parallel (default: all cores)\n"
    "  --manifest TSV   check every file of a TSV with columns file, model, expected\n"
    "  -v               per-partition details\n"
    "\n"
    "FILE must be a regular file of at most 1 GiB (a directory, device or pipe is refused). A history\n"
    "with no operations is bad input: an empty history proves nothing, so it is never linearizable.\n"
    "Relative paths given to ./track check-history are taken from the directory you run it in.\n"
    "\n"
    "Exit status: 0 linearizable, 1 not linearizable, 2 unknown or bad input.\n"
    "With --manifest: 0 when every verdict matches the expected one, else 1 (2 for a bad manifest).\n";

struct Args {
  std::optional<Model> model;
  std::string html;
  std::string manifest;
  std::string file;
  double timeout = kDefaultTimeoutSeconds;
  std::uint64_t max_steps = 0;
  double max_memory_mb = kDefaultMaxMemoryMb;
  int threads = 0;
  bool verbose = false;
};

[[noreturn]] void usage_error(const std::string& message) {
  std::cerr << "store-check-history: " << printable(message) << "\n" << kUsage;
  std::exit(kExitUnknownOrBad);
}

template <class T>
T number(const std::string& flag, const std::string& text) {
  try {
    std::size_t used = 0;
    double value = std::stod(text, &used);
    if (used != text.size() || value < 0) throw std::invalid_argument(text);
    return static_cast<T>(value);
  } catch (const std::exception&) {
    usage_error(flag + " needs a non-negative number, not \"" + text + "\"");
  }
}

Args parse_args(int argc, char** argv) {
  Args args;
  std::vector<std::string> words(argv + 1, argv + argc);
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    auto value = [&]() -> const std::string& {
      if (i + 1 >= words.size()) usage_error(word + " needs a value");
      return words[++i];
    };
    if (word == "-h" || word == "--help") {
      std::cout << kUsage << kHelp;
      std::exit(0);
    } else if (word == "--model") {
      Model model{};
      const std::string& name = value();
      if (!model_from_name(name, &model)) usage_error("unknown model \"" + name + "\" (kv or cas-register)");
      args.model = model;
    } else if (word == "--html") {
      args.html = value();
    } else if (word == "--timeout") {
      args.timeout = number<double>(word, value());
    } else if (word == "--max-steps") {
      args.max_steps = number<std::uint64_t>(word, value());
    } else if (word == "--max-memory") {
      args.max_memory_mb = number<double>(word, value());
    } else if (word == "--threads") {
      args.threads = number<int>(word, value());
    } else if (word == "--manifest") {
      args.manifest = value();
    } else if (word == "-v" || word == "--verbose") {
      args.verbose = true;
    } else if (!word.empty() && word[0] == '-') {
      usage_error("unknown option " + word);
    } else if (args.file.empty()) {
      args.file = word;
    } else {
      usage_error("one history file at a time (got \"" + args.file + "\" and \"" + word + "\")");
    }
  }
  if (args.manifest.empty() == args.file.empty()) usage_error("give either a history FILE or --manifest TSV");
  if (!args.manifest.empty() && (args.model || !args.html.empty())) {
    usage_error("--model and --html apply to a single FILE, not to --manifest");
  }
  return args;
}

int run_manifest_command(const Args& args) {
  try {
    const std::vector<ManifestRow> rows = read_manifest(args.manifest);
    Options options;
    options.timeout_seconds = args.timeout;
    options.max_steps = args.max_steps;
    options.max_memory_bytes = static_cast<std::size_t>(args.max_memory_mb * 1024 * 1024);
    const ManifestSummary summary = run_manifest(rows, options, args.threads);
    print_manifest(std::cout, summary, args.threads);
    return summary.all_as_expected() ? 0 : 1;
  } catch (const ManifestError& e) {
    std::cerr << "store-check-history: " << printable(e.what()) << "\n";
    return kExitUnknownOrBad;
  }
}

int run_file_command(const Args& args) {
  history::History history;
  try {
    history = history::read_history_file(args.file);
  } catch (const history::ParseError& e) {
    std::cerr << "store-check-history: bad input: " << printable(e.what()) << "\n";
    return kExitUnknownOrBad;
  }
  const history::Family family = history.family();
  const Model natural = family == history::Family::kRegister ? Model::kCasRegister : Model::kKv;
  if (args.model && family != history::Family::kEmpty && *args.model != natural) {
    std::cerr << "store-check-history: bad input: " << printable(args.file) << " is a "
              << history::format_name(history.format) << " history of " << history::family_name(family)
              << " operations, but --model " << model_name(*args.model) << " was given\n";
    return kExitUnknownOrBad;
  }
  Options options;
  options.model = args.model.value_or(natural);
  options.timeout_seconds = args.timeout;
  options.max_steps = args.max_steps;
  options.max_memory_bytes = static_cast<std::size_t>(args.max_memory_mb * 1024 * 1024);
  options.threads = args.threads;
  CheckResult result;
  try {
    result = check(history, options);
  } catch (const std::invalid_argument& e) {
    std::cerr << "store-check-history: bad input: " << printable(args.file) << ": " << printable(e.what()) << "\n";
    return kExitUnknownOrBad;
  }

  std::cout << printable(args.file) << ": " << verdict_name(result.verdict) << " (" << model_name(options.model) << ", "
            << history.records.size() << " operations";
  if (options.model == Model::kKv) std::cout << ", " << result.partitions.size() << " keys";
  std::cout << ", " << result.steps << " search steps)\n";
  if (result.verdict != Verdict::kLinearizable) std::cout << printable(explain(history, result)) << "\n";
  if (args.verbose) {
    for (const PartitionResult& part : result.partitions) {
      std::cout << "  " << (part.key.empty() ? "register" : "key \"" + printable(part.key) + "\"") << ": "
                << verdict_name(part.verdict) << ", " << part.records.size() << " operations, " << part.steps
                << " steps, " << part.cache_entries << " cached states\n";
    }
  }
  if (!args.html.empty()) {
    std::ofstream out(args.html);
    HtmlOptions html;
    html.title = args.file;
    html.model = options.model;
    write_html(out, history, result, html);
    out.close();
    if (!out) {
      std::cerr << "store-check-history: cannot write " << args.html << "\n";
      return kExitUnknownOrBad;
    }
    std::cout << "html: " << args.html << "\n";
  }
  switch (result.verdict) {
    case Verdict::kLinearizable: return kExitLinearizable;
    case Verdict::kNotLinearizable: return kExitNotLinearizable;
    case Verdict::kUnknown: return kExitUnknownOrBad;
  }
  return kExitUnknownOrBad;
}

}  // namespace
}  // namespace store::checker

int main(int argc, char** argv) {
  // The searches' caches grow to megabytes and are freed partition by
  // partition; by default glibc maps and unmaps such blocks each time, and
  // the page faults cost a third of the run. Keep freed memory for reuse.
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  const store::checker::Args args = store::checker::parse_args(argc, argv);
  return args.manifest.empty() ? store::checker::run_file_command(args) : store::checker::run_manifest_command(args);
}
