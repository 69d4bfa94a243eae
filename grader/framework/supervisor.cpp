#include "framework/supervisor.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <new>

#include "framework/child_verdict.h"
#include "framework/helper_processes.h"
#include "framework/output_tail.h"
#include "framework/process_info.h"
#include "sim/trace_file.h"

namespace store::grader {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kMiB = 1024 * 1024;
constexpr std::size_t kMaxResultBytes = 64 * kMiB;
// How often a child's resident size is read from /proc.
constexpr auto kMemoryCheckInterval = std::chrono::milliseconds(5);
// Slack on top of the start-up virtual size for the RLIMIT_AS backstop.
constexpr std::size_t kAddressSpaceSlack = 64 * kMiB;

double seconds_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

ProgressCell* map_progress_cell() {
  void* page = mmap(nullptr, sizeof(ProgressCell), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (page == MAP_FAILED) return nullptr;
  return new (page) ProgressCell();
}

void unmap_progress_cell(ProgressCell* cell) {
  if (cell == nullptr) return;
  cell->~ProgressCell();
  munmap(cell, sizeof(ProgressCell));
}

// The child's side: never returns.
[[noreturn]] void child_main(const RunRequest& request, std::size_t lane, pid_t parent, int result_fd,
                             int output_fd, ProgressCell* cell) {
  setpgid(0, 0);
  // If the grader dies (kill -9, a crash), its children must not live on.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(111);
  for (int sig : {SIGINT, SIGTERM, SIGPIPE, SIGHUP}) std::signal(sig, SIG_DFL);

  int null_fd = ::open("/dev/null", O_RDONLY);
  if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
  dup2(output_fd, STDOUT_FILENO);
  dup2(output_fd, STDERR_FILENO);
  dup2(result_fd, 3);
  close_range(4, ~0U, 0);
  setvbuf(stdout, nullptr, _IOLBF, 0);

  rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
#ifndef STORE_SANITIZED
  // A backstop for allocations faster than the parent's polling. Sanitizers
  // reserve terabytes of address space, so there only the polling applies.
  if (auto use = memory_use(getpid())) {
    rlim_t limit = use->virtual_bytes + request.limits.memory_limit_mb * kMiB + kAddressSpaceSlack;
    rlimit address_space{limit, limit};
    setrlimit(RLIMIT_AS, &address_space);
  }
#endif

  // Scenarios build their simulators from ctx.trace_path(); the cap reaches them as the process default.
  if (request.trace_max_bytes != 0) sim::set_default_trace_max_bytes(request.trace_max_bytes);
  // Processes the scenario starts (the sandbox's node host) inherit the limits and are watched with it.
  enter_child({request.limits.memory_limit_mb, request.limits.time_limit_s, lane}, cell);
  TestContext ctx(request.seed, request.verbose, request.trace_path, cell);
  ctx.set_artifact_stem(request.artifact_stem);
  if (request.schedule) ctx.set_schedule_override(*request.schedule);
  Scenario scenario = *request.scenario;  // with the limits this run has (its messages name them)
  scenario.info.memory_limit_mb = request.limits.memory_limit_mb;
  scenario.info.stall_limit_s = request.limits.stall_limit_s;
  scenario.info.time_limit_s = request.limits.time_limit_s;
  SeedResult result = run_scenario(scenario, ctx);
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  std::string line;
  try {
    line = encode_seed_result(result) + "\n";
  } catch (...) {
    line = R"({"passed":false,"message":"could not encode the result","trace_hash":null,"figures":[],"log":[],)"
           R"("log_dropped":0})"
           "\n";
  }
  _exit(write_all(3, line) ? 0 : 112);
}

}  // namespace

struct Supervisor::Child {
  std::size_t tag = 0;
  std::size_t lane = 0;
  RunRequest request;
  pid_t pid = -1;
  int result_fd = -1;
  int output_fd = -1;
  int pid_fd = -1;  // readable once the child exits; -1 where pidfd_open is missing
  ProgressCell* cell = nullptr;
  Clock::time_point started;
  Clock::time_point last_beat_at;
  Clock::time_point last_memory_check;
  std::uint64_t last_beats = 0;
  std::string result_bytes;
  OutputTail output;
  std::optional<std::string> kill_reason;
};

Supervisor::Supervisor(std::size_t max_children) : max_children_(max_children == 0 ? 1 : max_children) {}

Supervisor::~Supervisor() { kill_all(); }

bool Supervisor::has_room() const { return children_.size() < max_children_; }

std::size_t Supervisor::free_lane() const {
  for (std::size_t lane = 0;; ++lane) {
    bool taken = false;
    for (const auto& child : children_) taken = taken || child->lane == lane;
    if (!taken) return lane;
  }
}

bool Supervisor::idle() const { return children_.empty() && early_.empty(); }

void Supervisor::start(std::size_t tag, RunRequest request) {
  auto fail_to_start = [&](const char* what) {
    RunOutcome outcome;
    outcome.result.message = std::string("could not start a child process: ") + what + ": " + std::strerror(errno);
    early_.push_back(Finished{tag, std::move(outcome)});
  };
  int result_pipe[2];
  int output_pipe[2];
  if (pipe2(result_pipe, O_CLOEXEC) != 0) return fail_to_start("pipe");
  if (pipe2(output_pipe, O_CLOEXEC) != 0) {
    close(result_pipe[0]);
    close(result_pipe[1]);
    return fail_to_start("pipe");
  }
  ProgressCell* cell = map_progress_cell();

  // Anything buffered now would otherwise be written twice (once per process).
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);

