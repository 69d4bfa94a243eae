// Gets: ask the key's N replicas, take the newest of the first R replies;
// write it back to W replicas before answering (ABD), and repair the
// replicas that replied with an older version.
#include <algorithm>

#include "quorum/server.h"

namespace store {

void QuorumServer::start_read(NodeId client, const ClientRequest& request) {
  // BEGIN LAB 6 (#reads)
  const std::uint64_t context = ++next_context_;
  Operation& operation = begin(client, request, context);
  operation.phase = Operation::Phase::kReading;
  send_reads(operation, context);
  // END LAB 6
}

void QuorumServer::send_reads(const Operation& operation, std::uint64_t context) {
  // BEGIN LAB 6 (#reads)
  for (NodeId replica : operation.replicas) {
    if (!operation.replies.contains(replica))
      send_to(replica, QuorumRead{.context = context, .key = operation.request.key});
  }
  // END LAB 6
}

void QuorumServer::on_read_reply(NodeId from, const QuorumReadReply& reply) {
  // BEGIN LAB 6 (#reads)
  const auto it = operations_.find(reply.context);
  if (it == operations_.end()) return;  // late: the operation is over
  Operation& operation = it->second;
  if (operation.phase != Operation::Phase::kReading || reply.key != operation.request.key) return;
  if (std::find(operation.replicas.begin(), operation.replicas.end(), from) == operation.replicas.end()) return;
  clock_.observe(reply.version);
  if (!operation.replies.emplace(from, reply).second) return;  // a duplicate
  if (operation.answered) {
    // BEGIN LAB 6 (#read-repair)
    repair(reply.context, operation);
    // END LAB 6
    return;
  }
  if (static_cast<int>(operation.replies.size()) == config_.r) quorum_read(reply.context, operation);
  // END LAB 6
}

void QuorumServer::quorum_read(std::uint64_t context, Operation& operation) {
  // BEGIN LAB 6 (#reads)
  // BEGIN LAB 6 (#clock-free-versions)
  if (operation.request.op != OpType::kGet) {  // a put or delete that asked first
    operation.write.context = context;
    write_after_read(operation);
    return;
  }
  // END LAB 6
  // The newest of the replies, by version: not the first or the last to arrive.
  const QuorumReadReply* newest = nullptr;
  for (const auto& [replica, reply] : operation.replies) {
    if (newest == nullptr || newer(reply.version, newest->version)) newest = &reply;
  }
  operation.write = {.context = context,
                     .key = operation.request.key,
                     .version = newest->version,
                     .found = newest->found,
                     .value = newest->value};
  // BEGIN LAB 6 (#write-back)
  // When all R replies hold that version and two read quorums always meet
  // (2R > N), every later read meets one of these R replicas already.
  const bool everywhere = std::all_of(operation.replies.begin(), operation.replies.end(),
                                      [&](const auto& entry) { return entry.second.version == newest->version; });
  const bool settled = everywhere && 2 * config_.r > config_.n;
  if (config_.write_back && newest->version.timestamp != 0 && !settled) {
    // The same version, not a new one: once W replicas hold it, every later
    // read quorum meets one of them, and no later read can return older.
    operation.phase = Operation::Phase::kWriting;
    operation.last_sent = env_.now();
    send_write(operation);
    return;
  }
  // END LAB 6
  answer_read(context, operation);
  // END LAB 6
}

void QuorumServer::answer_read(std::uint64_t context, Operation& operation) {
  // BEGIN LAB 6 (#reads)
  answer(operation, {.status = ReplyStatus::kOk, .found = operation.write.found, .value = operation.write.value});
  // BEGIN LAB 6 (#read-repair)
  if (config_.read_repair) {
    operation.answered = true;
    repair(context, operation);
    return;
  }
  // END LAB 6
  finish(context);
  // END LAB 6
}

void QuorumServer::repair(std::uint64_t context, Operation& operation) {
  // BEGIN LAB 6 (#read-repair)
  // Fire and forget: the client has its answer; a lost repair only leaves a
  // replica as stale as it was.
  for (const auto& [replica, reply] : operation.replies) {
    if (newer(operation.write.version, reply.version) && operation.repaired.insert(replica).second) {
      send_to(replica, operation.write);
    }
  }
  if (operation.replies.size() == operation.replicas.size()) finish(context);
  // END LAB 6
}

}  // namespace store
