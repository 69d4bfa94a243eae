#include "sandbox/client/host_process.h"

#include <fcntl.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <optional>

#include "framework/helper_processes.h"
#include "framework/process_info.h"
#include "runtime/frame.h"
#include "sandbox/client/seccomp_filter.h"
#include "sandbox/protocol/fields.h"
#include "sandbox/protocol/step.h"

namespace store::sandbox {

namespace {

// How the child between fork and exec reports that it could not go on.
constexpr int kExitParentGone = 124;
constexpr int kExitNoFilter = 125;
constexpr int kExitNoExec = 127;
constexpr std::size_t kMiB = 1024 * 1024;

void set_limit(int resource, rlim_t soft, rlim_t hard) {
  rlimit limit{soft, hard};
  setrlimit(resource, &limit);
}

// Moves `fd` to `target`, leaving it open across exec.
void place(int fd, int target) {
  if (fd == target) {
    fcntl(fd, F_SETFD, 0);
  } else {
    dup2(fd, target);
  }
}

// The child's side, between fork and exec: never returns.
[[noreturn]] void start_host(const std::string& program, const HostLimits& limits, pid_t parent, int request_fd,
                             int answer_fd) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);  // a host never outlives the test-seed that started it
  if (getppid() != parent) _exit(kExitParentGone);
  // Out of the way of the numbers they are going to, then to them; 1 and 2 stay the test-seed's output.
  const int request_high = fcntl(request_fd, F_DUPFD, 10);
  const int answer_high = fcntl(answer_fd, F_DUPFD, 10);
  place(request_high, kHostRequestFd);
  place(answer_high, kHostAnswerFd);
  close_range(kHostAnswerFd + 1, ~0U, 0);
  for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP}) std::signal(sig, SIG_DFL);

  const std::vector<sock_filter> filter = host_filter(getpid());  // allocated before the memory limit
  const auto memory = static_cast<rlim_t>(limits.memory_mb * kMiB);
  set_limit(RLIMIT_AS, memory, memory);
  const auto cpu = static_cast<rlim_t>(std::ceil(limits.cpu_s));
  set_limit(RLIMIT_CPU, cpu, cpu + 1);
  set_limit(RLIMIT_CORE, 0, 0);
  set_limit(RLIMIT_FSIZE, 0, 0);
  sock_fprog fprog{static_cast<unsigned short>(filter.size()), const_cast<sock_filter*>(filter.data())};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) != 0) {
    _exit(kExitNoFilter);
  }
  char* const argv[] = {const_cast<char*>(program.c_str()), nullptr};
  char* const envp[] = {nullptr};
  execve(program.c_str(), argv, envp);
  _exit(kExitNoExec);
}

std::string describe_exit(int status) {
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    if (sig == SIGSYS) {
      return "killed by SIGSYS: it made a system call the sandbox forbids (a node acts only through its Env: "
             "no files, processes, threads, sockets, sleeping or signals)";
    }
    if (sig == SIGXCPU) return "killed by SIGXCPU: it used up its CPU time limit";
    return grader::killed_by_signal_message(sig);
  }
  const int code = WEXITSTATUS(status);
  switch (code) {
    case kHostExitOutOfMemory: return "it ran out of memory (the test-seed's memory limit)";
    case kHostExitProtocol: return "it could not read a request (exit status 122)";
    case kHostExitNoExecBan: return "it could not add its own seccomp filter (exit status 120)";
    case kExitNoFilter: return "the kernel refused its seccomp filter (exit status 125)";
    case kExitNoExec: return "its program could not be started (exit status 127)";
    default: return "it exited (exit status " + std::to_string(code) + ")";
  }
}

// "Seccomp_filters:\t2" and the like from /proc/<pid>/status.
std::optional<long> status_field(const std::string& path, const std::string& name) {
  std::ifstream file(path);
  std::string line;
  while (std::getline(file, line)) {
    if (line.rfind(name + ":", 0) != 0) continue;
    try {
      return std::stol(line.substr(name.size() + 1));
    } catch (...) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// This process and its host hand every step back and forth. On one CPU a
// hand-over is a plain context switch; across two it is a wake-up of the
// other CPU, which costs several times more (in a virtual machine above
// all). Concurrent test-seeds get different CPUs by their lanes.
void pin_to_one_cpu() {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0 || CPU_COUNT(&allowed) < 2) return;
  const auto child = grader::child_limits();
  const std::size_t wanted = (child ? child->lane : 0) % static_cast<std::size_t>(CPU_COUNT(&allowed));
  std::size_t seen = 0;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (!CPU_ISSET(cpu, &allowed) || seen++ != wanted) continue;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    sched_setaffinity(0, sizeof one, &one);  // the host inherits it
    return;
  }
}

}  // namespace

