// The adversarial suite: hostile submissions (hostile/hostile.cpp, one host
// program per attack) graded in the sandbox. Each must score 0 with a reason
// that names what happened, and leave the grader, its reports and the
// machine intact: the grader exits 1 (a failed grade, not a crash), both
// reports parse and say 0, no process of the submission survives, and no
// file the submission tried to write exists.
#include <dirent.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
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

struct Attack {
  std::string name;        // hostile/hostile.cpp's STORE_ATTACK_<NAME>, in kebab case
  std::string test;        // the test it is graded on (its factory: make_raft in lab 1, make_kv_server in lab 2)
  std::string reason;      // what the verdict must say
};

void PrintTo(const Attack& attack, std::ostream* out) { *out << attack.name << " on " << attack.test; }

std::string host_of(const std::string& attack) { return std::string(STORE_HOSTILE_DIR) + "/store-host-hostile-" + attack; }

// Every process running `program` in `folder` (the grade's working folder,
// which its processes inherit, so that a concurrent test's are not counted):
// there must be none once the grade is over.
std::vector<int> processes_running(const std::string& program, const std::filesystem::path& folder) {
  std::vector<int> pids;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return pids;
  while (dirent* entry = readdir(proc)) {
    const std::string name = entry->d_name;
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    char exe[4096];
    const ssize_t n = readlink(("/proc/" + name + "/exe").c_str(), exe, sizeof exe - 1);
    if (n <= 0) continue;
    exe[n] = '\0';
    std::string path = exe;
    if (path.size() > 10 && path.ends_with(" (deleted)")) path.resize(path.size() - 10);
    std::error_code error;
    const auto cwd = std::filesystem::read_symlink("/proc/" + name + "/cwd", error);
    if (std::filesystem::path(path) == std::filesystem::path(program) && !error && cwd == folder) {
      pids.push_back(std::stoi(name));
    }
  }
  closedir(proc);
  return pids;
}

class Adversarial : public ::testing::TestWithParam<Attack> {};

TEST_P(Adversarial, ScoresZeroWithTheReasonAndLeavesTheGraderIntact) {
  const Attack& attack = GetParam();
  TempDir dir;
  const std::string host = host_of(attack.name);
  ASSERT_TRUE(std::filesystem::exists(host)) << host;
  const CommandResult run = run_command(
      STORE_SANDBOX_GRADER,
      {"--host", host, "--test", attack.test, "--seed", "1", "--jobs", "1", "--stall-limit", "1", "--memory-limit",
       "256", "--json", dir.file("report.json"), "--gradescope", dir.file("gradescope.json"), "--trace-dir",
       dir.file("traces")},
      dir.path().string());
  EXPECT_EQ(run.exit_status, 1) << "a failed grade, not a crash of the grader\n" << run.err << run.out;

  const json report = json::parse(read_file(dir.file("report.json")), nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << "the JSON report is intact";
  EXPECT_EQ(report["total"], 0);
  EXPECT_EQ(report["passed"], false);
  EXPECT_EQ(report["mode"], "sandbox");
  const json& test = report["labs"][0]["tests"][0];
  EXPECT_EQ(test["points"], 0);
  const std::string message = test["message"];
  EXPECT_NE(message.find(attack.reason), std::string::npos) << "the verdict was: " << message;
  EXPECT_LE(message.size(), 4096u) << "messages are capped";

  const json gradescope = json::parse(read_file(dir.file("gradescope.json")), nullptr, false);
  ASSERT_FALSE(gradescope.is_discarded()) << "the Gradescope report is intact";
  EXPECT_EQ(gradescope["score"], 0);
  EXPECT_NE(run.out.find("Total: 0/"), std::string::npos) << run.out;

  for (const std::string& text : {run.out, read_file(dir.file("report.json")), read_file(dir.file("gradescope.json"))}) {
    EXPECT_EQ(text.find("\"score\": 100"), std::string::npos);
    EXPECT_EQ(text.find("read " STORE_SOURCE_DIR), std::string::npos) << "a file's text reached a report";
  }
  EXPECT_LT(std::filesystem::file_size(dir.file("report.json")), 64u * 1024) << "the report stays small";
  EXPECT_FALSE(std::filesystem::exists(dir.file("pwned"))) << "the submission wrote a file";
  EXPECT_TRUE(processes_running(host, dir.path()).empty()) << "a process of the submission outlived the grade";
}

// The verdict a death in the host gets, whichever node's step it happened in.
constexpr const char* kForbidden = "killed by SIGSYS: it made a system call the sandbox forbids";

INSTANTIATE_TEST_SUITE_P(
    Sandbox, Adversarial,
    ::testing::Values(
        // The forged line lands on the answer pipe, the only descriptor beyond the output it has.
        Attack{"forged-verdict", "initial-election", "the node process broke the protocol during node"},
        Attack{"exit", "initial-election", "'s tick: it exited (exit status 0)"},
        Attack{"before-main", "initial-election", "the node process broke the protocol during its start"},
        Attack{"ifunc", "initial-election", "the node process died during its start"},
        Attack{"atexit-rewrite", "initial-election", kForbidden},
        Attack{"read-files", "initial-election", kForbidden},
        Attack{"read-files", "one-client", kForbidden},
        Attack{"fork-bomb", "initial-election", kForbidden},
        Attack{"grandchild", "initial-election", kForbidden},
        Attack{"kill-parent", "initial-election", kForbidden},
        Attack{"stop-parent", "initial-election", kForbidden},
        Attack{"children-memory", "initial-election", kForbidden},
        Attack{"threads", "initial-election", kForbidden},
        Attack{"socket", "initial-election", kForbidden},
        Attack{"ptrace", "initial-election", kForbidden},
        Attack{"huge-message", "initial-election", "uncaught exception: xxxx"},
        Attack{"huge-output", "initial-election", "uncaught exception: flooded the output"},
        Attack{"infinite-loop", "initial-election", "no progress after 1 s"},
        Attack{"memory-hog", "initial-election", "exceeded the memory limit of 256 MiB"},
        Attack{"forged-rng", "initial-election", "the random generator's state it reported is not one"},
        Attack{"forged-answer", "initial-election", "the node process broke the protocol during node"}),
    [](const ::testing::TestParamInfo<Attack>& param) {
      std::string name = param.param.name + "_" + param.param.test;
      for (char& c : name) {
        if (c == '-') c = '_';
      }
      return name;
    });

}  // namespace
}  // namespace store::sandbox
