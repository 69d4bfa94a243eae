// The file behind a trace: whole JSON lines, written in large chunks that
// always end at a line boundary (so a process killed mid-run leaves only
// complete lines), and a size cap. When the next line would pass the cap,
// the file gets one `trace-cut` line saying where, and takes no more event
// lines; closing lines (the end of the run, why it stopped) still fit in a
// reserve kept below the cap, so the file never grows past it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/types.h"

namespace store::sim {

inline constexpr std::uint64_t kDefaultTraceMaxBytes = 64ull * 1024 * 1024;
// Below the cap, kept for the closing lines and the line the grader appends.
inline constexpr std::uint64_t kTraceClosingReserve = 64 * 1024;
inline constexpr std::uint64_t kMinTraceMaxBytes = 4 * kTraceClosingReserve;

// The cap for simulators whose SimConfig leaves it at 0. The grader sets it
// in each test-seed's process (--trace-limit); 64 MiB unless set.
std::uint64_t default_trace_max_bytes();
void set_default_trace_max_bytes(std::uint64_t bytes);  // throws std::invalid_argument below kMinTraceMaxBytes

class TraceFile {
 public:
  // Throws std::runtime_error if the file cannot be created.
  TraceFile(const std::string& path, std::uint64_t max_bytes);
  ~TraceFile();  // flushes and closes
  TraceFile(const TraceFile&) = delete;
  TraceFile& operator=(const TraceFile&) = delete;

  // False once the file was cut (or a write failed): event lines are no longer wanted.
  bool accepting() const { return !cut_ && !failed_; }
  // Append one line's text (without its newline) to buffer(), then call end_line.
  std::string& begin_line();
  void end_line(Micros t);
  // A line written even after the cut, into the reserve; left out only if it would pass the cap.
  void closing_line(std::string line);
  void flush();

  bool cut() const { return cut_; }
  std::uint64_t max_bytes() const { return max_bytes_; }

 private:
  void write_out(std::string_view bytes);

  int fd_ = -1;
  std::uint64_t max_bytes_;
  std::uint64_t written_ = 0;  // bytes on disk
  std::string buffer_;         // complete lines not yet written, then the line being built
  std::size_t line_start_ = 0;
  bool cut_ = false;
  bool failed_ = false;
};

}  // namespace store::sim