  auto child = std::make_unique<Child>();
  child->tag = tag;
  child->lane = free_lane();
  child->request = std::move(request);
  child->cell = cell;
  child->started = Clock::now();
  child->last_beat_at = child->started;
  child->last_memory_check = child->started;

  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) child_main(child->request, child->lane, parent, result_pipe[1], output_pipe[1], cell);
  close(result_pipe[1]);
  close(output_pipe[1]);
  if (pid < 0) {
    close(result_pipe[0]);
    close(output_pipe[0]);
    unmap_progress_cell(cell);
    return fail_to_start("fork");
  }
  // Also set here, so that a kill of the group cannot race the child's own setpgid.
  setpgid(pid, pid);
  child->pid = pid;
  child->result_fd = result_pipe[0];
  child->output_fd = output_pipe[0];
  // Through syscall(): glibc 2.36's <sys/pidfd.h> is not usable from C++ (no extern "C").
  child->pid_fd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  fcntl(child->result_fd, F_SETFL, O_NONBLOCK);
  fcntl(child->output_fd, F_SETFL, O_NONBLOCK);
  children_.push_back(std::move(child));
}

void Supervisor::read_available(Child& child) {
  char buffer[64 * 1024];
  for (int* fd : {&child.result_fd, &child.output_fd}) {
    while (*fd >= 0) {
      ssize_t n = ::read(*fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) break;  // EAGAIN: nothing more for now
      if (n == 0) {
        close(*fd);
        *fd = -1;
        break;
      }
      std::string_view bytes(buffer, static_cast<std::size_t>(n));
      if (fd == &child.output_fd) {
        child.output.append(bytes);
      } else if (child.result_bytes.size() + bytes.size() <= kMaxResultBytes) {
        child.result_bytes.append(bytes);
      } else if (!child.kill_reason) {
        child.kill_reason = "sent a result larger than " + std::to_string(kMaxResultBytes / kMiB) + " MiB";
        kill(-child.pid, SIGKILL);
      }
    }
  }
}

// The child's resident memory and that of the processes it asked to be
// watched with it (its sandboxed node host): a limit per test-seed.
std::size_t Supervisor::resident_bytes(const Child& child) {
  std::size_t total = 0;
  if (auto use = memory_use(child.pid)) total += use->resident_bytes;
  if (child.cell == nullptr) return total;
  for (const auto& slot : child.cell->helpers) {
    const pid_t helper = slot.load(std::memory_order_relaxed);
    if (helper <= 0) continue;
    if (auto use = memory_use(helper)) total += use->resident_bytes;
  }
  return total;
}

void Supervisor::enforce_limits(Child& child, Clock::time_point now) {
  if (child.kill_reason) return;
  const SeedLimits& info = child.request.limits;
  if (child.cell != nullptr) {
    std::uint64_t beats = child.cell->beats.load(std::memory_order_relaxed);
    if (beats != child.last_beats) {
      child.last_beats = beats;
      child.last_beat_at = now;
    }
  }
  if (now - child.last_memory_check >= kMemoryCheckInterval) {
    child.last_memory_check = now;
    if (resident_bytes(child) > info.memory_limit_mb * kMiB) {
      child.kill_reason = memory_limit_message(info.memory_limit_mb);
    }
  }
  if (!child.kill_reason && seconds_between(child.last_beat_at, now) > info.stall_limit_s) {
    Micros simulated = child.cell ? child.cell->simulated_now.load(std::memory_order_relaxed) : 0;
    child.kill_reason = stall_message(info.stall_limit_s, simulated);
  }
  if (!child.kill_reason && seconds_between(child.started, now) > info.time_limit_s) {
    child.kill_reason = time_limit_message(info.time_limit_s);
  }
  if (child.kill_reason) kill(-child.pid, SIGKILL);
}

