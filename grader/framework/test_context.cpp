#include "framework/test_context.h"

#include <filesystem>
#include <fstream>
#include <utility>

#include <nlohmann/json.hpp>

namespace store::grader {

TestContext::TestContext(std::uint64_t seed, bool verbose, std::string trace_path, ProgressCell* progress)
    : seed_(seed), verbose_(verbose), trace_path_(std::move(trace_path)), progress_(progress) {}

std::string TestContext::artifact_path(const std::string& suffix) const {
  if (artifact_stem_.empty()) return {};
  const std::string path = artifact_stem_ + suffix;
  std::error_code ignored;  // a folder that cannot be made shows up when the file is written
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ignored);
  return path;
}

void TestContext::progress(Micros simulated_now) {
  if (simulated_now == last_now_) return;
  last_now_ = simulated_now;
  if (progress_ != nullptr) {
    progress_->simulated_now.store(simulated_now, std::memory_order_relaxed);
    progress_->beats.fetch_add(1, std::memory_order_relaxed);
  }
}

void TestContext::keep_alive() {
  if (progress_ != nullptr) progress_->beats.fetch_add(1, std::memory_order_relaxed);
}

void TestContext::figure(std::string name, double value, std::string unit) {
  for (Figure& f : figures_) {
    if (f.name == name && f.unit == unit) {
      f.value = value;
      return;
    }
  }
  figures_.push_back(Figure{std::move(name), value, std::move(unit)});
}

void TestContext::log(std::string line) {
  if (log_.size() == kMaxLogLines) {
    log_.pop_front();
    ++log_dropped_;
  }
  log_.push_back(std::move(line));
}

void TestContext::fail(std::string message) {
  if (!failure_) failure_ = message;
  throw TestFailure(std::move(message));
}

nlohmann::json TestContext::schedule(const nlohmann::json& drawn, const ScheduleReader& canonical) {
  nlohmann::json played = drawn;
  if (schedule_override_) {
    played = nlohmann::json::parse(*schedule_override_, nullptr, /*allow_exceptions=*/false);
    try {
      if (played.is_discarded()) throw std::invalid_argument("it is not JSON");
      played = canonical(played);
    } catch (const std::invalid_argument& error) {
      schedule_error_ = error.what();
      fail("the schedule given cannot be played: " + schedule_error_);
    }
  }
  played_schedule_ = played.dump();
  if (!trace_path_.empty()) {
    if (const std::string path = artifact_path(".schedule.json"); !path.empty()) {
      std::ofstream(path, std::ios::trunc) << played.dump(2) << "\n";
    }
  }
  return played;
}

}  // namespace store::grader
