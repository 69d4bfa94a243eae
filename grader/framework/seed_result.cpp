#include "framework/seed_result.h"

#include <cmath>
#include <cstdio>
#include <exception>
#include <limits>
#include <new>
#include <nlohmann/json.hpp>

#include "core/todo.h"

namespace store::grader {

using nlohmann::json;

std::string cap_text(std::string text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  const std::string note_template = " [... 18446744073709551615 more bytes cut]";
  std::size_t keep = max_bytes > note_template.size() ? max_bytes - note_template.size() : 0;
  // Back off to the start of a UTF-8 character.
  while (keep > 0 && (static_cast<unsigned char>(text[keep]) & 0xC0) == 0x80) --keep;
  const std::size_t cut = text.size() - keep;
  text.resize(keep);
  return text + " [... " + std::to_string(cut) + " more bytes cut]";
}

void cap_seed_result(SeedResult& result) {
  result.message = cap_text(std::move(result.message), kMaxMessageBytes);
  if (result.log.size() > TestContext::kMaxLogLines) {
    result.log_dropped += result.log.size() - TestContext::kMaxLogLines;
    result.log.erase(result.log.begin(), result.log.end() - static_cast<std::ptrdiff_t>(TestContext::kMaxLogLines));
  }
  if (result.figures.size() > kMaxFigures) result.figures.resize(kMaxFigures);
  for (std::string& line : result.log) line = cap_text(std::move(line), kMaxLogLineBytes);
  for (Figure& figure : result.figures) {
    figure.name = cap_text(std::move(figure.name), kMaxFigureTextBytes);
    figure.unit = cap_text(std::move(figure.unit), kMaxFigureTextBytes);
  }
}

std::string memory_limit_message(std::size_t limit_mb) {
  return "exceeded the memory limit of " + std::to_string(limit_mb) + " MiB";
}

std::string hex16(std::uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

SeedResult run_scenario(const Scenario& scenario, TestContext& ctx) {
  SeedResult result;
  try {
    scenario.run(ctx);
    result.passed = true;
  } catch (const TestFailure& failure) {
    result.message = failure.what();
  } catch (const TodoReached& todo) {
    result.message = todo.what();
  } catch (const std::bad_alloc&) {
    // Under RLIMIT_AS this is how the memory limit shows up inside the child.
    result.message = memory_limit_message(scenario.info.memory_limit_mb);
  } catch (const std::exception& e) {
    result.message = std::string("uncaught exception: ") + e.what();
  } catch (...) {
    result.message = "uncaught exception of a type not derived from std::exception";
  }
  // A failure reported through ctx.fail wins even if something swallowed its exception.
  if (ctx.failure()) {
    result.passed = false;
    result.message = *ctx.failure();
  }
  result.trace_hash = ctx.trace_hash();
  result.figures = ctx.figures();
  result.log.assign(ctx.log_lines().begin(), ctx.log_lines().end());
  result.log_dropped = ctx.log_lines_dropped();
  result.schedule = ctx.played_schedule();
  result.schedule_error = ctx.schedule_error();
  return result;
}

std::string encode_seed_result(const SeedResult& result) {
  json figures = json::array();
  for (const Figure& f : result.figures) {
    // JSON has no NaN or infinity: those travel as null and come back as NaN.
    json value = std::isfinite(f.value) ? json(f.value) : json(nullptr);
    figures.push_back(json::array({f.name, value, f.unit}));
  }
  json line = {
      {"passed", result.passed},
      {"message", result.message},
      {"trace_hash", result.trace_hash ? json(hex16(*result.trace_hash)) : json(nullptr)},
      {"figures", std::move(figures)},
      {"log", result.log},
      {"log_dropped", result.log_dropped},
      {"schedule", result.schedule ? json::parse(*result.schedule, nullptr, false) : json(nullptr)},
      {"schedule_error", result.schedule_error},
  };
  return line.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<SeedResult> decode_seed_result(std::string_view line, std::string* error) {
  auto fail = [&](std::string why) -> std::optional<SeedResult> {
    if (error) *error = std::move(why);
    return std::nullopt;
  };
  json parsed = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) return fail("not a JSON object");
  try {
    SeedResult result;
    result.passed = parsed.at("passed").get<bool>();
    result.message = parsed.at("message").get<std::string>();
    const json& hash = parsed.at("trace_hash");
    if (!hash.is_null()) {
      std::string text = hash.get<std::string>();
      std::size_t used = 0;
      result.trace_hash = std::stoull(text, &used, 16);
      if (used != text.size()) return fail("bad trace hash '" + text + "'");
    }
    for (const json& f : parsed.at("figures")) {
      const json& value = f.at(1);
      result.figures.push_back(Figure{f.at(0).get<std::string>(),
                                      value.is_null() ? std::numeric_limits<double>::quiet_NaN() : value.get<double>(),
                                      f.at(2).get<std::string>()});
    }
    result.log = parsed.at("log").get<std::vector<std::string>>();
    result.log_dropped = parsed.at("log_dropped").get<std::size_t>();
    if (const json& schedule = parsed.value("schedule", json(nullptr)); !schedule.is_null()) {
      result.schedule = schedule.dump();
    }
    result.schedule_error = parsed.value("schedule_error", std::string());
    return result;
  } catch (const std::exception& e) {
    return fail(std::string("malformed result: ") + e.what());
  }
}

}  // namespace store::grader
