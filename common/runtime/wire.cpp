#include "runtime/wire.h"

#include <nlohmann/json.hpp>

#include "protocol/codec.h"
#include "runtime/frame.h"
#include "runtime/msgpack_check.h"

namespace store::runtime {

using nlohmann::json;

namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;  // clang 14 (the fuzz build) does not deduce it alone

template <typename T>
T field(const json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end()) throw DecodeError(std::string("missing field '") + name + "'");
  // nlohmann converts between number types silently; insist on the right family.
  bool right_family = false;
  if constexpr (std::is_same_v<T, bool>) {
    right_family = it->is_boolean();
  } else if constexpr (std::is_same_v<T, std::string>) {
    right_family = it->is_string();
  } else if constexpr (std::is_unsigned_v<T>) {
    right_family = it->is_number_unsigned();
  } else {
    right_family = it->is_number_integer();
  }
  if (!right_family) throw DecodeError(std::string("field '") + name + "' has the wrong type");
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    // Range-check before narrowing: a NodeId is 32 bits on the wire too.
    if (it->is_number_unsigned()) {
      const auto v = it->get<std::uint64_t>();
      if (v > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) {
        throw DecodeError(std::string("field '") + name + "' is out of range");
      }
      return static_cast<T>(v);
    }
    const auto v = it->get<std::int64_t>();
    if (v < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
        (v > 0 && static_cast<std::uint64_t>(v) > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))) {
      throw DecodeError(std::string("field '") + name + "' is out of range");
    }
    return static_cast<T>(v);
  } else {
    return it->get<T>();
  }
}

std::vector<NodeId> id_list(const json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_array()) throw DecodeError(std::string("field '") + name + "' must be an array");
  std::vector<NodeId> ids;
  for (const auto& v : *it) {
    if (!v.is_number_integer()) throw DecodeError(std::string("field '") + name + "' must hold node ids");
    const auto id = v.get<std::int64_t>();
    if (id < 0 || id > std::numeric_limits<NodeId>::max()) throw DecodeError("a node id is out of range");
    ids.push_back(static_cast<NodeId>(id));
  }
  return ids;
}

std::string to_msgpack(const json& body) {
  const std::vector<std::uint8_t> bytes = json::to_msgpack(body);
  return {bytes.begin(), bytes.end()};
}

json body_of(const Hello& m) {
  return {{"version", m.version},
          {"cluster", m.cluster},
          {"kind", m.kind == EndpointKind::kPeer ? "peer" : "client"},
          {"node", m.node}};
}
json body_of(const Welcome& m) { return {{"cluster", m.cluster}, {"node", m.node}}; }
json body_of(const Refused& m) { return {{"reason", m.reason}}; }
json body_of(const AdminRequest& m) {
  return {{"request_id", m.request_id}, {"op", to_string(m.op)},     {"peers", m.peers},
          {"clients", m.clients},       {"delay_us", m.delay_us}, {"jitter_us", m.jitter_us}};
}
json delays_body(const std::vector<LinkDelay>& delays) {
  json list = json::array();
  for (const LinkDelay& d : delays) list.push_back(json::array({d.to, d.delay_us, d.jitter_us}));
  return list;
}

std::vector<LinkDelay> delays_from(const json& object) {
  const auto it = object.find("delays");
  if (it == object.end() || !it->is_array()) throw DecodeError("missing or non-array field 'delays'");
  std::vector<LinkDelay> delays;
  for (const json& d : *it) {
    if (!d.is_array() || d.size() != 3 || !d[0].is_number_integer() || !d[1].is_number_integer() ||
        !d[2].is_number_integer()) {
      throw DecodeError("a delay must be [node, delay_us, jitter_us]");
    }
    delays.push_back({.to = d[0].get<NodeId>(), .delay_us = d[1].get<std::int64_t>(),
                      .jitter_us = d[2].get<std::int64_t>()});
  }
  return delays;
}

json body_of(const AdminReply& m) {
  return {{"request_id", m.request_id},
          {"ok", m.ok},
          {"error", m.error},
          {"node", m.node},
          {"term", m.status.term},
          {"role", to_string(m.status.role)},
          {"leader_hint", m.status.leader_hint},
          {"commit_index", m.status.commit_index},
          {"last_log_index", m.status.last_log_index},
          {"applied_index", m.status.applied_index},
          {"sessions", m.status.sessions},
          {"session_bytes", m.status.session_bytes},
          {"read_path", m.read_path},
          {"dropping", m.dropping},
          {"connected_peers", m.connected_peers},
          {"delays", delays_body(m.delays)},
          {"writes", m.writes},
          {"syncs", m.syncs},
          {"uptime_ms", m.uptime_ms}};
}

Hello hello_from(const json& j) {
  const std::string kind = field<std::string>(j, "kind");
  if (kind != "peer" && kind != "client") throw DecodeError("unknown endpoint kind '" + kind + "'");
  return {.version = field<std::uint32_t>(j, "version"),
          .cluster = field<std::string>(j, "cluster"),
          .kind = kind == "peer" ? EndpointKind::kPeer : EndpointKind::kClient,
          .node = field<NodeId>(j, "node")};
}

AdminOp admin_op_from(const std::string& name) {
  for (AdminOp op : {AdminOp::kStatus, AdminOp::kDropTraffic, AdminOp::kHeal, AdminOp::kDelayTraffic}) {
    if (to_string(op) == name) return op;
  }
  throw DecodeError("unknown admin op '" + name + "'");
}

