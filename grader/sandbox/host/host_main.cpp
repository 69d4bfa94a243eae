// store-host-<impl>: the process in which a submission's nodes run when the
// grader grades in the sandbox. It links the student's code and nothing that
// decides or writes a verdict.
//
// It is started by the trusted grader (client/host_process.cpp), which has
// already installed the seccomp filter (client/seccomp_filter.cpp) before
// exec: this program's first instruction, and every static initialiser of
// the student's code, runs under it. The only thing it adds is a second
// filter that takes exec away too (the first must allow the one exec that
// starts this program). Requests come in on fd 0, answers go out on fd 3;
// fds 1 and 2 are the test-seed's captured output.
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <new>
#include <string>

#include "runtime/frame.h"
#include "sandbox/host/host.h"
#include "sandbox/protocol/step.h"

namespace {

using namespace store;
using namespace store::sandbox;

// The filter that forbids exec from now on. Through the raw system call, so
// that nothing the student's code defines (a syscall() of its own, say) is
// called instead; the trusted side checks that both filters are in place.
bool ban_exec() {
  sock_filter program[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_execve, 2, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_execveat, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
  };
  sock_fprog filter{static_cast<unsigned short>(sizeof program / sizeof program[0]), program};
  long result;
  asm volatile("syscall"
               : "=a"(result)
               : "0"(static_cast<long>(__NR_seccomp)), "D"(static_cast<long>(SECCOMP_SET_MODE_FILTER)), "S"(0L),
                 "d"(&filter)
               : "rcx", "r11", "memory");
  return result == 0;
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool send_frame(std::string_view payload) {
  std::string frame;
  runtime::append_frame(frame, payload, kMaxFrameBytes);
  return write_all(kHostAnswerFd, frame);
}

// The student's output is the test-seed's output: out before the answer.
void flush_output() {
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
}

}  // namespace

int main() {
  if (!ban_exec()) _exit(kHostExitNoExecBan);
  try {
    FieldWriter hello;
    hello.string(kHostHello);
    hello.u32(kProtocolVersion);
    if (!send_frame(hello.bytes())) _exit(0);

    Host host;
    runtime::FrameDecoder decoder(kMaxFrameBytes);
    char buffer[64 * 1024];
    while (true) {
      const ssize_t n = ::read(kHostRequestFd, buffer, sizeof buffer);
      if (n <= 0) _exit(0);  // the grader is done with us (or gone)
      decoder.feed(std::string_view(buffer, static_cast<std::size_t>(n)));
      while (auto request = decoder.next()) {
        std::string answer = host.answer(*request);
        flush_output();
        if (!send_frame(answer)) _exit(0);
      }
    }
  } catch (const std::bad_alloc&) {
    _exit(kHostExitOutOfMemory);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "store-host: %s\n", e.what());
    std::fflush(stderr);
    _exit(kHostExitProtocol);
  }
}
