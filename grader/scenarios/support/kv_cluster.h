// The harness of the key-value labs (2 to 5): a simulated cluster of the
// implementation's key-value servers (make_kv_server), clerks as clients, a
// recorded history, and the linearizability check at the end.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "clerk/clerk.h"
#include "history/recorder.h"
#include "node/server.h"
#include "support/cluster.h"
#include "support/sim_clerk.h"

namespace store::grading {

struct KvClusterOptions {
  int servers = 5;
  sim::NetworkProfile network = sim::NetworkProfile::lan();
  Micros fsync_latency = 0;  // see ClusterOptions
  ServerConfig server;
  ClerkConfig clerk;
  bool writes_trace = true;  // see ClusterOptions
  // Client links keep the profile's duplicates and long delays (lab 5: with
  // sessions, a late or second copy of a request must change nothing).
  // Labs 2 to 4 turn them off: a late copy of a put would overwrite a later
  // one, a bug no server of theirs could avoid.
  bool client_link_faults = false;
  bool traffic_guard = true;  // see ClusterOptions
};

class KvCluster final : public Cluster {
 public:
  explicit KvCluster(grader::TestContext& ctx, KvClusterOptions options = {});
  ~KvCluster() override;

  // A new client (a clerk that records into the history).
  SimClerk& add_client();
  // A client that knows only these servers, and so never asks another.
  SimClerk& add_client_of(const std::vector<NodeId>& servers);
  // Runs one operation through a client to completion (failing the test if
  // it takes over 10 s) and returns its result.
  ClerkResult perform(SimClerk& client, OpType op, const std::string& key, const std::string& value = {});
  // Changes the network between servers, and between clients and servers.
  void set_network(const sim::NetworkProfile& profile) override;
  const std::vector<std::unique_ptr<SimClerk>>& clients() const { return clients_; }
  const history::History& history() const { return history_.history(); }

  // Checks the history recorded so far with the KV model. A history that is
  // not linearizable fails the test, naming the key and writing the HTML
  // view; a check that cannot decide within its budget fails too (a failure
  // to decide is never a pass).
  void check_linearizable();

 private:
  void set_client_links(const SimClerk& client);

  KvClusterOptions options_;
  history::HistoryRecorder history_;
  std::vector<std::unique_ptr<SimClerk>> clients_;
};

}  // namespace store::grading