RunOutcome Supervisor::finish(Child& child) {
  // The child is a zombie now (not reaped), so its process group id cannot be
  // reused: killing the group only hits what the scenario itself forked.
  kill(-child.pid, SIGKILL);
  // Drain the pipes; with the whole group dead they reach end-of-file quickly.
  auto deadline = Clock::now() + std::chrono::seconds(2);
  while ((child.result_fd >= 0 || child.output_fd >= 0) && Clock::now() < deadline) {
    pollfd fds[2];
    nfds_t count = 0;
    for (int fd : {child.result_fd, child.output_fd}) {
      if (fd >= 0) fds[count++] = pollfd{fd, POLLIN, 0};
    }
    ::poll(fds, count, 100);
    read_available(child);
  }
  for (int* fd : {&child.result_fd, &child.output_fd}) {
    if (*fd >= 0) close(*fd);
    *fd = -1;
  }
  int status = 0;
  while (waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (child.pid_fd >= 0) close(child.pid_fd);
  child.pid_fd = -1;
  RunOutcome outcome;
  if (child.cell != nullptr) outcome.simulated_now = child.cell->simulated_now.load(std::memory_order_relaxed);
  unmap_progress_cell(child.cell);
  child.cell = nullptr;

  outcome.duration_s = seconds_between(child.started, Clock::now());
  outcome.output = child.output.text();
  std::size_t newline = child.result_bytes.find('\n');
  if (newline != std::string::npos) {
    std::string error;
    if (auto result = decode_seed_result(std::string_view(child.result_bytes).substr(0, newline), &error)) {
      outcome.result = std::move(*result);
      cap_seed_result(outcome.result);
      return outcome;
    }
    outcome.result.message = "sent a malformed result (" + error + ")";
    return outcome;
  }
  if (child.kill_reason) {
    outcome.result.message = *child.kill_reason;
    outcome.limit = *child.kill_reason;
    return outcome;
  }
  ChildExit exit;
  exit.signaled = WIFSIGNALED(status);
  exit.signal = exit.signaled ? WTERMSIG(status) : 0;
  exit.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
  outcome.result.message = describe_child_death(exit, outcome.output);
  return outcome;
}

std::vector<Supervisor::Finished> Supervisor::wait(std::chrono::milliseconds timeout) {
  std::vector<Finished> finished = std::move(early_);
  early_.clear();
  if (!finished.empty()) timeout = std::chrono::milliseconds(0);

  std::vector<pollfd> fds;
  for (const auto& child : children_) {
    for (int fd : {child->result_fd, child->output_fd, child->pid_fd}) {
      if (fd >= 0) fds.push_back(pollfd{fd, POLLIN, 0});
    }
  }
  // Limits are checked at least every few milliseconds, however long the caller waits.
  auto tick = std::min<std::chrono::milliseconds>(timeout, std::chrono::milliseconds(5));
  if (children_.empty()) tick = std::chrono::milliseconds(0);
  int ready = ::poll(fds.data(), fds.size(), static_cast<int>(tick.count()));
  if (ready < 0 && errno == EINTR) return finished;

  auto now = Clock::now();
  for (std::size_t i = 0; i < children_.size();) {
    Child& child = *children_[i];
    read_available(child);
    siginfo_t info{};
    bool exited = waitid(P_PID, static_cast<id_t>(child.pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
                  info.si_pid == child.pid;
    if (exited) {
      finished.push_back(Finished{child.tag, finish(child)});
      children_.erase(children_.begin() + static_cast<std::ptrdiff_t>(i));
      continue;
    }
    enforce_limits(child, now);
    ++i;
  }
  return finished;
}

std::vector<Supervisor::Running> Supervisor::running() const {
  std::vector<Running> running;
  for (const auto& child : children_) {
    Micros now = child->cell ? child->cell->simulated_now.load(std::memory_order_relaxed) : 0;
    running.push_back(Running{child->tag, now});
  }
  return running;
}

void Supervisor::kill_all() {
  for (const auto& child : children_) {
    kill(-child->pid, SIGKILL);
    int status = 0;
    while (waitpid(child->pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (child->result_fd >= 0) close(child->result_fd);
    if (child->output_fd >= 0) close(child->output_fd);
    if (child->pid_fd >= 0) close(child->pid_fd);
    unmap_progress_cell(child->cell);
  }
  children_.clear();
  early_.clear();
}

}  // namespace store::grader
