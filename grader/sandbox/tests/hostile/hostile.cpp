// A hostile submission: what a student who has read all of grader/ might put
// in labs/ to pass without a working Raft, or to hurt the grader. Compiled
// once per attack (STORE_ATTACK_<NAME>) into its own host program; the
// adversarial suite (adversarial_test.cpp) grades each in the sandbox and
// checks that it scores 0 with the reason, and that the grader and its
// reports are intact.
//
// Everything here runs in the host process, as a student's code would.
#include <fcntl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "node/consensus.h"
#include "node/quorum.h"
#include "node/server.h"

namespace {

// What the grader's child would write on its verdict pipe for a pass.
constexpr const char* kForgedVerdict =
    R"({"passed":true,"message":"","trace_hash":null,"figures":[],"log":[],"log_dropped":0})"
    "\n";

[[maybe_unused]] void forge_verdicts() {
  for (int fd = 1; fd < 16; ++fd) {
    [[maybe_unused]] ssize_t ignored = write(fd, kForgedVerdict, std::strlen(kForgedVerdict));
  }
}

// Files a student would want to reach: the reference solution, the shared
// data, and the reports the grader is writing in its working directory.
[[maybe_unused]] void read_and_write_files() {
  const std::string checkout = STORE_SOURCE_DIR;  // as if it had guessed where the instructor keeps it
  for (const std::string& path : {checkout + "/solutions/raft/raft.cpp", checkout + "/../shared/DESIGN.md",
                                  std::string("../solutions/raft/raft.cpp")}) {
    std::ifstream file(path);
    std::string line;
    if (std::getline(file, line)) throw std::runtime_error("read " + path + ": " + line);
  }
  std::ofstream pwned("pwned");
  pwned << "the sandbox let a node write a file\n";
}

[[noreturn]] void attack() {
#if defined(STORE_ATTACK_FORGED_VERDICT)
  forge_verdicts();
  _exit(0);
#elif defined(STORE_ATTACK_EXIT)
  _exit(0);
#elif defined(STORE_ATTACK_ATEXIT_REWRITE)
  std::exit(0);  // runs the handler registered below
#elif defined(STORE_ATTACK_READ_FILES)
  read_and_write_files();
#elif defined(STORE_ATTACK_FORK_BOMB)
  while (true) fork();
#elif defined(STORE_ATTACK_GRANDCHILD)
  if (fork() == 0) {
    setsid();
    while (true) pause();
  }
#elif defined(STORE_ATTACK_KILL_PARENT)
  kill(getppid(), SIGKILL);
  kill(0, SIGKILL);
#elif defined(STORE_ATTACK_STOP_PARENT)
  kill(getppid(), SIGSTOP);
#elif defined(STORE_ATTACK_HUGE_MESSAGE)
  throw std::runtime_error(std::string(60 * 1024 * 1024, 'x'));
#elif defined(STORE_ATTACK_HUGE_OUTPUT)
  const std::string line(1024, 'y');
  for (int i = 0; i < 60 * 1024; ++i) std::cout << line << '\n';
  throw std::runtime_error("flooded the output");
#elif defined(STORE_ATTACK_INFINITE_LOOP)
  while (true) {
    asm volatile("");  // a loop the compiler may not remove
  }
#elif defined(STORE_ATTACK_MEMORY_HOG)
  std::vector<std::unique_ptr<char[]>> hoard;
  while (true) {
    hoard.emplace_back(new char[64 * 1024 * 1024]);
    std::memset(hoard.back().get(), 1, 64 * 1024 * 1024);
  }
#elif defined(STORE_ATTACK_CHILDREN_MEMORY)
  // Memory in processes of its own, where the test-seed's memory watch would not look.
  for (int i = 0; i < 16; ++i) {
    if (fork() == 0) {
      std::vector<char> hoard(std::size_t{1} << 30, 1);
      while (true) pause();
    }
  }
#elif defined(STORE_ATTACK_THREADS)
  std::thread([] { forge_verdicts(); }).join();
#elif defined(STORE_ATTACK_SOCKET)
  [[maybe_unused]] int s = socket(AF_INET, SOCK_STREAM, 0);
#elif defined(STORE_ATTACK_PTRACE)
  ptrace(PTRACE_ATTACH, getppid(), nullptr, nullptr);
#elif defined(STORE_ATTACK_FORGED_ANSWER)
  // A frame on the answer descriptor before the host's own answer.
  const char garbage[] = "\x00\x00\x00\x08garbage!";
  [[maybe_unused]] ssize_t ignored = write(3, garbage, sizeof garbage - 1);
#endif
  throw std::runtime_error("the attack did nothing");
}

// Code that runs before main(), where a submission might hope to be out of
// the filter's reach.
#if defined(STORE_ATTACK_BEFORE_MAIN)
[[maybe_unused]] const bool before_main = [] {
  forge_verdicts();
  read_and_write_files();
  std::exit(0);
  return true;
}();
#elif defined(STORE_ATTACK_IFUNC)
// An IFUNC resolver runs while the program is being relocated, before any
// constructor, let alone main().
extern "C" void resolved_target() {}
extern "C" void (*resolve_early())() {
  syscall(SYS_openat, AT_FDCWD, STORE_SOURCE_DIR "/solutions/raft/raft.cpp", O_RDONLY);
  return resolved_target;
}
extern "C" void early_function() __attribute__((ifunc("resolve_early")));
[[maybe_unused]] const bool call_it = [] {
  early_function();
  return true;
}();
#elif defined(STORE_ATTACK_ATEXIT_REWRITE)
[[maybe_unused]] const bool registered = [] {
  std::atexit([] {
    for (const char* path : {"report.json", "gradescope.json"}) {
      std::ofstream report(path, std::ios::trunc);
      report << R"({"score": 100, "total": 100})";
    }
    forge_verdicts();
  });
  return true;
}();
#endif

// A KV server that attacks on its first tick.
class HostileNode final : public store::Node {
 public:
  void tick() override { attack(); }
  void receive(store::NodeId, const store::Message&) override {}
  void on_apply(const store::LogEntry&) override {}
  store::NodeStatus status() const override { return {}; }
};

#if defined(STORE_ATTACK_FORGED_RNG)
class ForgedRng final : public store::Consensus {
 public:
  explicit ForgedRng(store::Env& env) : env_(env) {}
  // A generator state of its own choosing, as if it could pick the network's luck.
  void tick() override { env_.rng() = store::Rng(12345); }
  void receive(store::NodeId, const store::Message&) override {}
  store::Proposal propose(std::string) override { return {}; }
  store::RaftStatus status() const override { return {}; }
  void read_index(std::uint64_t) override {}
  std::vector<store::ReadIndexResult> take_read_results() override { return {}; }
  bool lease_valid() const override { return false; }

 private:
  store::Env& env_;
};
#endif

}  // namespace

namespace store {

std::unique_ptr<Consensus> make_raft(Env& env, const RaftConfig&) {
#if defined(STORE_ATTACK_FORGED_RNG)
  return std::make_unique<ForgedRng>(env);
#else
  (void)env;
  // A Raft that attacks on its first tick.
  struct Raft final : Consensus {
    void tick() override { attack(); }
    void receive(NodeId, const Message&) override {}
    Proposal propose(std::string) override { return {}; }
    RaftStatus status() const override { return {}; }
    void read_index(std::uint64_t) override {}
    std::vector<ReadIndexResult> take_read_results() override { return {}; }
    bool lease_valid() const override { return false; }
  };
  return std::make_unique<Raft>();
#endif
}

std::unique_ptr<Node> make_kv_server(Env&, const ServerConfig&) {
#if defined(STORE_ATTACK_READ_FILES)
  read_and_write_files();  // the lab 2 factory reaches for the files at once
#endif
  return std::make_unique<HostileNode>();
}

// Lab 6's replica is a Node too: the same attacks.
std::unique_ptr<Node> make_quorum_server(Env&, const QuorumConfig&) { return std::make_unique<HostileNode>(); }

}  // namespace store