HostProcess::HostProcess(const std::string& program, const HostLimits& limits) {
  // A write to a host that died must come back as an error, not as a signal that kills the test-seed.
  std::signal(SIGPIPE, SIG_IGN);
  int request[2];
  int answer[2];
  if (pipe2(request, O_CLOEXEC) != 0) throw HostFailure("could not start the node process: no pipe");
  if (pipe2(answer, O_CLOEXEC) != 0) {
    close(request[0]);
    close(request[1]);
    throw HostFailure("could not start the node process: no pipe");
  }
  std::fflush(nullptr);  // nothing buffered may be written twice
  pin_to_one_cpu();
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) start_host(program, limits, parent, request[0], answer[1]);
  close(request[0]);
  close(answer[1]);
  request_fd_ = request[1];
  answer_fd_ = answer[0];
  if (pid < 0) {
    close(request_fd_);
    close(answer_fd_);
    throw HostFailure("could not start the node process: fork failed");
  }
  pid_ = pid;
  grader::watch_helper_process(pid_);

  const std::string doing = "its start (" + program + ")";
  const std::string hello_bytes = read_frame(doing);
  FieldReader hello(hello_bytes);
  try {
    const std::string name = hello.string("the hello");
    const std::uint32_t version = hello.u32("the protocol version");
    if (name != kHostHello) refuse(doing, "it is not a sandbox host (its hello was not '" + std::string(kHostHello) + "')");
    if (version != kProtocolVersion) {
      refuse(doing, "it speaks version " + std::to_string(version) + " of the protocol, the grader " +
                        std::to_string(kProtocolVersion) + " (a host built from another version of the grader)");
    }
  } catch (const ProtocolError& e) {
    refuse(doing, e.what());
  }
  check_confined(program);
}

HostProcess::~HostProcess() { reap(/*kill_first=*/true); }

// The kernel's word, not the host's: both filters in force, no new privileges.
void HostProcess::check_confined(const std::string& program) {
  const std::string path = "/proc/" + std::to_string(pid_) + "/status";
  const auto mode = status_field(path, "Seccomp");
  const auto no_new_privs = status_field(path, "NoNewPrivs");
  const auto filters = status_field(path, "Seccomp_filters");
  const auto own_filters = status_field("/proc/self/status", "Seccomp_filters");
  const bool confined = mode == 2 && no_new_privs == 1 &&
                        (!filters || !own_filters || *filters == *own_filters + 2);
  if (!confined) refuse("its start (" + program + ")", "it does not run under the sandbox's two seccomp filters");
}

std::string HostProcess::exchange(std::string_view request, const std::string& doing) {
  if (!dead_.empty()) throw HostFailure(dead_);
  std::string frame;
  runtime::append_frame(frame, request, kMaxFrameBytes);
  if (!write_all(request_fd_, frame)) died(doing);
  return read_frame(doing);
}

std::string HostProcess::read_frame(const std::string& doing) {
  runtime::FrameDecoder decoder(kMaxFrameBytes);
  char chunk[64 * 1024];
  while (true) {
    try {
      if (auto payload = decoder.next()) {
        // One request, one answer: a host that writes more is not speaking the protocol.
        if (decoder.pending_bytes() > 0) refuse(doing, "it wrote more than its answer");
        return std::string(*payload);
      }
    } catch (const runtime::FrameError& e) {
      refuse(doing, e.what());
    }
    const ssize_t n = ::read(answer_fd_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) died(doing);
    decoder.feed(std::string_view(chunk, static_cast<std::size_t>(n)));
  }
}

void HostProcess::died(const std::string& doing) {
  const std::string how = reap(/*kill_first=*/false);
  dead_ = "the node process died during " + doing + ": " + how;
  throw HostFailure(dead_);
}

void HostProcess::refuse(const std::string& doing, const std::string& why) {
  reap(/*kill_first=*/true);
  dead_ = "the node process broke the protocol during " + doing + ": " + why;
  throw HostFailure(dead_);
}

std::string HostProcess::reap(bool kill_first) {
  if (pid_ < 0) return "it is gone";
  if (request_fd_ >= 0) close(request_fd_);
  if (answer_fd_ >= 0) close(answer_fd_);
  request_fd_ = answer_fd_ = -1;
  bool exited = false;
  if (!kill_first) {
    // It closed its end: most likely it is dying of its own accord. Give it a
    // moment, so that the verdict names the real cause, not our SIGKILL.
    const int pid_fd = static_cast<int>(syscall(SYS_pidfd_open, pid_, 0));
    if (pid_fd >= 0) {
      pollfd ready{pid_fd, POLLIN, 0};
      exited = ::poll(&ready, 1, 2000) == 1;
      close(pid_fd);
    }
  }
  if (!exited) kill(pid_, SIGKILL);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  grader::unwatch_helper_process(pid_);
  pid_ = -1;
  if (!kill_first && !exited) return "it closed its end of the pipe and did not exit (the grader killed it)";
  return describe_exit(status);
}

}  // namespace store::sandbox
