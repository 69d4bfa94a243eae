// The workload of labs 2 to 4: each client runs one operation at a time on
// random keys, and every key has a single writer (its owner); other clients
// only read it. A retried put is then harmless even without sessions: a
// duplicate of a client's own put lands while that very operation is still
// open, so it cannot overwrite anything written after it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "support/kv_cluster.h"

namespace store::grading {

struct WorkloadOptions {
  int keys_per_client = 2;
  double own_key_share = 0.5;  // operations on the client's own keys; the rest read others' keys
  double put_share = 0.8;      // of the operations on its own keys; the rest are deletes and gets
  double delete_share = 0.05;
  Micros think_max = 10 * kMillisecond;  // pause between a client's operations, uniform in [0, think_max]
};

// What a fault schedule needs of the load it runs under.
class Workload {
 public:
  virtual ~Workload() = default;
  // No new operations from now on; the ones under way may still complete.
  virtual void stop() = 0;
  // Operations that completed with ok.
  virtual int completed() const = 0;
};

class KvWorkload final : public Workload {
 public:
  KvWorkload(KvCluster& cluster, std::vector<SimClerk*> clients, WorkloadOptions options = {});
  ~KvWorkload() override;
  KvWorkload(const KvWorkload&) = delete;
  KvWorkload& operator=(const KvWorkload&) = delete;

  // Gives one client a mix of its own (its keys stay those it was given).
  void set_mix(std::size_t client, const WorkloadOptions& options) { clients_[client].options = options; }
  void stop() override;
  // Operations that completed with ok, per client and in all.
  int completed(std::size_t client) const { return clients_[client].completed; }
  int completed() const override;
  const std::vector<std::string>& keys(std::size_t client) const { return clients_[client].keys; }
  bool busy(std::size_t client) const { return clients_[client].clerk->clerk().busy(); }

 private:
  struct Client {
    SimClerk* clerk;
    WorkloadOptions options;
    std::vector<std::string> keys;
    int sent = 0;
    int completed = 0;
    std::optional<sim::TimerId> pause;
  };
  void start_next(std::size_t i);
  void after(std::size_t i, Micros delay);

  KvCluster& cluster_;
  std::vector<Client> clients_;
  bool stopped_ = false;
};

// Adds `n` clients to the cluster.
std::vector<SimClerk*> add_clients(KvCluster& cluster, int n);

// Sends each client's gets to a server of its own, round robin over the
// servers (follower reads, lab 3): client i reads from server i mod N first.
void spread_reads(KvCluster& cluster, const std::vector<SimClerk*>& clients);

// Runs the workload for `duration`, lets the operations under way finish,
// fails if a client completed fewer than `min_ops_per_client`, and checks
// the history for linearizability.
void run_and_check(KvCluster& cluster, std::vector<SimClerk*> clients, Micros duration, int min_ops_per_client,
                   WorkloadOptions options = {});

}  // namespace store::grading
