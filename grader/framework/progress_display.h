// The live progress on stderr while a grade runs.
//
// On a terminal: one line that keeps being rewritten (done/total test-seeds,
// passes, failures, what is running), plus a permanent line per failed test.
// Otherwise (a log file, CI): one line per finished test, nothing rewritten.
#pragma once

#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "framework/grade_result.h"

namespace store::grader {

class ProgressDisplay {
 public:
  ProgressDisplay(std::ostream& out, bool live, std::size_t total_seeds, std::size_t total_tests);

  void seed_finished(bool passed);
  void test_finished(const TestOutcome& test);
  // Labels of what runs now, e.g. "initial-election#3@1.2s" (test, seed, simulated time). Rate-limited redraw.
  void show_running(const std::vector<std::string>& running);
  // Clears the live line.
  void done();

 private:
  void redraw();
  void clear_line();

  std::ostream& out_;
  bool live_;
  std::size_t total_seeds_;
  std::size_t total_tests_;
  std::size_t seeds_done_ = 0;
  std::size_t seeds_passed_ = 0;
  std::size_t seeds_failed_ = 0;
  std::size_t tests_done_ = 0;
  std::vector<std::string> running_;
  std::chrono::steady_clock::time_point last_draw_{};
  bool line_shown_ = false;
};

// Whether stderr is a terminal, and how wide.
bool stderr_is_terminal();
std::size_t terminal_width();

}  // namespace store::grader
