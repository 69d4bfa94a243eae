// Reads that append nothing to the log (lab 3): Raft confirms a read index
// (Raft::read_index), and the read is served from the state machine once it
// has applied that index. Until then the read waits: answering earlier could
// return a value older than a write already acknowledged.
#include "kv/server.h"

namespace store {

void KvServer::handle_read(NodeId client, const ClientRequest& request) {
  // BEGIN LAB 3 (#serving-reads)
  // Only the leader serves, unless followers serve reads too.
  const RaftStatus raft = raft_->status();
  if (read_path_ != ReadPath::kFollowerRead && raft.role != Role::kLeader) {
    reply(client, request, {.status = ReplyStatus::kNotLeader, .leader_hint = raft.leader_hint});
    return;
  }
  const std::uint64_t context = ++last_read_;
  // BEGIN LAB 4 (#lease-reads)
  // Under a lease the read index is simply the commit index: no other
  // leader can have committed anything. The lease is checked again when the
  // read is served.
  if (read_path_ == ReadPath::kLease && raft_->lease_valid()) {
    reads_[context] = PendingRead{.client = client, .request = request, .index = raft.commit_index, .lease = true};
    serve_ready_reads();
    return;
  }
  // END LAB 4
  reads_[context] = PendingRead{.client = client, .request = request, .index = std::nullopt};
  raft_->read_index(context);
  collect_read_results();
  // END LAB 3
}

void KvServer::collect_read_results() {
  // BEGIN LAB 3 (#serving-reads)
  if (read_path_ == ReadPath::kLog) return;
  for (const ReadIndexResult& result : raft_->take_read_results()) {
    auto it = reads_.find(result.context);
    if (it == reads_.end()) continue;
    if (!result.ok) {
      // Nothing was read: the client may simply ask again, here or elsewhere.
      reply(it->second.client, it->second.request,
            {.status = ReplyStatus::kNotLeader, .leader_hint = result.leader_hint, .error = "leadership not confirmed"});
      reads_.erase(it);
      continue;
    }
    it->second.index = result.index;
  }
  serve_ready_reads();
  // END LAB 3
}

void KvServer::serve_ready_reads() {
  // BEGIN LAB 3 (#serving-reads)
  for (auto it = reads_.begin(); it != reads_.end();) {
    if (!it->second.index || *it->second.index > applied_index_) {
      ++it;
      continue;
    }
    // BEGIN LAB 4 (#lease-reads)
    // The lease may have run out while the read waited for the state
    // machine: then it takes the ReadIndex path after all.
    if (it->second.lease && !raft_->lease_valid()) {
      it->second.lease = false;
      it->second.index.reset();
      raft_->read_index(it->first);
      ++it;
      continue;
    }
    // END LAB 4
    const KvStateMachine::Result result = state_.read(it->second.request.key);
    reply(it->second.client, it->second.request,
          {.status = ReplyStatus::kOk, .found = result.found, .value = result.value});
    it = reads_.erase(it);
  }
  // END LAB 3
}

}  // namespace store
