// Putting words to how a child ended when it sent no result.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace store::grader {

struct ChildExit {
  bool signaled = false;
  int signal = 0;     // when signaled
  int exit_code = 0;  // when not signaled
};

// A one-line reason for a child that died without reporting, e.g. "killed by
// SIGSEGV" or "exited without reporting a result (exit status 3)". Sanitizer
// reports in the output are recognised (a sanitized build turns a segfault into
// a report and exit status 1). The text never contains addresses or process
// ids, so that two grades of the same code give the same message.
std::string describe_child_death(const ChildExit& exit, std::string_view output);

// The sanitizer's one-line summary if the output holds a sanitizer report.
std::optional<std::string> sanitizer_summary(std::string_view output);

// "20" for 20.0, "0.5" for 0.5: how limits are written in messages.
std::string format_limit_seconds(double seconds);

std::string stall_message(double stall_limit_s, long long simulated_now_us);
std::string time_limit_message(double time_limit_s);

}  // namespace store::grader
