#include "framework/progress_display.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <sstream>

#include "core/printable.h"

namespace store::grader {

bool stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

std::size_t terminal_width() {
  winsize size{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 10) return size.ws_col;
  return 100;
}

ProgressDisplay::ProgressDisplay(std::ostream& out, bool live, std::size_t total_seeds, std::size_t total_tests)
    : out_(out), live_(live), total_seeds_(total_seeds), total_tests_(total_tests) {}

void ProgressDisplay::seed_finished(bool passed) {
  ++seeds_done_;
  ++(passed ? seeds_passed_ : seeds_failed_);
  if (live_) redraw();
}

void ProgressDisplay::test_finished(const TestOutcome& test) {
  ++tests_done_;
  if (live_ && test.passed()) return;
  const ScenarioInfo& info = test.scenario->info;
  std::ostringstream line;
  line << "[" << tests_done_ << "/" << total_tests_ << "] ";
  std::size_t passed = test.seeds.size() - test.seeds_failed();
  if (test.passed()) {
    line << "passed  lab " << info.lab << " " << info.name << " (" << passed << "/" << test.seeds.size() << " seeds, "
         << format_duration(test.duration_s()) << ")";
  } else {
    line << "FAILED  lab " << info.lab << " " << info.name << " (" << passed << "/" << test.seeds.size()
         << " seeds passed): seed " << test.first_failure()->seed << ": "
         << printable(test.first_failure()->result.message);  // the code under test's words, on a terminal
  }
  if (live_) clear_line();
  out_ << line.str() << '\n';
  if (live_) redraw();
  out_.flush();
}

void ProgressDisplay::show_running(const std::vector<std::string>& running) {
  running_ = running;
  if (!live_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100)) return;
  redraw();
}

void ProgressDisplay::redraw() {
  last_draw_ = std::chrono::steady_clock::now();
  std::ostringstream stream;
  stream << "[" << seeds_done_ << "/" << total_seeds_ << " test-seeds] " << seeds_passed_ << " passed, "
         << seeds_failed_ << " failed";
  if (!running_.empty()) {
    stream << " | running:";
    for (const std::string& r : running_) stream << " " << r;
  }
  std::string line = stream.str();
  std::size_t width = terminal_width() - 1;
  if (line.size() > width) line = line.substr(0, width - 3) + "...";
  out_ << "\r\033[K" << line << std::flush;
  line_shown_ = true;
}

void ProgressDisplay::clear_line() {
  if (line_shown_) out_ << "\r\033[K";
  line_shown_ = false;
}

void ProgressDisplay::done() {
  if (live_) clear_line();
  out_.flush();
}

}  // namespace store::grader
