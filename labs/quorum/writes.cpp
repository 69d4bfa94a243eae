// Puts and deletes: a version from this server's clock (with
// read_before_write, above the newest of R replicas' versions), sent to the
// key's N replicas, acknowledged to the client once W of them hold it.
#include <algorithm>
#include "core/todo.h"

#include "quorum/server.h"

namespace store {

// TODO(lab6): helpers for your writes, if you want any; see docs/labs/lab6-quorums.md#writes

void QuorumServer::start_write(NodeId client, const ClientRequest& request) {
  STORE_TODO(6, "docs/labs/lab6-quorums.md#writes");
}

void QuorumServer::write_after_read(Operation& operation) {
  STORE_TODO(6, "docs/labs/lab6-quorums.md#clock-free-versions");
}

void QuorumServer::send_write(const Operation& operation) {
  STORE_TODO(6, "docs/labs/lab6-quorums.md#writes");
}

void QuorumServer::on_write_reply(NodeId from, const QuorumWriteReply& reply) {
  STORE_TODO(6, "docs/labs/lab6-quorums.md#writes");
}

}  // namespace store
