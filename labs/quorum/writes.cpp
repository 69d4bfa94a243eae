// Puts and deletes: a version from this server's clock, sent to the key's N
// replicas, acknowledged to the client once W of them hold it.
#include <algorithm>
#include "core/todo.h"

#include "quorum/server.h"

namespace store {

void QuorumServer::start_write(NodeId client, const ClientRequest& request) {
  STORE_TODO(6, "docs/labs/lab6-quorums.md#writes");
}

void QuorumServer::send_write(const Operation& operation) {
  STORE_TODO(6, "docs/labs/lab6-quorums.md#writes");
}

void QuorumServer::on_write_reply(NodeId from, const QuorumWriteReply& reply) {
  STORE_TODO(6, "docs/labs/lab6-quorums.md#writes");
}

}  // namespace store
