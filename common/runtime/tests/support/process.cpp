#include "support/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace store::runtime::testing {

namespace {

std::vector<char*> argv_of(const std::string& program, const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  return argv;
}

// Between fork and exec only async-signal-safe calls.
// in_fd < 0: /dev/null.
pid_t start(const std::string& program, const std::vector<std::string>& args, int in_fd, int out_fd, int err_fd) {
  std::vector<char*> argv = argv_of(program, args);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the parent died before prctl
    ::dup2(in_fd >= 0 ? in_fd : ::open("/dev/null", O_RDONLY), 0);
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    ::execv(program.c_str(), argv.data());
    ::_exit(127);
  }
  return pid;
}

std::optional<int> decode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return std::nullopt;
}

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args,
                           const std::filesystem::path& output_file) {
  const int fd = ::open(output_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot open " + output_file.string());
  pid_ = start(program, args, -1, fd, fd);
  ::close(fd);
}

ChildProcess::~ChildProcess() { kill_now(); }

bool ChildProcess::running() { return !wait_for(0).has_value(); }

void ChildProcess::signal(int signal_number) {
  if (!status_) ::kill(pid_, signal_number);
}

std::optional<int> ChildProcess::wait_for(Micros timeout) {
  if (status_) return status_;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(timeout);
  for (;;) {
    int status = 0;
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      status_ = decode(status);
      if (status_) return status_;
    }
    if (done < 0) {
      status_ = -1;
      return status_;
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

void ChildProcess::kill_now() {
  if (status_ || pid_ < 0) return;
  ::kill(pid_, SIGKILL);
  ::kill(pid_, SIGCONT);  // a stopped process dies of SIGKILL too, but be explicit
  wait_for(10 * kSecond);
}

RunResult run_program(const std::string& program, const std::vector<std::string>& args, Micros timeout,
                      const std::string& input) {
  char in_name[] = "/tmp/store-run-in-XXXXXX";
  char out_name[] = "/tmp/store-run-out-XXXXXX";
  char err_name[] = "/tmp/store-run-err-XXXXXX";
  const int in_fd = ::mkstemp(in_name);
  const int out_fd = ::mkstemp(out_name);
  const int err_fd = ::mkstemp(err_name);
  ::unlink(in_name);
  if (in_fd < 0 || ::write(in_fd, input.data(), input.size()) != static_cast<ssize_t>(input.size()) ||
      ::lseek(in_fd, 0, SEEK_SET) != 0) {
    throw std::runtime_error("cannot write the standard input of " + program);
  }
  RunResult result;
  {
    const pid_t pid = start(program, args, in_fd, out_fd, err_fd);
    ::close(in_fd);
    ::close(out_fd);
    ::close(err_fd);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(timeout);
    int status = 0;
    for (;;) {
      if (::waitpid(pid, &status, WNOHANG) == pid) break;
      if (std::chrono::steady_clock::now() >= deadline) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    result.exit_code = decode(status).value_or(-1);
  }
  result.out = read_all(out_name);
  result.err = read_all(err_name);
  ::unlink(out_name);
  ::unlink(err_name);
  return result;
}

}  // namespace store::runtime::testing
