// The seccomp filter every host process runs under: installed by the trusted
// side between fork and exec, so that it is in force from the host
// program's first instruction (before any static initialiser, IFUNC resolver
// or allocator of the student's code could run).
//
// An allowlist, x86-64 only (any other architecture or the x32 ABI kills):
// reading and writing the descriptors it was given, memory, signals to
// itself for abort(), the clock, exit, and exec of the host program itself
// (which the host then forbids with a second filter of its own). A few
// harmless probes that the C and C++ runtimes make on their own (fstat of
// stdout, getrandom for malloc, the executable's path) fail with EPERM.
// Anything else kills the process with SIGSYS: open, fork, clone, threads,
// kill of another process, ptrace, sockets, pipes, sleeping, setsid,
// prctl, setrlimit, io_uring, memfd, ...
#pragma once

#include <linux/filter.h>
#include <sys/types.h>

#include <vector>

namespace store::sandbox {

// The program for the process `self` (whose pid it may signal).
std::vector<sock_filter> host_filter(pid_t self);

// No new privileges, then the filter, for the calling process. False (with
// errno set) when the kernel refuses.
bool install_host_filter(pid_t self);

}  // namespace store::sandbox
