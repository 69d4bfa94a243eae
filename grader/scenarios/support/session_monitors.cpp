#include "support/session_monitors.h"

#include <algorithm>
#include <string>

namespace store::grading {

SessionAgreement::SessionAgreement(KvCluster& cluster) : cluster_(cluster) { cluster_.sim().add_observer(*this); }

SessionAgreement::~SessionAgreement() { cluster_.sim().remove_observer(*this); }

void SessionAgreement::on_apply(NodeId node, const LogEntry&) { ++unapplied_[node]; }

void SessionAgreement::on_crash(NodeId node) {
  unapplied_[node] = 0;
  last_applied_[node] = 0;  // it applies its log again from the start
}

void SessionAgreement::after_step(NodeId node) {
  // Only a server with entries handed to it and not yet reported applied
  // can have moved (asking every step would cost a status call per message).
  if (node < 1 || node > cluster_.size() || unapplied_[node] == 0) return;
  const NodeStatus status = cluster_.sim().status(node);
  if (status.applied_index == last_applied_[node]) return;
  const Index moved = status.applied_index > last_applied_[node] ? status.applied_index - last_applied_[node] : 1;
  unapplied_[node] = unapplied_[node] > moved ? unapplied_[node] - moved : 0;
  last_applied_[node] = status.applied_index;
  max_sessions_ = std::max(max_sessions_, status.sessions);
  max_bytes_ = std::max(max_bytes_, status.session_bytes);
  auto [it, first] = first_.try_emplace(status.applied_index, Seen{.node = node, .sessions = status.sessions});
  if (first) return;
  if (!it->second.compared && it->second.node != node) ++compared_, it->second.compared = true;
  if (it->second.sessions != status.sessions) {
    throw_violation(cluster_.sim(),
                    "after applying entry " + std::to_string(status.applied_index) + ", server " +
                        std::to_string(it->second.node) + " reported " + std::to_string(it->second.sessions) +
                        " sessions and server " + std::to_string(node) + " " + std::to_string(status.sessions) +
                        ": the session table is replicated state: it changes only by applying entries (a leader "
                        "answering a retry from it must leave it alone), and expiry depends on the log alone "
                        "(the leader's time written in each entry), never on a server's own clock or timers");
  }
}

ClientTraffic::ClientTraffic(KvCluster& cluster) : cluster_(cluster) { cluster_.sim().add_observer(*this); }

ClientTraffic::~ClientTraffic() { cluster_.sim().remove_observer(*this); }

void ClientTraffic::on_send(NodeId from, NodeId to, const Message& message, std::size_t) {
  if (const auto* request = std::get_if<ClientRequest>(&message)) requests_[{from, request->op}] = *request;
  if (const auto* reply = std::get_if<ClientReply>(&message)) replies_[to].push_back(*reply);
}

std::optional<ClientRequest> ClientTraffic::last_request(NodeId client, OpType op) const {
  auto it = requests_.find({client, op});
  if (it == requests_.end()) return std::nullopt;
  return it->second;
}

ClientRequest ClientTraffic::last_request_of(const SimClerk& client, OpType op) const {
  std::optional<ClientRequest> request = last_request(client.id(), op);
  if (!request) cluster_.fail("client " + std::to_string(client.id()) + " sent no " + std::string(to_string(op)));
  return *request;
}

ClientReply ClientTraffic::deliver_late_copy(const SimClerk& client, const ClientRequest& request, NodeId server) {
  const std::size_t before = replies(client.id(), request.client_id, request.seq).size();
  cluster_.forge(client.id(), server, request);
  cluster_.run_until([&] { return replies(client.id(), request.client_id, request.seq).size() > before; },
                     1 * kSecond);
  const std::vector<ClientReply> found = replies(client.id(), request.client_id, request.seq);
  if (found.size() == before) {
    cluster_.fail("server " + std::to_string(server) + " never answered a late copy of " +
                  std::string(to_string(request.op)) + " " + request.key + " (session " +
                  std::to_string(request.client_id) + ", seq " + std::to_string(request.seq) + ")");
  }
  return found.back();
}

std::vector<ClientReply> ClientTraffic::replies(NodeId client, std::uint64_t session, std::uint64_t seq) const {
  std::vector<ClientReply> found;
  auto it = replies_.find(client);
  if (it == replies_.end()) return found;
  for (const ClientReply& reply : it->second) {
    if (reply.client_id == session && reply.seq == seq) found.push_back(reply);
  }
  return found;
}

}  // namespace store::grading
