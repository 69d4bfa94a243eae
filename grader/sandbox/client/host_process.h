// A running host process (host/host_main.cpp), seen from the trusted side:
// started with its limits and its seccomp filter, checked to be the sandbox
// host it should be, spoken to one frame at a time, and, when it dies or
// breaks the protocol, described in one line.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "framework/test_context.h"

namespace store::sandbox {

// The test fails with this (verbatim): the host died, or broke the protocol.
class HostFailure : public grader::TestFailure {
 public:
  using grader::TestFailure::TestFailure;
};

struct HostLimits {
  std::size_t memory_mb = 2048;  // RLIMIT_AS of the host
  double cpu_s = 120;            // RLIMIT_CPU of the host (soft; the hard limit is a second later)
};

class HostProcess {
 public:
  // Starts `program` and waits for its hello. Throws HostFailure when it
  // cannot start or is not a sandboxed host.
  HostProcess(const std::string& program, const HostLimits& limits);
  ~HostProcess();  // kills and reaps it
  HostProcess(const HostProcess&) = delete;
  HostProcess& operator=(const HostProcess&) = delete;

  // Sends one request and returns the answer's payload. `doing` says what
  // the request was for ("node 3's tick"), for the message when the host
  // dies meanwhile. Throws HostFailure then; the process is gone for good.
  std::string exchange(std::string_view request, const std::string& doing);

  // Kills the process after a protocol error in an answer, and throws.
  [[noreturn]] void refuse(const std::string& doing, const std::string& why);

  pid_t pid() const { return pid_; }
  bool dead() const { return !dead_.empty(); }

 private:
  std::string read_frame(const std::string& doing);
  [[noreturn]] void died(const std::string& doing);
  void check_confined(const std::string& program);
  // Closes the pipes, kills the process unless it is to die on its own, reaps
  // it, and says how it ended.
  std::string reap(bool kill_first);

  pid_t pid_ = -1;
  int request_fd_ = -1;
  int answer_fd_ = -1;
  std::string dead_;  // why it is gone, once it is
};

}  // namespace store::sandbox
