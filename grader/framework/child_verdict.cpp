#include "framework/child_verdict.h"

#include <csignal>
#include <cstdio>

#include "framework/process_info.h"

namespace store::grader {

namespace {

std::string_view line_at(std::string_view text, std::size_t pos) {
  std::size_t begin = text.rfind('\n', pos);
  begin = begin == std::string_view::npos ? 0 : begin + 1;
  std::size_t end = text.find('\n', pos);
  if (end == std::string_view::npos) end = text.size();
  return text.substr(begin, end - begin);
}

std::string_view first_word(std::string_view text) {
  std::size_t end = text.find_first_of(" \n");
  return text.substr(0, end);
}

}  // namespace

std::optional<std::string> sanitizer_summary(std::string_view output) {
  constexpr std::string_view kAsan = "ERROR: AddressSanitizer: ";
  if (auto at = output.find(kAsan); at != std::string_view::npos) {
    std::string_view kind = first_word(output.substr(at + kAsan.size()));
    // Deadly signals keep the wording of an unsanitized build.
    if (kind == "SEGV") return "killed by SIGSEGV (reported by AddressSanitizer)";
    if (kind == "BUS") return "killed by SIGBUS (reported by AddressSanitizer)";
    if (kind == "FPE") return "killed by SIGFPE (reported by AddressSanitizer)";
    if (kind == "ILL") return "killed by SIGILL (reported by AddressSanitizer)";
    if (kind == "ABRT") return "killed by SIGABRT (abort: assertion failed?) (reported by AddressSanitizer)";
    return "AddressSanitizer: " + std::string(kind) + " (the report is in the output)";
  }
  if (output.find("ERROR: LeakSanitizer:") != std::string_view::npos) {
    return "LeakSanitizer: detected memory leaks (the report is in the output)";
  }
  constexpr std::string_view kUbsan = ": runtime error: ";
  if (auto at = output.find(kUbsan); at != std::string_view::npos) {
    std::string_view line = line_at(output, at);
    std::size_t split = line.find(kUbsan);
    return "undefined behaviour at " + std::string(line.substr(0, split)) + ": " +
           std::string(line.substr(split + kUbsan.size()));
  }
  return std::nullopt;
}

std::string describe_child_death(const ChildExit& exit, std::string_view output) {
  if (auto summary = sanitizer_summary(output)) return *summary;
  if (exit.signaled) return killed_by_signal_message(exit.signal);
  return "exited without reporting a result (exit status " + std::to_string(exit.exit_code) + ")";
}

std::string format_limit_seconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", seconds);
  return text;
}

std::string stall_message(double stall_limit_s, long long simulated_now_us) {
  char simulated[48];
  std::snprintf(simulated, sizeof simulated, "%.3f", static_cast<double>(simulated_now_us) / 1e6);
  return "no progress after " + format_limit_seconds(stall_limit_s) + " s (simulated time stuck at " + simulated +
         " s)";
}

std::string time_limit_message(double time_limit_s) {
  return "exceeded the time limit of " + format_limit_seconds(time_limit_s) + " s";
}

}  // namespace store::grader