Role role_from(const std::string& name) {
  for (Role role : {Role::kFollower, Role::kCandidate, Role::kLeader}) {
    if (to_string(role) == name) return role;
  }
  throw DecodeError("unknown role '" + name + "'");
}

AdminReply admin_reply_from(const json& j) {
  return {.request_id = field<std::uint64_t>(j, "request_id"),
          .ok = field<bool>(j, "ok"),
          .error = field<std::string>(j, "error"),
          .node = field<NodeId>(j, "node"),
          .status = {.term = field<Term>(j, "term"),
                     .role = role_from(field<std::string>(j, "role")),
                     .leader_hint = field<NodeId>(j, "leader_hint"),
                     .commit_index = field<Index>(j, "commit_index"),
                     .last_log_index = field<Index>(j, "last_log_index"),
                     .applied_index = field<Index>(j, "applied_index"),
                     .sessions = field<std::uint64_t>(j, "sessions"),
                     .session_bytes = field<std::uint64_t>(j, "session_bytes")},
          .read_path = field<std::string>(j, "read_path"),
          .dropping = id_list(j, "dropping"),
          .connected_peers = id_list(j, "connected_peers"),
          .delays = delays_from(j),
          .writes = field<std::uint64_t>(j, "writes"),
          .syncs = field<std::uint64_t>(j, "syncs"),
          .uptime_ms = field<std::int64_t>(j, "uptime_ms")};
}

}  // namespace

std::string_view to_string(AdminOp op) {
  switch (op) {
    case AdminOp::kStatus: return "status";
    case AdminOp::kDropTraffic: return "drop-traffic";
    case AdminOp::kHeal: return "heal";
    case AdminOp::kDelayTraffic: return "delay-traffic";
  }
  return "invalid";
}

FrameKind kind_of(const Payload& payload) {
  return std::visit(Overloaded{
                        [](const Hello&) { return FrameKind::kHello; },
                        [](const Welcome&) { return FrameKind::kWelcome; },
                        [](const Refused&) { return FrameKind::kRefused; },
                        [](const Message&) { return FrameKind::kMessage; },
                        [](const AdminRequest&) { return FrameKind::kAdminRequest; },
                        [](const AdminReply&) { return FrameKind::kAdminReply; },
                    },
                    payload);
}

std::string_view kind_name(FrameKind kind) {
  switch (kind) {
    case FrameKind::kHello: return "Hello";
    case FrameKind::kWelcome: return "Welcome";
    case FrameKind::kRefused: return "Refused";
    case FrameKind::kMessage: return "Message";
    case FrameKind::kAdminRequest: return "AdminRequest";
    case FrameKind::kAdminReply: return "AdminReply";
  }
  return "invalid";
}

std::string encode_payload(const Payload& payload) {
  std::string out(1, static_cast<char>(kind_of(payload)));
  out += std::visit(Overloaded{
                        [](const Message& m) { return encode_message(m); },
                        [](const auto& m) { return to_msgpack(body_of(m)); },
                    },
                    payload);
  return out;
}

std::string encode_frame(const Payload& payload, std::size_t max_payload) {
  std::string frame;
  append_frame(frame, encode_payload(payload), max_payload);
  return frame;
}

Payload decode_payload(std::string_view payload) {
  if (payload.empty()) throw DecodeError("an empty payload");
  const auto kind = static_cast<FrameKind>(static_cast<unsigned char>(payload[0]));
  const std::string_view body = payload.substr(1);
  switch (kind) {
    case FrameKind::kHello:
    case FrameKind::kWelcome:
    case FrameKind::kRefused:
    case FrameKind::kMessage:
    case FrameKind::kAdminRequest:
    case FrameKind::kAdminReply: break;
    default: throw DecodeError("unknown frame kind " + std::to_string(static_cast<unsigned char>(payload[0])));
  }
  check_msgpack_shape(body);
  if (kind == FrameKind::kMessage) return decode_message(body);
  json j;
  try {
    j = json::from_msgpack(body.begin(), body.end());
  } catch (const json::exception& e) {
    throw DecodeError(std::string(kind_name(kind)) + ": not a MessagePack document: " + e.what());
  }
  if (!j.is_object()) throw DecodeError(std::string(kind_name(kind)) + ": the body must be a map");
  try {
    switch (kind) {
      case FrameKind::kHello: return hello_from(j);
      case FrameKind::kWelcome:
        return Welcome{.cluster = field<std::string>(j, "cluster"), .node = field<NodeId>(j, "node")};
      case FrameKind::kRefused: return Refused{.reason = field<std::string>(j, "reason")};
      case FrameKind::kAdminRequest:
        return AdminRequest{.request_id = field<std::uint64_t>(j, "request_id"),
                            .op = admin_op_from(field<std::string>(j, "op")),
                            .peers = id_list(j, "peers"),
                            .clients = field<bool>(j, "clients"),
                            .delay_us = field<std::int64_t>(j, "delay_us"),
                            .jitter_us = field<std::int64_t>(j, "jitter_us")};
      case FrameKind::kAdminReply: return admin_reply_from(j);
      case FrameKind::kMessage: break;
    }
  } catch (const DecodeError& e) {
    throw DecodeError(std::string(kind_name(kind)) + ": " + e.what());
  } catch (const json::exception& e) {
    throw DecodeError(std::string(kind_name(kind)) + ": " + e.what());
  }
  throw DecodeError("unreachable frame kind");
}

}  // namespace store::runtime
