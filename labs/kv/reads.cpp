// Reads that append nothing to the log (lab 3): Raft confirms a read index
// (Raft::read_index), and the read is served from the state machine once it
// has applied that index. Until then the read waits: answering earlier could
// return a value older than a write already acknowledged.
#include "kv/server.h"
#include "core/todo.h"

namespace store {

void KvServer::handle_read(NodeId client, const ClientRequest& request) {
  STORE_TODO(3, "docs/labs/lab3-readindex.md#serving-reads");
}

void KvServer::collect_read_results() {
  STORE_TODO(3, "docs/labs/lab3-readindex.md#serving-reads");
}

void KvServer::serve_ready_reads() {
  STORE_TODO(3, "docs/labs/lab3-readindex.md#serving-reads");
}

}  // namespace store
