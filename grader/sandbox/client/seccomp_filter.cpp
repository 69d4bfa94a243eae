#include "sandbox/client/seccomp_filter.h"

#include <linux/audit.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <initializer_list>

#if !defined(__x86_64__)
#error "the sandbox's seccomp filter is written for x86-64"
#endif

namespace store::sandbox {

namespace {

constexpr std::uint32_t kAllow = SECCOMP_RET_ALLOW;
constexpr std::uint32_t kKill = SECCOMP_RET_KILL_PROCESS;
constexpr std::uint32_t kRefuse = SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA);

constexpr std::uint32_t arg_low(int i) { return static_cast<std::uint32_t>(offsetof(seccomp_data, args) + 8 * i); }
constexpr std::uint32_t arg_high(int i) { return arg_low(i) + 4; }

// One 64-bit argument that must have one value.
struct ArgIs {
  int arg;
  std::uint64_t value;
};

// A classic BPF program built from three shapes of test, each with short
// forward jumps only. The accumulator holds the system call number between
// tests; a block that loads arguments always ends in a return.
class Program {
 public:
  void load(std::uint32_t offset) { code_.push_back(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offset)); }
  void ret(std::uint32_t action) { code_.push_back(BPF_STMT(BPF_RET | BPF_K, action)); }
  void jump(std::uint16_t op, std::uint32_t k, std::uint8_t on_true, std::uint8_t on_false) {
    code_.push_back(BPF_JUMP(BPF_JMP | op | BPF_K, k, on_true, on_false));
  }

  // System call `nr`: `action`.
  void when(std::uint32_t nr, std::uint32_t action) {
    jump(BPF_JEQ, nr, 0, 1);
    ret(action);
  }

  // System call `nr` with every argument in `args` as given: allowed; with
  // any other arguments: `otherwise`.
  void allow_when(std::uint32_t nr, std::initializer_list<ArgIs> args, std::uint32_t otherwise) {
    const std::size_t n = args.size();
    jump(BPF_JEQ, nr, 0, static_cast<std::uint8_t>(4 * n + 2));
    std::size_t k = 0;
    for (const ArgIs& a : args) {
      const std::size_t later = 4 * (n - k - 1);  // the tests of the arguments after this one
      load(arg_low(a.arg));
      jump(BPF_JEQ, static_cast<std::uint32_t>(a.value), 0, static_cast<std::uint8_t>(later + 3));
      load(arg_high(a.arg));
      jump(BPF_JEQ, static_cast<std::uint32_t>(a.value >> 32), 0, static_cast<std::uint8_t>(later + 1));
      ++k;
    }
    ret(kAllow);
    ret(otherwise);
  }

  std::vector<sock_filter> take() { return std::move(code_); }

 private:
  std::vector<sock_filter> code_;
};

}  // namespace

std::vector<sock_filter> host_filter(pid_t self) {
  Program p;
  // The x86-64 ABI only: the 32-bit entry (int 0x80) and x32 numbers have other tables.
  p.load(offsetof(seccomp_data, arch));
  p.jump(BPF_JEQ, AUDIT_ARCH_X86_64, 1, 0);
  p.ret(kKill);
  p.load(offsetof(seccomp_data, nr));
  p.jump(BPF_JGE, __X32_SYSCALL_BIT, 0, 1);
  p.ret(kKill);

  for (int nr : {__NR_read, __NR_write, __NR_readv, __NR_writev, __NR_close,          // the descriptors it has
                 __NR_mmap, __NR_munmap, __NR_mremap, __NR_mprotect, __NR_brk, __NR_madvise,  // memory
                 __NR_futex, __NR_rt_sigaction, __NR_rt_sigprocmask, __NR_rt_sigreturn, __NR_sigaltstack,
                 __NR_getpid, __NR_gettid, __NR_clock_gettime, __NR_clock_getres, __NR_gettimeofday, __NR_time,
                 __NR_restart_syscall, __NR_exit, __NR_exit_group,
                 // A static program's start: its thread pointer and its own thread's bookkeeping.
                 __NR_arch_prctl, __NR_set_tid_address, __NR_set_robust_list, __NR_rseq,
                 // The one exec that starts the host, and the host's own second filter (which forbids exec).
                 __NR_execve, __NR_seccomp}) {
    p.when(static_cast<std::uint32_t>(nr), kAllow);
  }
  // abort(): SIGABRT to itself, and nothing else to anyone.
  p.allow_when(__NR_tgkill, {{0, static_cast<std::uint64_t>(self)}, {2, SIGABRT}}, kKill);
  p.allow_when(__NR_kill, {{0, static_cast<std::uint64_t>(self)}, {1, SIGABRT}}, kKill);
  // Reading its own limits (glibc does at start); setting any is refused.
  p.allow_when(__NR_prlimit64, {{0, 0}, {2, 0}}, kRefuse);
  // Probes the runtimes make on their own and cope without.
  for (int nr : {__NR_fstat, __NR_newfstatat, __NR_lseek, __NR_ioctl, __NR_readlink, __NR_getrandom}) {
    p.when(static_cast<std::uint32_t>(nr), kRefuse);
  }
  p.ret(kKill);
  return p.take();
}

bool install_host_filter(pid_t self) {
  std::vector<sock_filter> code = host_filter(self);
  sock_fprog program{static_cast<unsigned short>(code.size()), code.data()};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return false;
  return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) == 0;
}

}  // namespace store::sandbox
