#include "framework/process_info.h"

#include <sched.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <string>

namespace store::grader {

std::optional<MemoryUse> memory_use(pid_t pid) {
  std::ifstream statm("/proc/" + std::to_string(pid) + "/statm");
  std::size_t virtual_pages = 0;
  std::size_t resident_pages = 0;
  if (!(statm >> virtual_pages >> resident_pages)) return std::nullopt;
  static const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  return MemoryUse{resident_pages * page, virtual_pages * page};
}

std::string signal_name(int signal) {
  switch (signal) {
    case SIGSEGV: return "SIGSEGV";
    case SIGABRT: return "SIGABRT";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGKILL: return "SIGKILL";
    case SIGTERM: return "SIGTERM";
    case SIGINT: return "SIGINT";
    case SIGPIPE: return "SIGPIPE";
    case SIGTRAP: return "SIGTRAP";
    case SIGSYS: return "SIGSYS";
    case SIGXCPU: return "SIGXCPU";
    case SIGXFSZ: return "SIGXFSZ";
    case SIGALRM: return "SIGALRM";
    case SIGHUP: return "SIGHUP";
    case SIGQUIT: return "SIGQUIT";
    case SIGUSR1: return "SIGUSR1";
    case SIGUSR2: return "SIGUSR2";
    default: return "signal " + std::to_string(signal);
  }
}

std::string killed_by_signal_message(int signal) {
  std::string message = "killed by " + signal_name(signal);
  switch (signal) {
    case SIGABRT: return message + " (abort: assertion failed?)";
    case SIGFPE: return message + " (arithmetic error: division by zero?)";
    case SIGILL: return message + " (illegal instruction: __builtin_trap or undefined behaviour?)";
    case SIGKILL: return message + " (by the system: out of memory?)";
    default: return message;
  }
}

int usable_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    int count = CPU_COUNT(&set);
    if (count > 0) return count;
  }
  long online = sysconf(_SC_NPROCESSORS_ONLN);
  return online > 0 ? static_cast<int>(online) : 1;
}

}  // namespace store::grader
