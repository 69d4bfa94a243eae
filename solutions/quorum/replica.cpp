// The replica's side of the protocol: keep a newer version, answer with the
// newest one held.
#include "quorum/server.h"

namespace store {

void QuorumServer::on_write(NodeId from, const QuorumWrite& write) {
  // BEGIN LAB 6 (#replicas)
  clock_.observe(write.version);
  store_.keep(write);
  // Acknowledged whether kept or not: either way this replica now holds
  // that version or a newer one. The reply leaves once the record is durable.
  send_to(from, QuorumWriteReply{.context = write.context, .key = write.key});
  // END LAB 6
}

void QuorumServer::on_read(NodeId from, const QuorumRead& read) {
  // BEGIN LAB 6 (#replicas)
  const ReplicaStore::Held& held = store_.get(read.key);
  send_to(
      from,
      QuorumReadReply{
          .context = read.context, .key = read.key, .version = held.version, .found = held.found, .value = held.value});
  // END LAB 6
}

}  // namespace store
