#include "support/kv_cluster.h"

#include <fstream>
#include <optional>

#include "checker/checker.h"
#include "checker/html_report.h"

namespace store::grading {

KvCluster::KvCluster(grader::TestContext& ctx, KvClusterOptions options)
    : Cluster(ctx,
              {.servers = options.servers,
               .network = options.network,
               .fsync_latency = options.fsync_latency,
               .election_timeout_min = options.server.raft.election_timeout_min,
               .writes_trace = options.writes_trace,
               .traffic_guard = options.traffic_guard},
              [server = options.server](Env& env) { return make_kv_server(env, server); }),
      options_(options) {}

KvCluster::~KvCluster() { clients_.clear(); }

namespace {

// Clients' messages may be lost and a little late, but never duplicated or
// held back for long: without sessions (lab 5) a copy of a put arriving
// after its operation completed would overwrite a newer value, and no server
// of labs 2 to 4 could tell. Every delay stays far below the clerk's retry
// timeout, so each attempt arrives, if at all, while its operation is open.
sim::NetworkProfile client_profile(sim::NetworkProfile profile) {
  profile.duplicate_probability = 0;
  profile.long_delay_probability = 0;
  return profile;
}

}  // namespace

SimClerk& KvCluster::add_client() { return add_client_of(servers()); }

SimClerk& KvCluster::add_client_of(const std::vector<NodeId>& servers) {
  clients_.push_back(std::make_unique<SimClerk>(sim(), servers, &history_, options_.clerk));
  set_client_links(*clients_.back());
  return *clients_.back();
}

void KvCluster::set_client_links(const SimClerk& client) {
  const sim::NetworkProfile profile = options_.client_link_faults ? options_.network : client_profile(options_.network);
  for (NodeId server : servers()) {
    sim().set_link_profile(client.id(), server, profile);
    sim().set_link_profile(server, client.id(), profile);
  }
}

void KvCluster::set_network(const sim::NetworkProfile& profile) {
  options_.network = profile;
  Cluster::set_network(profile);
  for (const auto& client : clients_) set_client_links(*client);
}

ClerkResult KvCluster::perform(SimClerk& client, OpType op, const std::string& key, const std::string& value) {
  std::optional<ClerkResult> result;
  client.clerk().start(op, key, value, [&](const ClerkResult& r) { result = r; });
  if (!run_until([&] { return result.has_value(); }, 10 * kSecond)) {
    fail(std::string(to_string(op)) + " " + key + " by client " + std::to_string(client.id()) +
         " did not complete within 10 s");
  }
  return *result;
}

void KvCluster::check_linearizable() {
  const history::History& h = history_.history();
  checker::Options options;
  options.model = checker::Model::kKv;
  options.keys_start_empty = false;
  // Budgets in steps keep the verdict the same on every machine; the
  // deadline only guards against a runaway search.
  options.max_steps = 20'000'000;
  options.timeout_seconds = 60;
  options.max_memory_bytes = std::size_t{1} << 30;
  ctx().keep_alive();
  const checker::CheckResult result = checker::check(h, options);
  ctx().keep_alive();
  ctx().figure("operations checked", static_cast<double>(h.records.size()), "");
  if (result.verdict == checker::Verdict::kLinearizable) return;

  std::string message = checker::explain(h, result);
  if (const std::string path = ctx().artifact_path(".history.html"); !path.empty()) {
    std::ofstream html(path);
    checker::write_html(html, h, result, {.title = "history of this test-seed", .model = checker::Model::kKv});
    if (html) message += "; history view: " + path;
  }
  if (result.verdict == checker::Verdict::kUnknown) {
    fail("the checker could not decide within its budget, which counts as a failure: " + message);
  }
  fail("the history is not linearizable: " + message);
}

}  // namespace store::grading
