// Linearizable reads without log entries: ReadIndex (Raft thesis §6.4).
//
// A leader that wants to serve a read must know two things: that it still
// leads (a newer leader may have committed writes it has not heard of), and
// how far its state machine must have got. So it records its commit index as
// the read index, sends a round of heartbeats, and once a majority has
// answered in its term it knows it led when the round began. The server then
// serves the read as soon as it has applied the read index.
//
// The commit index a new leader inherits may be behind what the old leader
// acknowledged; it catches up only when an entry of its own term commits,
// which is why a new leader appends a no-op entry (raft.cpp) and starts no
// round before it commits.
#include <utility>
#include "core/todo.h"

#include "raft/raft.h"

namespace store {

void Raft::read_index(std::uint64_t context) {
  STORE_TODO(3, "docs/labs/lab3-readindex.md#reads-on-the-leader");
}

std::vector<ReadIndexResult> Raft::take_read_results() {
  STORE_TODO(3, "docs/labs/lab3-readindex.md#reads-on-the-leader");
}

void Raft::start_read_round() {
  STORE_TODO(3, "docs/labs/lab3-readindex.md#reads-on-the-leader");
}

void Raft::count_read_ack(NodeId from, std::uint64_t context) {
  STORE_TODO(3, "docs/labs/lab3-readindex.md#confirming-leadership");
}

void Raft::finish_read_round() {
  STORE_TODO(3, "docs/labs/lab3-readindex.md#confirming-leadership");
}

void Raft::answer_read(NodeId from, std::uint64_t context, bool ok, Index index) {
  STORE_TODO(3, "docs/labs/lab3-readindex.md#confirming-leadership");
}

void Raft::fail_reads() {
  STORE_TODO(3, "docs/labs/lab3-readindex.md#losing-leadership");
}

void Raft::expire_forwarded_reads() {
  STORE_TODO(3, "docs/labs/lab3-readindex.md#reads-on-followers");
}

void Raft::handle_read_index_request(NodeId from, const ReadIndexRequest& request) {
  STORE_TODO(3, "docs/labs/lab3-readindex.md#reads-on-followers");
}

void Raft::handle_read_index_reply(const ReadIndexReply& reply) {
  STORE_TODO(3, "docs/labs/lab3-readindex.md#reads-on-followers");
}

}  // namespace store
