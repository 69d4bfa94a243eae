// The replica of lab 6: leaderless replication with read and write quorums,
// the other side of the seed text's etcd-versus-DynamoDB comparison.
//
// Every server is a replica and a coordinator. A client sends its
// ClientRequest to any server; that server coordinates it: a put or delete
// gets a Version and goes to the key's N replicas, and is acknowledged once W
// of them hold it; a get asks the N replicas and answers from the newest of
// the first R replies (after writing it back to W replicas, with ABD's
// write-back on). The replicas talk with the Quorum* messages of
// protocol/messages.h; there is no leader, no log order and no election.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "core/hash.h"
#include "core/types.h"
#include "node/env.h"
#include "node/node.h"

namespace store {

struct QuorumConfig {
  int n = 3;  // replicas of each key (at most the number of servers)
  int w = 2;  // acknowledgements a put or delete waits for
  int r = 2;  // replies a get waits for
  // Accept W + R <= N, with which a read can miss an acknowledged write (the
  // eventually consistent reads of DynamoDB and Cassandra's ONE). Without it,
  // make_quorum_server refuses such a configuration.
  bool allow_stale_reads = false;
  // ABD's refinement: before answering a get, write the version it returns
  // to W replicas (not needed when all R replies hold it and 2R > N). Off,
  // two reads can see a half-finished write in the wrong order (the new-old
  // inversion).
  bool write_back = true;
  // After answering a get, send the newest version to the replicas that
  // replied with an older one (late replies included).
  bool read_repair = false;
  // ABD's multi-writer write: a put or delete first asks the key's replicas
  // for their versions and takes one above the newest of R replies, so that
  // a write that starts after another ended is newer however far the
  // servers' clocks are apart. One more round trip per write.
  bool read_before_write = false;
  // A coordinator sends again to replicas that have not answered after this
  // long, and answers the client kRetry after give_up_after.
  Micros resend_after = 50 * kMillisecond;
  Micros give_up_after = 1 * kSecond;
};

// The N servers that hold `key`, in the order a coordinator asks them: N
// consecutive servers (wrapping around) from one the key's hash picks. With
// N equal to the number of servers, every server holds every key.
inline std::vector<NodeId> replicas_of(std::string_view key, const std::vector<NodeId>& servers, int n) {
  std::vector<NodeId> replicas;
  if (servers.empty() || n <= 0) return replicas;
  const std::size_t first = Hasher().add(key).value() % servers.size();
  for (std::size_t i = 0; i < static_cast<std::size_t>(n) && i < servers.size(); ++i) {
    replicas.push_back(servers[(first + i) % servers.size()]);
  }
  return replicas;
}

// Every implementation defines this (lab 6). Throws std::invalid_argument,
// naming the problem, for a configuration it refuses (see QuorumConfig). The
// Env outlives the returned node; the constructor recovers from
// env.storage(), whose log holds what this replica accepted.
std::unique_ptr<Node> make_quorum_server(Env& env, const QuorumConfig& config);

}  // namespace store
