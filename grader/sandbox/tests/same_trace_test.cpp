// The sandbox changes where the student's code runs, never what happens:
// every scenario, graded in one process and in the sandbox, gives the same
// verdict, the same message and the same trace hash on every seed, and the
// traced re-run of a failing seed writes the same trace file. Run on the
// reference (everything passes), on the skeleton (everything stops at a
// TODO) and on known bugs (violations found in the middle of a node's step).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "run_command.h"
#include "testing/temp_dir.h"

namespace store::sandbox {
namespace {

using grader::testing_support::CommandResult;
using grader::testing_support::run_command;
using nlohmann::json;
using store::testing::read_file;
using store::testing::TempDir;

struct Pair {
  std::string impl;    // store-grade-<impl> and store-host-<impl>
  std::vector<std::string> seeds;  // grader options choosing the seeds
};

void PrintTo(const Pair& pair, std::ostream* out) { *out << pair.impl; }

using SeedVerdicts = std::map<std::string, std::tuple<bool, std::string, std::string>>;  // test/seed -> verdict

// The message with the trace folder (which differs between the two runs, in
// the history view's path) taken out.
std::string without(std::string message, const std::string& folder) {
  for (std::size_t at; (at = message.find(folder)) != std::string::npos;) message.replace(at, folder.size(), "<traces>");
  return message;
}

SeedVerdicts verdicts_of(const json& report, const std::string& trace_dir) {
  SeedVerdicts verdicts;
  for (const json& lab : report["labs"]) {
    for (const json& test : lab["tests"]) {
      for (const json& seed : test["seeds"]) {
        const std::string hash = seed["trace_hash"].is_null() ? "" : seed["trace_hash"].get<std::string>();
        verdicts[test["name"].get<std::string>() + "/" + std::to_string(seed["seed"].get<std::uint64_t>())] = {
            seed["passed"], without(seed["message"], trace_dir), hash};
      }
    }
  }
  return verdicts;
}

// A trace file without its last line: the grader's verdict, which names the
// replay command (and so the mode).
std::vector<std::string> trace_events(const std::string& path) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);) lines.push_back(line);
  if (!lines.empty() && lines.back().find("\"ev\":\"verdict\"") != std::string::npos) lines.pop_back();
  return lines;
}

class SameTrace : public ::testing::TestWithParam<Pair> {};

TEST_P(SameTrace, EveryScenarioEverySeedTheSameVerdictAndTraceInBothModes) {
  const Pair& pair = GetParam();
  TempDir dir;
  const std::string grader_dir = STORE_GRADER_DIR;
  std::vector<std::string> common = pair.seeds;
  common.insert(common.end(), {"--jobs", "2"});

  std::vector<std::string> in_process = common;
  in_process.insert(in_process.end(), {"--json", dir.file("in-process.json"), "--trace-dir", dir.file("in-process")});
  const CommandResult one = run_command(grader_dir + "/store-grade-" + pair.impl, in_process, dir.path().string());
  ASSERT_NE(one.exit_status, 2) << one.err;

  std::vector<std::string> sandboxed = common;
  sandboxed.insert(sandboxed.end(), {"--host", grader_dir + "/store-host-" + pair.impl, "--label", pair.impl,
                                     "--json", dir.file("sandbox.json"), "--trace-dir", dir.file("sandbox")});
  const CommandResult two = run_command(grader_dir + "/store-grade-sandbox", sandboxed, dir.path().string());
  ASSERT_NE(two.exit_status, 2) << two.err;
  EXPECT_EQ(one.exit_status, two.exit_status);

  const json a = json::parse(read_file(dir.file("in-process.json")));
  const json b = json::parse(read_file(dir.file("sandbox.json")));
  EXPECT_EQ(a["mode"], "in-process");
  EXPECT_EQ(b["mode"], "sandbox");
  EXPECT_EQ(a["total"], b["total"]);
  const SeedVerdicts in_one = verdicts_of(a, dir.file("in-process"));
  const SeedVerdicts in_two = verdicts_of(b, dir.file("sandbox"));
  ASSERT_EQ(in_one.size(), in_two.size());
  ASSERT_GT(in_one.size(), 40u) << "every scenario, at least one seed each";
  std::size_t hashed = 0;
  for (const auto& [seed, verdict] : in_one) {
    EXPECT_EQ(in_two.at(seed), verdict) << seed;
    hashed += std::get<2>(verdict).empty() ? 0 : 1;
  }
  if (pair.impl != "labs") {
    EXPECT_EQ(hashed, in_one.size()) << "a run that reports no trace hash proves nothing";
  }

  // The traced re-runs of failing seeds: the same events, line by line.
  std::size_t traces = 0;
  std::error_code none;  // no folder when nothing failed
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.file("in-process"), none)) {
    if (entry.path().extension() != ".jsonl") continue;
    const auto other = dir.path() / "sandbox" / std::filesystem::relative(entry.path(), dir.file("in-process"));
    ASSERT_TRUE(std::filesystem::exists(other)) << other;
    EXPECT_EQ(trace_events(entry.path().string()), trace_events(other.string())) << entry.path();
    ++traces;
  }
  if (a["passed"] == false && pair.impl != "labs") {
    EXPECT_GT(traces, 0u);
  }
}

std::vector<Pair> pairs() {
  // The reference on its default seeds; under sanitizers (several times slower) on two of each test's.
#ifdef STORE_SANITIZED
  const std::vector<std::string> reference_seeds = {"--seeds", "2"};
#else
  const std::vector<std::string> reference_seeds = {};
#endif
  std::vector<Pair> all;
  for (const std::string impl : {STORE_SAME_TRACE_IMPLS}) {
    all.push_back({impl, impl == "labs" ? std::vector<std::string>{"--seeds", "1"} : reference_seeds});
  }
  // Known bugs, where monitors stop runs in the middle of a node's step (when the build has them).
  for (const std::string bug : {STORE_SAME_TRACE_BUGS}) {
    if (!bug.empty()) all.push_back({bug, {"--seeds", "2"}});
  }
  return all;
}

INSTANTIATE_TEST_SUITE_P(Sandbox, SameTrace, ::testing::ValuesIn(pairs()),
                         [](const ::testing::TestParamInfo<Pair>& param) {
                           std::string name = param.param.impl;
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace store::sandbox
