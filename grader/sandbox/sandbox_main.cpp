// store-grade-sandbox: the grader that runs a submission's nodes in sandboxed
// host processes. It links the framework, the scenarios and the sandbox's
// stand-ins for make_raft and make_kv_server (client/remote_nodes.cpp), and
// no student code: nothing the student wrote runs in this process or in the
// test-seeds' processes, which decide and write every verdict.
//
//   store-grade-sandbox --host PATH [--label NAME] [--replay-prefix TEXT]
//                       [--sources-hash HASH] [grader options...]
//   store-grade-sandbox --build-failed LOG [--label NAME] ... [grader options...]
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "framework/grader_main.h"
#include "framework/progress_display.h"
#include "sandbox/client/host_link.h"

namespace {

constexpr const char* kUsage =
    "\n"
    "Sandbox options (the nodes run in the host program, under seccomp):\n"
    "  --host PATH          the host program built from the code to grade (store-host-<impl>); required\n"
    "  --label NAME         the name the reports give the graded code (default: the host's, without\n"
    "                       store-host-)\n"
    "  --replay-prefix TEXT the start of each replay command (default: ./track grade --sandbox --impl NAME)\n"
    "  --sources-hash HASH  the hash of the graded sources, for the reports\n"
    "  --build-failed LOG   the code did not compile: write the reports (0 points, LOG's compiler messages)\n"
    "                       without running anything; --host is not needed then\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> rest;
  std::string host;
  store::grader::GraderIdentity identity;
  identity.program = argc > 0 ? argv[0] : "store-grade-sandbox";
  identity.mode = "sandbox";
  identity.extra_usage = kUsage;
  std::string label;
  std::string build_log;
  auto bad = [&](const std::string& message) {
    std::cerr << "store-grade-sandbox: " << message << "\nstore-grade-sandbox: run with --help for the options\n";
    return 2;
  };
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::string* target = nullptr;
    for (auto [flag, field] : {std::pair{"--host", &host}, std::pair{"--label", &label},
                               std::pair{"--replay-prefix", &identity.replay_prefix},
                               std::pair{"--sources-hash", &identity.sources_hash},
                               std::pair{"--build-failed", &build_log}}) {
      const std::string prefix = std::string(flag) + "=";
      if (arg == flag) {
        if (i + 1 >= argc) return bad(std::string(flag) + " needs a value");
        target = field;
        *target = argv[++i];
      } else if (arg.rfind(prefix, 0) == 0) {
        target = field;
        *target = arg.substr(prefix.size());
      }
    }
    if (target == nullptr) rest.push_back(arg);
  }
  bool help = false;
  for (const std::string& arg : rest) help = help || arg == "-h" || arg == "--help";
  if (!build_log.empty()) {
    std::ifstream log(build_log);
    if (!log) return bad("--build-failed: cannot read " + build_log);
    std::ostringstream text;
    text << log.rdbuf();
    identity.build_errors = text.str();
  } else if (!help) {
    if (host.empty()) return bad("--host PATH is required (the host program built from the code to grade)");
    std::error_code error;
    host = std::filesystem::absolute(host, error).string();
    if (access(host.c_str(), X_OK) != 0) return bad("--host: " + host + " is not an executable program");
  }
  if (label.empty()) {
    label = std::filesystem::path(host).filename().string();
    if (label.rfind("store-host-", 0) == 0) label = label.substr(std::string("store-host-").size());
    if (label.empty()) label = "sandbox";
  }
  identity.impl = label;
  if (identity.replay_prefix.empty()) identity.replay_prefix = "./track grade --sandbox --impl " + label;
  store::sandbox::set_host_program(host);
  return store::grader::run_grader(rest, store::grader::Registry::global(), identity, std::cout, std::cerr,
                                   store::grader::stderr_is_terminal());
}
