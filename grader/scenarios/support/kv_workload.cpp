#include "support/kv_workload.h"

namespace store::grading {

KvWorkload::KvWorkload(KvCluster& cluster, std::vector<SimClerk*> clients, WorkloadOptions options)
    : cluster_(cluster) {
  for (SimClerk* clerk : clients) {
    Client client{.clerk = clerk, .options = options};
    for (int k = 0; k < options.keys_per_client; ++k) {
      client.keys.push_back("k" + std::to_string(clerk->id()) + "-" + std::to_string(k));
    }
    clients_.push_back(std::move(client));
  }
  for (std::size_t i = 0; i < clients_.size(); ++i) after(i, cluster_.sim().rng().between(0, options.think_max));
}

KvWorkload::~KvWorkload() { stop(); }

void KvWorkload::stop() {
  stopped_ = true;
  for (Client& client : clients_) {
    if (client.pause) cluster_.sim().cancel(*client.pause);
    client.pause.reset();
  }
}

int KvWorkload::completed() const {
  int total = 0;
  for (const Client& client : clients_) total += client.completed;
  return total;
}

void KvWorkload::after(std::size_t i, Micros delay) {
  clients_[i].pause = cluster_.sim().schedule_after(delay, [this, i] {
    clients_[i].pause.reset();
    start_next(i);
  });
}

void KvWorkload::start_next(std::size_t i) {
  if (stopped_) return;
  Rng& rng = cluster_.sim().rng();
  Client& me = clients_[i];
  const WorkloadOptions& mix = me.options;
  auto done = [this, i](const ClerkResult& result) {
    if (result.outcome == ClerkResult::Outcome::kOk) ++clients_[i].completed;
    if (!stopped_) after(i, cluster_.sim().rng().between(0, clients_[i].options.think_max));
  };
  Clerk& clerk = me.clerk->clerk();
  if (rng.chance(mix.own_key_share)) {
    const std::string& key = me.keys[rng.below(me.keys.size())];
    const double dice = rng.unit();
    if (dice < mix.put_share) {
      clerk.put(key, std::to_string(me.clerk->id()) + "." + std::to_string(++me.sent), done);
    } else if (dice < mix.put_share + mix.delete_share) {
      clerk.del(key, done);
    } else {
      clerk.get(key, done);
    }
    return;
  }
  const Client& owner = clients_[rng.below(clients_.size())];
  clerk.get(owner.keys[rng.below(owner.keys.size())], done);
}

std::vector<SimClerk*> add_clients(KvCluster& cluster, int n) {
  std::vector<SimClerk*> clients;
  for (int i = 0; i < n; ++i) clients.push_back(&cluster.add_client());
  return clients;
}

void spread_reads(KvCluster& cluster, const std::vector<SimClerk*>& clients) {
  const std::vector<NodeId> servers = cluster.servers();
  for (std::size_t i = 0; i < clients.size(); ++i) clients[i]->clerk().set_read_server(servers[i % servers.size()]);
}

void run_and_check(KvCluster& cluster, std::vector<SimClerk*> clients, Micros duration, int min_ops_per_client,
                   WorkloadOptions options) {
  KvWorkload workload(cluster, clients, options);
  cluster.run_for(duration);
  workload.stop();
  cluster.run_for(1 * kSecond);
  for (std::size_t i = 0; i < clients.size(); ++i) {
    if (workload.completed(i) < min_ops_per_client) {
      cluster.fail("client " + std::to_string(clients[i]->id()) + " completed only " +
                   std::to_string(workload.completed(i)) + " operations in " + std::to_string(duration / kSecond) +
                   " s (expected at least " + std::to_string(min_ops_per_client) + ")");
    }
  }
  cluster.ctx().figure("operations completed", workload.completed(), "");
  cluster.check_linearizable();
}

}  // namespace store::grading
