// store-view TRACE [--out FILE] [--history FILE]: the timeline page of a
// trace (see view_page.h). `./track view` runs it.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "view/trace_model.h"
#include "view/view_page.h"

namespace fs = std::filesystem;

namespace {

constexpr char kUsage[] =
    "usage: store-view TRACE [--out FILE] [--history FILE]\n"
    "Writes a self-contained HTML timeline of a simulator trace (the .jsonl file the grader\n"
    "writes for a failing seed): one lane per server and client, messages as arrows, faults,\n"
    "roles, terms, commit and apply indexes, client operations, and the step that broke the run.\n"
    "\n"
    "  --out FILE      where to write the page (default: TRACE with .jsonl replaced by .view.html)\n"
    "  --history FILE  the history view of the same run to link (default: the .history.html\n"
    "                  beside the trace, when there is one)\n"
    "\n"
    "Exit status: 0 when the page was written, 2 on bad usage or input that is not a trace.\n";

int usage_error(const std::string& message) {
  std::cerr << "store-view: " << message << "\n" << kUsage;
  return 2;
}

std::string stem_of(const std::string& trace) {
  const std::string suffix = ".jsonl";
  if (trace.size() > suffix.size() && trace.compare(trace.size() - suffix.size(), suffix.size(), suffix) == 0) {
    return trace.substr(0, trace.size() - suffix.size());
  }
  return trace;
}

// The link from the page to `target`, relative to the page's folder so that the two can move together.
std::string relative_href(const std::string& page, const std::string& target) {
  std::error_code error;
  const fs::path from = fs::weakly_canonical(fs::absolute(page), error).parent_path();
  const fs::path to = fs::weakly_canonical(fs::absolute(target), error);
  fs::path rel = to.lexically_relative(from);
  return (rel.empty() ? to : rel).generic_string();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string trace, out, history;
  bool history_given = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      return 0;
    }
    if (a == "--out" || a == "--history") {
      if (i + 1 >= args.size() || args[i + 1].empty()) return usage_error(a + " needs a file name");
      (a == "--out" ? out : history) = args[++i];
      if (a == "--history") history_given = true;
    } else if (a.rfind("-", 0) == 0 && a != "-") {
      return usage_error("unknown option '" + a + "'");
    } else if (trace.empty()) {
      trace = a;
    } else {
      return usage_error("one trace at a time (got '" + trace + "' and '" + a + "')");
    }
  }
  if (trace.empty()) return usage_error("which trace? (the grader prints its path beside each failure)");
  std::error_code error;
  if (!fs::is_regular_file(trace, error)) {
    std::cerr << "store-view: " << trace << " is not a file (the grader prints each failing seed's trace path)\n";
    return 2;
  }
  const std::string stem = stem_of(trace);
  if (out.empty()) out = stem + ".view.html";
  if (!history_given) {
    const std::string beside = stem + ".history.html";
    if (fs::is_regular_file(beside, error)) history = beside;
  } else if (!fs::is_regular_file(history, error)) {
    std::cerr << "store-view: the history view " << history << " does not exist\n";
    return 2;
  }

  store::view::TraceModel model;
  try {
    model = store::view::read_trace_file(trace);
  } catch (const store::view::TraceError& e) {
    std::cerr << "store-view: " << trace << ": " << e.what() << "\n";
    return 2;
  }
  store::view::PageOptions options;
  options.title = fs::path(stem).filename().string();
  options.trace_path = trace;
  if (!history.empty()) options.history_href = relative_href(out, history);

  std::ofstream file(out, std::ios::trunc | std::ios::binary);
  if (file) store::view::write_page(file, model, options);
  file.close();
  if (!file) {
    std::cerr << "store-view: cannot write " << out << "\n";
    return 2;
  }
  for (const std::string& warning : model.warnings) std::cerr << "store-view: note: " << warning << "\n";
  std::cout << "wrote " << out << ": " << model.flights.size() << " messages, " << model.marks.size() << " events, "
            << model.operations.size() << " client operations over " << static_cast<double>(model.end_time) / 1e6
            << " s simulated" << (history.empty() ? "" : "; linked to " + history) << "\n"
            << "open it in a browser: file://" << fs::absolute(out).lexically_normal().string() << "\n";
  return 0;
}
