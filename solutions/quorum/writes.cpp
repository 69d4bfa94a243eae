// Puts and deletes: a version from this server's clock, sent to the key's N
// replicas, acknowledged to the client once W of them hold it.
#include <algorithm>

#include "quorum/server.h"

namespace store {

void QuorumServer::start_write(NodeId client, const ClientRequest& request) {
  // BEGIN LAB 6 (#writes)
  const std::uint64_t context = ++next_context_;
  Operation& operation = begin(client, request, context);
  operation.phase = Operation::Phase::kWriting;
  // The version is fixed here, once: every resend carries the same one, and
  // a copy that arrives late can never overwrite a later write.
  operation.write = {.context = context,
                     .key = request.key,
                     .version = clock_.next(),
                     .found = request.op == OpType::kPut,
                     .value = request.op == OpType::kPut ? request.value : std::string()};
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
