// Runs a program and collects its exit status, stdout and stderr.
#pragma once

#include <string>
#include <vector>

namespace store::grader::testing_support {

struct CommandResult {
  int exit_status = -1;  // -1 when it did not exit normally
  int signal = 0;        // the signal that killed it, if one did
  std::string out;
  std::string err;
};

// Runs `program` with `args` in `working_dir`, stdin from /dev/null.
CommandResult run_command(const std::string& program, const std::vector<std::string>& args,
                          const std::string& working_dir);

}  // namespace store::grader::testing_support
