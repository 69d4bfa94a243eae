// A child process for live tests: started with its output appended to a
// file, signalled, waited for, and killed when the test ends (or when the
// test process dies: the child gets SIGKILL with its parent thread).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/types.h"

namespace store::runtime::testing {

class ChildProcess {
 public:
  // Call from the test's main thread (the parent-death signal follows the
  // thread that started the child).
  ChildProcess(const std::string& program, const std::vector<std::string>& args,
               const std::filesystem::path& output_file);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  void signal(int signal_number);
  // Waits up to `timeout` for the exit; returns the exit code, or 128 + the
  // signal that ended it, or nothing if it is still running.
  std::optional<int> wait_for(Micros timeout);
  // SIGKILL and reap.
  void kill_now();

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
};

// Runs a program to completion (with a timeout, after which it is killed),
// with `input` as its standard input; returns its exit code and what it
// wrote to stdout and stderr.
struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
RunResult run_program(const std::string& program, const std::vector<std::string>& args, Micros timeout = 30 * kSecond,
                      const std::string& input = "");

}  // namespace store::runtime::testing
