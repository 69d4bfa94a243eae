#include "support/live_cluster.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <asio/io_context.hpp>
#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "checker/checker.h"
#include "history/formats.h"
#include "runtime/clerk_transport.h"
#include "runtime/node_host.h"
#include "support/ports.h"

namespace store::runtime::testing {

namespace {

void sleep_for(Micros duration) { std::this_thread::sleep_for(std::chrono::microseconds(duration)); }

Micros now() { return steady_micros(); }

}  // namespace

LiveCluster::LiveCluster(LiveClusterOptions options) : options_(std::move(options)) {
  std::string pattern = (std::filesystem::temp_directory_path() / "store-live-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
}

LiveCluster::~LiveCluster() {
  // A node that died by itself, or a sanitizer report in any node's log, is
  // a failure even if the test's own checks passed.
  for (auto& [id, process] : processes_) {
    if (!process) continue;
    if (may_be_down_.count(id) == 0 && !process->running()) {
      ADD_FAILURE() << "node " << id << " exited by itself (code " << process->wait_for(0).value_or(-1) << "):\n"
                    << log_text(id);
    }
    process->kill_now();
  }
  for (NodeId id : ids()) {
    const std::string log = log_text(id);
    if (log.find("Sanitizer") != std::string::npos || log.find("runtime error:") != std::string::npos) {
      ADD_FAILURE() << "node " << id << " reported a sanitizer error:\n" << log;
    }
  }
  if (::testing::Test::HasFailure()) {
    std::cerr << "live cluster: the nodes' data and logs are kept in " << dir_.string() << "\n";
    return;
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::vector<NodeId> LiveCluster::ids() const {
  std::vector<NodeId> ids;
  for (NodeId id = 1; id <= options_.nodes; ++id) ids.push_back(id);
  return ids;
}

std::filesystem::path LiveCluster::data_dir(NodeId id) const { return dir_ / ("node" + std::to_string(id)); }
std::filesystem::path LiveCluster::log_file(NodeId id) const { return dir_ / ("node" + std::to_string(id) + ".log"); }

std::string LiveCluster::log_text(NodeId id) const {
  std::ifstream in(log_file(id));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string LiveCluster::all_logs() const {
  std::string text;
  for (NodeId id : ids()) text += "---- node " + std::to_string(id) + " ----\n" + log_text(id);
  return text;
}

std::map<NodeId, HostPort> LiveCluster::peers_except(NodeId id) const {
  auto peers = peers_;
  peers.erase(id);
  return peers;
}

std::map<NodeId, HostPort> LiveCluster::only(NodeId id) const { return {{id, peers_.at(id)}}; }

std::vector<std::string> LiveCluster::args_for(NodeId id) const {
  std::vector<std::string> args = {"--id",   std::to_string(id),    "--peers",      peers_text(),
                                   "--data", data_dir(id).string(), "--cluster-id", options_.cluster_id};
  args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());
  return args;
}

void LiveCluster::start_all() {
  for (int attempt = 0; attempt < 5; ++attempt) {
    const auto ports = pick_ports(options_.nodes);
    peers_.clear();
    for (NodeId id = 1; id <= options_.nodes; ++id) {
      peers_[id] = HostPort{.host = "127.0.0.1", .port = ports[static_cast<std::size_t>(id - 1)]};
    }
    for (NodeId id : ids()) start(id);
    // A node whose port was taken since we looked exits at once with code 3.
    bool address_in_use = false;
    for (NodeId id : ids()) {
      const auto code = processes_.at(id)->wait_for(300 * kMillisecond);
      if (code && *code == kExitAddressInUse) address_in_use = true;
      if (code && *code != kExitAddressInUse) {
        throw std::runtime_error("node " + std::to_string(id) + " exited with code " + std::to_string(*code) +
                                 " at start:\n" + all_logs());
      }
    }
    if (!address_in_use) return;
    for (auto& [id, process] : processes_) process->kill_now();
    std::error_code ignored;
    for (NodeId id : ids()) std::filesystem::remove_all(data_dir(id), ignored);
  }
  throw std::runtime_error("could not find free ports for the cluster in 5 attempts");
}

void LiveCluster::start(NodeId id) {
  auto& process = processes_[id];
  if (process && process->running()) throw std::logic_error("node " + std::to_string(id) + " is already running");
  process = std::make_unique<ChildProcess>(options_.binary, args_for(id), log_file(id));
  may_be_down_.erase(id);
}

void LiveCluster::kill(NodeId id) {
  may_be_down_.insert(id);
  processes_.at(id)->kill_now();
}
void LiveCluster::pause(NodeId id) { processes_.at(id)->signal(SIGSTOP); }
void LiveCluster::resume(NodeId id) { processes_.at(id)->signal(SIGCONT); }
void LiveCluster::signal(NodeId id, int signal_number) { processes_.at(id)->signal(signal_number); }
bool LiveCluster::running(NodeId id) {
  auto it = processes_.find(id);
  return it != processes_.end() && it->second && it->second->running();
}
std::optional<int> LiveCluster::wait_exit(NodeId id, Micros timeout) {
  may_be_down_.insert(id);
  return processes_.at(id)->wait_for(timeout);
}

AdminResult LiveCluster::admin(NodeId id, AdminRequest request, Micros timeout) const {
  return admin_call(id, peers_.at(id), options_.cluster_id, std::move(request), timeout);
}

std::optional<AdminReply> LiveCluster::status(NodeId id) const {
  AdminResult result = admin(id, AdminRequest{.op = AdminOp::kStatus});
  if (!result.reply || !result.reply->ok) return std::nullopt;
  return result.reply;
}

bool LiveCluster::wait_until(const std::function<bool()>& condition, Micros timeout) {
  const Micros deadline = now() + timeout;
  for (;;) {
    if (condition()) return true;
    if (now() >= deadline) return false;
    sleep_for(50 * kMillisecond);
  }
}

NodeId LiveCluster::wait_for_leader(Micros timeout, const std::set<NodeId>& among) {
  NodeId leader = kNoNode;
  wait_until(
      [&] {
        Term best_term = 0;
        NodeId best = kNoNode;
        for (NodeId id : ids()) {
          if (!among.empty() && among.count(id) == 0) continue;
          const auto s = status(id);
          if (!s) continue;
          if (s->status.term > best_term) {
            best_term = s->status.term;
            best = s->status.role == Role::kLeader ? id : kNoNode;
          } else if (s->status.term == best_term && s->status.role == Role::kLeader) {
            best = id;
          }
        }
        leader = best;
        return leader != kNoNode;
      },
      timeout);
  return leader;
}

bool LiveCluster::wait_converged(Micros timeout, Index at_least, const std::set<NodeId>& among) {
  return wait_until(
      [&] {
        std::optional<Index> applied;
        for (NodeId id : ids()) {
          if (!among.empty() && among.count(id) == 0) continue;
          const auto s = status(id);
          if (!s || s->status.applied_index < at_least) return false;
          if (applied && *applied != s->status.applied_index) return false;
          applied = s->status.applied_index;
        }
        return true;
      },
      timeout);
}

void LiveCluster::drop_traffic(NodeId id, const std::vector<NodeId>& peers) {
  const AdminResult result = admin(id, AdminRequest{.op = AdminOp::kDropTraffic, .peers = peers});
  if (!result.reply || !result.reply->ok) {
    throw std::runtime_error("drop-traffic on node " + std::to_string(id) +
                             " failed: " + (result.reply ? result.reply->error : result.error));
  }
}

void LiveCluster::heal(NodeId id) {
  const AdminResult result = admin(id, AdminRequest{.op = AdminOp::kHeal});
  if (!result.reply || !result.reply->ok) {
    throw std::runtime_error("heal on node " + std::to_string(id) +
                             " failed: " + (result.reply ? result.reply->error : result.error));
  }
}

// ---------------------------------------------------------------- TestClient

struct TestClient::Impl {
  Impl(const std::map<NodeId, HostPort>& servers, const std::string& cluster, std::uint64_t client_id,
       history::HistoryRecorder* history, ClerkConfig config)
      : transport(io, servers, cluster), clerk(transport, client_id, ids_of(servers), config, history) {
    transport.attach(&clerk);
  }
  static std::vector<NodeId> ids_of(const std::map<NodeId, HostPort>& servers) {
    std::vector<NodeId> ids;
    for (const auto& [id, address] : servers) ids.push_back(id);
    return ids;
  }

  asio::io_context io;
  TcpClerkTransport transport;
  Clerk clerk;
  std::optional<ClerkResult> result;
};

TestClient::TestClient(const std::map<NodeId, HostPort>& servers, const std::string& cluster, std::uint64_t client_id,
                       history::HistoryRecorder* history, ClerkConfig config)
    : impl_(std::make_unique<Impl>(servers, cluster, client_id, history, config)) {}

TestClient::~TestClient() { impl_->transport.close(); }

void TestClient::start(OpType op, const std::string& key, const std::string& value) {
  impl_->result.reset();
  impl_->clerk.start(op, key, value, [this](const ClerkResult& r) {
    impl_->result = r;
    impl_->io.stop();
  });
}

void TestClient::run_for(Micros duration) {
  impl_->io.restart();
  impl_->io.run_for(std::chrono::microseconds(duration));
}

ClerkResult TestClient::finish() {
  while (!impl_->result) {
    impl_->io.restart();
    impl_->io.run_one();
  }
  return *impl_->result;
}

bool TestClient::finished() const { return impl_->result.has_value(); }

ClerkResult TestClient::put(const std::string& key, const std::string& value) {
  start(OpType::kPut, key, value);
  return finish();
}
ClerkResult TestClient::get(const std::string& key) {
  start(OpType::kGet, key);
  return finish();
}
ClerkResult TestClient::del(const std::string& key) {
  start(OpType::kDelete, key);
  return finish();
}

void expect_linearizable(const history::History& h, const LiveCluster& cluster) {
  const checker::CheckResult result = checker::check(h, {.model = checker::Model::kKv, .timeout_seconds = 60});
  if (result.verdict != checker::Verdict::kLinearizable) {
    const auto file = cluster.dir() / "history.jsonl";
    std::ofstream out(file);
    history::write_own_format(out, h);
    ADD_FAILURE() << checker::explain(h, result) << "\n(history in " << file.string() << ")\n" << cluster.all_logs();
  }
}

}  // namespace store::runtime::testing
