// Puts and deletes: a version from this server's clock (with
// read_before_write, above the newest of R replicas' versions), sent to the
// key's N replicas, acknowledged to the client once W of them hold it.
#include <algorithm>

#include "quorum/server.h"

namespace store {

// BEGIN LAB 6 HIDDEN (#writes) helpers for your writes, if you want any
namespace {

// What a client's put or delete asks the replicas to keep, at `version`.
QuorumWrite client_write(const ClientRequest& request, std::uint64_t context, Version version) {
  const bool put = request.op == OpType::kPut;
  return {.context = context,
          .key = request.key,
          .version = version,
          .found = put,
          .value = put ? request.value : std::string()};
}

}  // namespace
// END LAB 6

void QuorumServer::start_write(NodeId client, const ClientRequest& request) {
  // BEGIN LAB 6 (#writes)
  const std::uint64_t context = ++next_context_;
  Operation& operation = begin(client, request, context);
  // BEGIN LAB 6 (#clock-free-versions)
  if (config_.read_before_write) {
    // The version is chosen once R replicas have said what they hold (quorum_read).
    operation.phase = Operation::Phase::kReading;
    send_reads(operation, context);
    return;
  }
  // END LAB 6
  operation.phase = Operation::Phase::kWriting;
  // The version is fixed here, once: every resend carries the same one, and
  // a copy that arrives late can never overwrite a later write.
  operation.write = client_write(request, context, clock_.next());
  send_write(operation);
  // END LAB 6
}

void QuorumServer::write_after_read(Operation& operation) {
  // BEGIN LAB 6 (#clock-free-versions)
  // The clock has observed every reply's version: the next one is above them
  // all, so above every write acknowledged before this one began (its W
  // replicas meet these R).
  operation.write = client_write(operation.request, operation.write.context, clock_.next());
  operation.phase = Operation::Phase::kWriting;
  operation.last_sent = env_.now();
  send_write(operation);
  // END LAB 6
}

void QuorumServer::send_write(const Operation& operation) {
  // BEGIN LAB 6 (#writes)
  for (NodeId replica : operation.replicas) {
    if (!operation.acknowledged.contains(replica)) send_to(replica, operation.write);
  }
  // END LAB 6
}

void QuorumServer::on_write_reply(NodeId from, const QuorumWriteReply& reply) {
  // BEGIN LAB 6 (#writes)
  const auto it = operations_.find(reply.context);
  if (it == operations_.end()) return;  // a late or duplicated acknowledgement
  Operation& operation = it->second;
  if (operation.phase != Operation::Phase::kWriting || reply.key != operation.write.key) return;
  if (std::find(operation.replicas.begin(), operation.replicas.end(), from) == operation.replicas.end()) return;
  operation.acknowledged.insert(from);  // a set: a duplicated acknowledgement counts once
  if (static_cast<int>(operation.acknowledged.size()) < config_.w) return;
  if (operation.request.op == OpType::kGet) {
    // A get's write-back is done: W replicas hold the version it returns.
    answer(operation, {.status = ReplyStatus::kOk, .found = operation.write.found, .value = operation.write.value});
  } else {
    answer(operation, {.status = ReplyStatus::kOk});
  }
  finish(reply.context);
  // END LAB 6
}

}  // namespace store
