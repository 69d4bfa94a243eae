#include "kv/server.h"

#include <type_traits>
#include <variant>

namespace store {

std::unique_ptr<Node> make_kv_server(Env& env, const ServerConfig& config) {
  return std::make_unique<KvServer>(env, config);
}

KvServer::KvServer(Env& env, const ServerConfig& config)
    // BEGIN LAB 2 HIDDEN (#state) initialise your members
    : env_(env),
      raft_(make_raft(env, config.raft)),
      state_(config.sessions, config.session_timeout),
      // BEGIN LAB 3 HIDDEN (#state) initialise your read state
      read_path_(config.read_path)
// END LAB 3
// END LAB 2
{
  // BEGIN LAB 2 (#state)
  // Nothing else to recover: the map is rebuilt by applying the log again,
  // entry by entry, as Raft learns what is committed.
  // END LAB 2
}

void KvServer::tick() {
  // BEGIN LAB 2 (#losing-leadership)
  raft_->tick();
  fail_pending_if_deposed();
  // BEGIN LAB 3 (#serving-reads)
  collect_read_results();
  // END LAB 3
  // END LAB 2
}

void KvServer::receive(NodeId from, const Message& message) {
  // BEGIN LAB 2 (#requests)
  if (const auto* request = std::get_if<ClientRequest>(&message)) {
    handle_request(from, *request);
    return;
  }
  if (std::holds_alternative<ClientReply>(message)) return;  // not for a server
  raft_->receive(from, message);
  fail_pending_if_deposed();
  // BEGIN LAB 3 (#serving-reads)
  collect_read_results();
  // END LAB 3
  // END LAB 2
}

void KvServer::handle_request(NodeId client, const ClientRequest& request) {
  // BEGIN LAB 2 (#requests)
  // BEGIN LAB 3 (#serving-reads)
  if (request.op == OpType::kGet && read_path_ != ReadPath::kLog) {
    handle_read(client, request);
    return;
  }
  // END LAB 3
  // BEGIN LAB 5 (#retries)
  // A retry of a write this server has already applied: the table holds
  // its reply, and a committed fact needs no new entry. (Gets run outside
  // sessions: a get's client id need not be a session's.)
  const KvResult* done = request.op == OpType::kGet ? nullptr : state_.sessions().cached(request.client_id, request.seq);
  if (done != nullptr) {
    reply(client, request, {.status = done->status, .found = done->found, .value = done->value, .error = done->error});
    return;
  }
  // END LAB 5
  const KvCommand command{.op = request.op,
                          .key = request.key,
                          .value = request.value,
                          .client_id = request.client_id,
                          .seq = request.seq,
                          // BEGIN LAB 5 (#retries)
                          .leader_time = env_.now()
                          // END LAB 5
  };
  const Proposal proposal = raft_->propose(encode_command(command));
  if (!proposal.accepted) {
    reply(client, request, {.status = ReplyStatus::kNotLeader, .leader_hint = proposal.leader_hint});
    return;
  }
  // An index proposed in an earlier term of ours may be taken over now; its
  // client learns nothing certain about the old proposal.
  if (auto old = pending_.find(proposal.index); old != pending_.end()) {
    reply(old->second.client, old->second.request, {.status = ReplyStatus::kRetry, .error = "leadership changed"});
    pending_.erase(old);
  }
  pending_[proposal.index] = Pending{.client = client, .request = request, .term = proposal.term};
  // END LAB 2
}

void KvServer::on_apply(const LogEntry& entry) {
  // BEGIN LAB 2 (#applying)
  applied_index_ = entry.index;
  if (entry.type == EntryType::kCommand) answer_pending(entry, state_.apply(decode_command(entry.data), entry.index));
  // BEGIN LAB 3 (#serving-reads)
  serve_ready_reads();  // reads wait for the state machine, no-ops included
  // END LAB 3
  // END LAB 2
}

void KvServer::answer_pending(const LogEntry& entry, const KvResult& result) {
  // BEGIN LAB 2 (#applying)
  auto it = pending_.find(entry.index);
  if (it == pending_.end()) return;  // proposed by another leader: its client waits there
  const Pending pending = std::move(it->second);
  pending_.erase(it);
  if (pending.term != entry.term) {
    // Another leader's command won this index, so ours was never committed
    // and never will be (an entry is only ever written at one index). The
    // client may safely try again.
    reply(pending.client, pending.request,
          {.status = ReplyStatus::kNotLeader, .leader_hint = raft_->status().leader_hint});
    return;
  }
  reply(pending.client, pending.request,
        {.status = result.status, .found = result.found, .value = result.value, .error = result.error});
  // END LAB 2
}

void KvServer::fail_pending_if_deposed() {
  // BEGIN LAB 2 (#losing-leadership)
  // A server that is no longer leader of the term its requests were proposed
  // in cannot tell whether they will commit: the new leader may keep or drop
  // them. Its clients should ask the new leader (their requests carry the
  // same identity, so a retried write is recognisable in lab 5).
  if (pending_.empty()) return;
  const RaftStatus raft = raft_->status();
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (raft.role == Role::kLeader && raft.term == it->second.term) {
      ++it;
      continue;
    }
    reply(it->second.client, it->second.request,
          {.status = ReplyStatus::kRetry, .leader_hint = raft.leader_hint, .error = "leadership lost"});
    it = pending_.erase(it);
  }
  // END LAB 2
}

void KvServer::reply(NodeId client, const ClientRequest& request, ClientReply reply) {
  // BEGIN LAB 2 (#requests)
  reply.client_id = request.client_id;
  reply.seq = request.seq;
  env_.send(client, std::move(reply));
  // END LAB 2
}

NodeStatus KvServer::status() const {
  // BEGIN LAB 2 (#status)
  NodeStatus status = node_status(raft_->status(), applied_index_);
  // BEGIN LAB 5 (#the-table)
  status.sessions = state_.sessions().size();
  status.session_bytes = state_.sessions().bytes();
  // END LAB 5
  return status;
  // END LAB 2
}

}  // namespace store
