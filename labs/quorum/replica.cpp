// The replica's side of the protocol: keep a newer version, answer with the
// newest one held.
#include "quorum/server.h"
#include "core/todo.h"

namespace store {

void QuorumServer::on_write(NodeId from, const QuorumWrite& write) {
  STORE_TODO(6, "docs/labs/lab6-quorums.md#replicas");
}

void QuorumServer::on_read(NodeId from, const QuorumRead& read) {
  STORE_TODO(6, "docs/labs/lab6-quorums.md#replicas");
}

}  // namespace store
