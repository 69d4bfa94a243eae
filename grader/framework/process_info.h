// Small facts about processes: memory use, signal names, CPU count.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <optional>
#include <string>

namespace store::grader {

// Resident and virtual size in bytes from /proc/<pid>/statm; nullopt if the
// process is gone.
struct MemoryUse {
  std::size_t resident_bytes = 0;
  std::size_t virtual_bytes = 0;
};
std::optional<MemoryUse> memory_use(pid_t pid);

// "SIGSEGV", "SIGABRT", ... or "signal 42".
std::string signal_name(int signal);
// How a child killed by `signal` is described, e.g. "killed by SIGABRT (abort: assertion failed?)".
std::string killed_by_signal_message(int signal);

// CPUs this process may run on (the default for --jobs).
int usable_cpus();

}  // namespace store::grader
