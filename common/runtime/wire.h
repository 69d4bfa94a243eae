// What travels in a frame's payload (frame.h): one kind byte, then a body.
//
//   kind 1 Hello        first frame from whoever connects: who they are
//   kind 2 Welcome      the accepting node's answer: who it is
//   kind 3 Refused      the accepting node's answer when it will not talk (then it closes)
//   kind 4 Message      a protocol Message (protocol/codec.h, MessagePack)
//   kind 5 AdminRequest from a client connection, handled by the runtime, not the node
//   kind 6 AdminReply
//
// Bodies other than Message are MessagePack maps too, decoded as strictly as
// messages: a missing field, a wrong type, an unknown kind is a DecodeError.
//
// The handshake: a connecting peer or client sends Hello with the cluster id
// and protocol version; a node refuses (Refused, then close, and a log line on
// both sides) a different cluster, a different version, or a peer id that is
// not in its configuration. A peer connection carries only Raft messages one
// way (each node dials every other and sends on its own connection); a client
// connection carries ClientRequest/AdminRequest in and ClientReply/AdminReply out.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/types.h"
#include "node/node.h"
#include "protocol/messages.h"

namespace store::runtime {

inline constexpr std::uint32_t kWireVersion = 1;

enum class FrameKind : std::uint8_t {
  kHello = 1,
  kWelcome = 2,
  kRefused = 3,
  kMessage = 4,
  kAdminRequest = 5,
  kAdminReply = 6,
};

enum class EndpointKind : std::uint8_t { kPeer = 0, kClient = 1 };

struct Hello {
  std::uint32_t version = kWireVersion;
  std::string cluster;
  EndpointKind kind = EndpointKind::kClient;
  NodeId node = kNoNode;  // a peer's own id; kNoNode for clients

  bool operator==(const Hello&) const = default;
};

struct Welcome {
  std::string cluster;
  NodeId node = kNoNode;  // the accepting node's id

  bool operator==(const Welcome&) const = default;
};

struct Refused {
  std::string reason;

  bool operator==(const Refused&) const = default;
};

// Requests the runtime answers itself (the node never sees them).
enum class AdminOp : std::uint8_t {
  kStatus = 0,       // role, term, commit and applied index, connectivity
  kDropTraffic = 1,  // drop every message to and from `peers` (a partition), replacing the earlier set
  kHeal = 2,         // stop dropping and delaying
  // Hold every message this node sends to `peers` (and, with `clients`, every
  // request from and reply to a client) for delay_us + a uniform draw in
  // [0, jitter_us], order kept: a distant link (issue 15). 0 removes the delay.
  kDelayTraffic = 3,
};
std::string_view to_string(AdminOp op);

struct AdminRequest {
  std::uint64_t request_id = 0;
  AdminOp op = AdminOp::kStatus;
  std::vector<NodeId> peers;  // kDropTraffic, kDelayTraffic
  bool clients = false;       // kDelayTraffic: client traffic too
  std::int64_t delay_us = 0;  // kDelayTraffic
  std::int64_t jitter_us = 0;

  bool operator==(const AdminRequest&) const = default;
};

// One delayed link of a node: to a peer, or (to == kNoNode) its clients.
struct LinkDelay {
  NodeId to = kNoNode;
  std::int64_t delay_us = 0;
  std::int64_t jitter_us = 0;

  bool operator==(const LinkDelay&) const = default;
};

struct AdminReply {
  std::uint64_t request_id = 0;
  bool ok = true;
  std::string error;  // when !ok
  NodeId node = kNoNode;
  NodeStatus status;
  std::string read_path;
  std::vector<NodeId> dropping;         // peers whose traffic is being dropped
  std::vector<NodeId> connected_peers;  // peers this node's outgoing connections reach now
  std::vector<LinkDelay> delays;        // links held back by kDelayTraffic
  std::uint64_t writes = 0;             // storage writes made since start
  std::uint64_t syncs = 0;              // fdatasync calls since start (group commit: far fewer than writes)
  std::int64_t uptime_ms = 0;

  bool operator==(const AdminReply&) const = default;
};

using Payload = std::variant<Hello, Welcome, Refused, Message, AdminRequest, AdminReply>;

FrameKind kind_of(const Payload& payload);
std::string_view kind_name(FrameKind kind);

// The payload bytes: kind byte + MessagePack body.
std::string encode_payload(const Payload& payload);
// A complete frame (length + payload); throws FrameError above `max_payload`.
std::string encode_frame(const Payload& payload, std::size_t max_payload);
// Throws DecodeError (protocol/codec.h) naming what is wrong.
Payload decode_payload(std::string_view payload);

}  // namespace store::runtime
