#include "framework/trace_verdict.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string_view>
#include <system_error>

namespace store::grader {

namespace {

// The simulator keeps 64 KiB below the cap for closing lines; this one stays well inside it.
constexpr std::size_t kMaxText = 8 * 1024;
constexpr std::string_view kSimulatorTraceStart = R"({"t":0,"ev":"start",)";

std::string clipped(const std::string& text) {
  return text.size() <= kMaxText ? text : text.substr(0, kMaxText) + "...";
}

}  // namespace

bool append_trace_verdict(const std::string& trace_file, const TraceVerdict& verdict, std::uint64_t max_bytes,
                          std::string* problem) {
  nlohmann::ordered_json line;
  line["t"] = verdict.t;
  line["ev"] = "verdict";
  line["test"] = verdict.test;
  line["seed"] = std::to_string(verdict.seed);
  line["impl"] = verdict.impl;
  line["message"] = clipped(verdict.message);
  line["replay"] = verdict.replay;
  if (!verdict.history_file.empty()) line["history"] = verdict.history_file;
  if (!verdict.rerun_note.empty()) line["rerun"] = clipped(verdict.rerun_note);
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";

  std::error_code error;
  const std::uint64_t size = std::filesystem::file_size(trace_file, error);
  if (error) {
    *problem = "could not read the size of " + trace_file + ": " + error.message();
    return false;
  }
  {
    // Only a simulator trace gets the line (a scenario may write a file of its own).
    std::ifstream in(trace_file, std::ios::binary);
    std::string head(kSimulatorTraceStart.size(), '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    if (!in || head != kSimulatorTraceStart) return true;
    // A child killed in the middle of a write may leave a partial last line; start a new one.
    in.seekg(static_cast<std::streamoff>(size - 1));
    if (in.get() != '\n') text.insert(text.begin(), '\n');
  }
  if (size + text.size() > max_bytes) return true;  // the cap wins; the grader's report still says it all
  std::ofstream out(trace_file, std::ios::app | std::ios::binary);
  out << text;
  out.flush();
  if (!out) {
    *problem = "could not append the verdict to " + trace_file;
    return false;
  }
  return true;
}

}  // namespace store::grader
