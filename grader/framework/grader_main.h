// The grader program: command line in, reports out, exit status back.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "framework/registry.h"

namespace store::grader {

struct GraderIdentity {
  std::string impl;     // the implementation this binary was built with (STORE_IMPL_NAME)
  std::string program;  // how it was invoked (argv[0]), for --help and for replay commands
  // Where the implementation's code runs: "in-process" (linked into this
  // grader) or "sandbox" (in seccomp-confined host processes).
  std::string mode = "in-process";
  std::string replay_prefix;  // the replay command's start; empty: the track command for `impl`
  std::string sources_hash;   // the graded sources' hash (see docs/grader.md), when known
  std::string extra_usage;    // --help lines for options the caller handles itself
  // Set when the code to grade did not build: nothing runs, every selected
  // test scores 0, and the reports carry these compiler messages.
  std::optional<std::string> build_errors;
};

// Exit status: 0 every selected test passed (or none exist yet), 1 a test
// failed, 2 bad usage or a broken registry, 130 interrupted.
int run_grader(const std::vector<std::string>& args, const Registry& registry, const GraderIdentity& identity,
               std::ostream& out, std::ostream& err, bool err_is_terminal);

// main() of every store-grade-<impl> binary: the global registry, std::cout and
// std::cerr; `sources_hash` is the hash of the sources it was built from, if known.
int grader_main(int argc, char** argv, const std::string& impl, const std::string& sources_hash = {});

}  // namespace store::grader
