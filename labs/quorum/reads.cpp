// Gets: ask the key's N replicas, take the newest of the first R replies;
// write it back to W replicas before answering (ABD), and repair the
// replicas that replied with an older version.
#include <algorithm>
#include "core/todo.h"

#include "quorum/server.h"

namespace store {

void QuorumServer::start_read(NodeId client, const ClientRequest& request) {
  STORE_TODO(6, "docs/labs/lab6-quorums.md#reads");
}

void QuorumServer::send_reads(const Operation& operation, std::uint64_t context) {
  STORE_TODO(6, "docs/labs/lab6-quorums.md#reads");
}

void QuorumServer::on_read_reply(NodeId from, const QuorumReadReply& reply) {
  STORE_TODO(6, "docs/labs/lab6-quorums.md#reads");
}

void QuorumServer::quorum_read(std::uint64_t context, Operation& operation) {
  STORE_TODO(6, "docs/labs/lab6-quorums.md#reads");
}

void QuorumServer::answer_read(std::uint64_t context, Operation& operation) {
  STORE_TODO(6, "docs/labs/lab6-quorums.md#reads");
}

void QuorumServer::repair(std::uint64_t context, Operation& operation) {
  STORE_TODO(6, "docs/labs/lab6-quorums.md#read-repair");
}

}  // namespace store
