// The host filter, as the kernel applies it: each body runs in a child that
// installs the filter first, and how the child ends says what the filter did.
#include "sandbox/client/seccomp_filter.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <functional>

namespace store::sandbox {
namespace {

constexpr int kFilterRefused = 99;

// Runs `body` in a child under the filter; the wait status of the child.
int filtered(const std::function<int()>& body) {
  const pid_t pid = fork();
  if (pid == 0) {
    if (!install_host_filter(getpid())) _exit(kFilterRefused);
    _exit(body());
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

bool killed_by(int status, int signal) { return WIFSIGNALED(status) && WTERMSIG(status) == signal; }
bool exited_with(int status, int code) { return WIFEXITED(status) && WEXITSTATUS(status) == code; }

TEST(SandboxSeccomp, WhatANodeNeedsIsAllowed) {
  int fds[2];  // made before the filter, as the host's are
  ASSERT_EQ(pipe(fds), 0);
  const int allowed = filtered([&] {
    if (write(fds[1], "x", 1) != 1) return 1;
    char c;
    if (read(fds[0], &c, 1) != 1 || c != 'x') return 2;
    void* page = mmap(nullptr, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) return 3;
    if (munmap(page, 1 << 20) != 0) return 4;
    void* heap = std::malloc(10 << 20);
    if (heap == nullptr) return 5;
    std::free(heap);
    timespec now{};
    if (clock_gettime(CLOCK_MONOTONIC, &now) != 0) return 6;
    if (getpid() <= 0) return 7;
    rlimit limit{};
    if (getrlimit(RLIMIT_STACK, &limit) != 0) return 8;  // reading its limits
    return 0;
  });
  close(fds[0]);
  close(fds[1]);
  EXPECT_TRUE(exited_with(allowed, 0)) << "status " << allowed;
}

TEST(SandboxSeccomp, HarmlessProbesFailWithEperm) {
  const int status = filtered([] {
    struct stat st {};
    if (fstat(1, &st) != -1 || errno != EPERM) return 1;
    char buffer[8];
    if (getrandom(buffer, sizeof buffer, 0) != -1 || errno != EPERM) return 2;
    rlimit more{RLIM_INFINITY, RLIM_INFINITY};
    if (setrlimit(RLIMIT_CPU, &more) != -1 || errno != EPERM) return 3;
    return 0;
  });
  EXPECT_TRUE(exited_with(status, 0)) << "status " << status;
}

TEST(SandboxSeccomp, EverythingElseKillsWithSigsys) {
  const std::vector<std::pair<const char*, std::function<int()>>> forbidden = {
      {"open", [] { return open("/etc/hostname", O_RDONLY); }},
      {"openat", [] { return static_cast<int>(syscall(SYS_openat, AT_FDCWD, "/etc/hostname", O_RDONLY)); }},
      {"fork", [] { return fork(); }},
      {"clone (a thread)", [] { return static_cast<int>(syscall(SYS_clone, CLONE_VM | CLONE_THREAD, 0, 0, 0, 0)); }},
      {"kill another process", [] { return kill(getppid(), SIGCONT); }},
      {"kill the process group", [] { return kill(0, SIGKILL); }},
      {"stop itself", [] { return kill(getpid(), SIGSTOP); }},
      {"ptrace", [] { return static_cast<int>(ptrace(PTRACE_ATTACH, getppid(), nullptr, nullptr)); }},
      {"socket", [] { return socket(AF_UNIX, SOCK_STREAM, 0); }},
      {"setsid", [] { return setsid(); }},
      {"pipe",
       [] {
         int fds[2];
         return pipe(fds);
       }},
      {"prctl", [] { return prctl(PR_SET_PDEATHSIG, 0); }},
      {"sleep", [] { return static_cast<int>(usleep(1000)); }},
      {"the x32 ABI", [] { return static_cast<int>(syscall(__X32_SYSCALL_BIT | SYS_getpid)); }},
      {"exec of a dynamic program (its loader opens libraries)",
       [] {
         char* const argv[] = {const_cast<char*>("/bin/true"), nullptr};
         char* const envp[] = {nullptr};
         return execve("/bin/true", argv, envp);
       }},
  };
  for (const auto& [what, body] : forbidden) {
    const int status = filtered(body);
    EXPECT_TRUE(killed_by(status, SIGSYS)) << what << ": status " << status;
  }
}

TEST(SandboxSeccomp, AbortStillAborts) {
  EXPECT_TRUE(killed_by(filtered([] {
                          std::abort();
                          return 0;
                        }),
                        SIGABRT));
}

}  // namespace
}  // namespace store::sandbox
