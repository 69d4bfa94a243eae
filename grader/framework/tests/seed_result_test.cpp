#include "framework/seed_result.h"

#include <gtest/gtest.h>

#include <cmath>
#include <new>

#include "core/todo.h"

namespace store::grader {
namespace {

Scenario scenario_running(ScenarioFn fn) {
  Scenario s;
  s.info.name = "x";
  s.info.memory_limit_mb = 64;
  s.run = std::move(fn);
  return s;
}

SeedResult run(ScenarioFn fn) {
  Scenario s = scenario_running(std::move(fn));
  TestContext ctx(5, false, "");
  return run_scenario(s, ctx);
}

TEST(GraderRunScenario, AReturnIsAPassWithEverythingRecorded) {
  SeedResult r = run([](TestContext& ctx) {
    EXPECT_EQ(ctx.seed(), 5u);
    ctx.set_trace_hash(0xabc);
    ctx.figure("p50", 1.5, "RTT");
    ctx.figure("p50", 2.5, "RTT");  // the last value counts
    ctx.figure("p50", 900, "us");   // the same name in another unit is another figure
    ctx.log("hello");
  });
  EXPECT_TRUE(r.passed);
  EXPECT_EQ(r.message, "");
  EXPECT_EQ(r.trace_hash, 0xabcu);
  ASSERT_EQ(r.figures.size(), 2u);
  EXPECT_EQ(r.figures[0].value, 2.5);
  EXPECT_EQ(r.figures[0].unit, "RTT");
  EXPECT_EQ(r.figures[1].value, 900);
  EXPECT_EQ(r.figures[1].unit, "us");
  EXPECT_EQ(r.log, (std::vector<std::string>{"hello"}));
}

TEST(GraderRunScenario, EachKindOfFailureHasItsMessage) {
  EXPECT_EQ(run([](TestContext& ctx) { ctx.fail("two leaders"); }).message, "two leaders");
  EXPECT_EQ(run([](TestContext&) { throw std::runtime_error("boom"); }).message, "uncaught exception: boom");
  EXPECT_EQ(run([](TestContext&) { throw 42; }).message,
            "uncaught exception of a type not derived from std::exception");
  EXPECT_EQ(run([](TestContext&) { throw std::bad_alloc(); }).message, "exceeded the memory limit of 64 MiB");
  SeedResult todo = run([](TestContext&) { STORE_TODO(1, "docs/labs/lab1.md#elections"); });
  EXPECT_FALSE(todo.passed);
  EXPECT_EQ(todo.message.rfind("TODO(lab1) reached in ", 0), 0u) << todo.message;
  EXPECT_NE(todo.message.find("see docs/labs/lab1.md#elections"), std::string::npos) << todo.message;
}

TEST(GraderRunScenario, ASwallowedFailureStillFails) {
  SeedResult r = run([](TestContext& ctx) {
    try {
      ctx.fail("first problem");
    } catch (...) {
    }
    try {
      ctx.fail("second problem");
    } catch (...) {
    }
  });
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.message, "first problem");
}

TEST(GraderTestContext, KeepsOnlyTheLastLogLines) {
  TestContext ctx(1, false, "");
  for (std::size_t i = 0; i < TestContext::kMaxLogLines + 5; ++i) ctx.log(std::to_string(i));
  EXPECT_EQ(ctx.log_lines().size(), TestContext::kMaxLogLines);
  EXPECT_EQ(ctx.log_lines_dropped(), 5u);
  EXPECT_EQ(ctx.log_lines().front(), "5");
}

TEST(GraderTestContext, OnlyAChangeOfSimulatedTimeIsProgress) {
  ProgressCell cell;
  TestContext ctx(1, false, "", &cell);
  ctx.progress(100);
  ctx.progress(100);
  ctx.progress(100);
  EXPECT_EQ(cell.beats.load(), 1u);
  EXPECT_EQ(cell.simulated_now.load(), 100);
  ctx.progress(200);
  ctx.keep_alive();
  EXPECT_EQ(cell.beats.load(), 3u);
  EXPECT_EQ(cell.simulated_now.load(), 200);
}

TEST(GraderSeedResultCaps, TextIsCutAtACharacterAndSaysHowMuch) {
  EXPECT_EQ(cap_text("short", 100), "short");
  const std::string cut = cap_text(std::string(10000, 'x'), 100);
  EXPECT_LE(cut.size(), 100u);
  EXPECT_NE(cut.find("more bytes cut]"), std::string::npos) << cut;
  EXPECT_EQ(cut.rfind("xxxx", 0), 0u);
  // Never inside a multi-byte character: the kept part is whole "é"s.
  std::string accents;
  for (int i = 0; i < 1000; ++i) accents += "\xc3\xa9";
  const std::string kept = cap_text(accents, 101);
  const std::string prefix = kept.substr(0, kept.find(" [..."));
  EXPECT_EQ(prefix.size() % 2, 0u);
}

TEST(GraderSeedResultCaps, AResultCannotMakeAReportHuge) {
  SeedResult r;
  r.message = std::string(60 * 1024 * 1024, 'm');
  r.log.assign(5000, std::string(100000, 'l'));
  r.figures.assign(1000, Figure{std::string(1000, 'n'), 1, std::string(1000, 'u')});
  cap_seed_result(r);
  EXPECT_LE(r.message.size(), kMaxMessageBytes);
  EXPECT_EQ(r.log.size(), TestContext::kMaxLogLines);
  EXPECT_EQ(r.log_dropped, 4000u);
  for (const std::string& line : r.log) EXPECT_LE(line.size(), kMaxLogLineBytes);
  EXPECT_EQ(r.figures.size(), kMaxFigures);
  EXPECT_LE(r.figures[0].name.size(), kMaxFigureTextBytes);
  EXPECT_LE(r.figures[0].unit.size(), kMaxFigureTextBytes);
  EXPECT_LT(encode_seed_result(r).size(), 2u * 1024 * 1024);
}

TEST(GraderSeedResultWire, RoundTrips) {
  SeedResult r;
  r.passed = false;
  r.message = "line one\nline \"two\"";
  r.trace_hash = 0x0123456789abcdefULL;
  r.figures = {{"p50", 1.25, "RTT"}, {"nan", std::nan(""), "x"}};
  r.log = {"a", "b"};
  r.log_dropped = 7;
  std::string line = encode_seed_result(r);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  std::string error;
  auto back = decode_seed_result(line, &error);
  ASSERT_TRUE(back.has_value()) << error;
  EXPECT_EQ(back->passed, r.passed);
  EXPECT_EQ(back->message, r.message);
  EXPECT_EQ(back->trace_hash, r.trace_hash);
  ASSERT_EQ(back->figures.size(), 2u);
  EXPECT_EQ(back->figures[0].name, "p50");
  EXPECT_EQ(back->figures[0].value, 1.25);
  EXPECT_EQ(back->figures[0].unit, "RTT");
  EXPECT_TRUE(std::isnan(back->figures[1].value));
  EXPECT_EQ(back->log, r.log);
  EXPECT_EQ(back->log_dropped, 7u);
}

TEST(GraderSeedResultWire, InvalidUtf8IsReplacedNotThrown) {
  SeedResult r;
  r.message = std::string("bad \xff\xfe bytes");
  std::string line;
  ASSERT_NO_THROW(line = encode_seed_result(r));
  auto back = decode_seed_result(line, nullptr);
  ASSERT_TRUE(back.has_value());
  EXPECT_NE(back->message.find("bytes"), std::string::npos);
}

TEST(GraderSeedResultWire, RejectsGarbage) {
  std::string error;
  EXPECT_FALSE(decode_seed_result("not json", &error).has_value());
  EXPECT_FALSE(error.empty());
  EXPECT_FALSE(decode_seed_result("[1,2]", &error).has_value());
  EXPECT_FALSE(decode_seed_result(R"({"passed":true})", &error).has_value());
  EXPECT_NE(error.find("malformed"), std::string::npos);
  EXPECT_FALSE(decode_seed_result(
                   R"({"passed":true,"message":"","trace_hash":"xyz","figures":[],"log":[],"log_dropped":0})", &error)
                   .has_value());
}

TEST(GraderSeedResultWire, HexIsSixteenDigits) {
  EXPECT_EQ(hex16(0), "0000000000000000");
  EXPECT_EQ(hex16(0xabcULL), "0000000000000abc");
  EXPECT_EQ(hex16(~0ULL), "ffffffffffffffff");
}

}  // namespace
}  // namespace store::grader
