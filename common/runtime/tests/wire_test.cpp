#include "runtime/wire.h"

#include <gtest/gtest.h>

#include "protocol/codec.h"
#include "runtime/frame.h"

namespace store::runtime {
namespace {

void expect_round_trip(const Payload& payload) {
  const std::string bytes = encode_payload(payload);
  EXPECT_EQ(static_cast<FrameKind>(bytes[0]), kind_of(payload));
  EXPECT_EQ(decode_payload(bytes), payload);
}

TEST(Wire, RoundTripsEveryKind) {
  expect_round_trip(Hello{.cluster = "c1", .kind = EndpointKind::kPeer, .node = 3});
  expect_round_trip(Hello{.cluster = "c1", .kind = EndpointKind::kClient});
  expect_round_trip(Welcome{.cluster = "c1", .node = 2});
  expect_round_trip(Refused{.reason = "wrong cluster"});
  expect_round_trip(Message(RequestVote{.term = 4, .candidate = 2, .last_log_index = 9, .last_log_term = 3}));
  expect_round_trip(Message(ClientRequest{.client_id = 7, .seq = 1, .op = OpType::kDelete, .key = "k"}));
  expect_round_trip(AdminRequest{.request_id = 5, .op = AdminOp::kDropTraffic, .peers = {2, 3}});
  expect_round_trip(AdminRequest{
      .request_id = 6, .op = AdminOp::kDelayTraffic, .peers = {3}, .clients = true, .delay_us = 20000, .jitter_us = 9});
  expect_round_trip(AdminReply{.request_id = 5,
                               .node = 1,
                               .status = {.term = 3,
                                          .role = Role::kLeader,
                                          .leader_hint = 1,
                                          .commit_index = 10,
                                          .last_log_index = 11,
                                          .applied_index = 9},
                               .read_path = "log",
                               .dropping = {2},
                               .connected_peers = {3},
                               .delays = {{.to = 3, .delay_us = 20000, .jitter_us = 2000}, {.to = kNoNode, .delay_us = 5}},
                               .writes = 40,
                               .syncs = 12,
                               .uptime_ms = 1000});
}

TEST(Wire, FramesCarryPayloads) {
  const Payload payload = Welcome{.cluster = "x", .node = 1};
  const std::string frame = encode_frame(payload, 1024);
  FrameDecoder decoder(1024);
  decoder.feed(frame);
  EXPECT_EQ(decode_payload(*decoder.next()), payload);
}

TEST(Wire, RejectsUnknownKindsAndGarbage) {
  EXPECT_THROW(decode_payload(""), DecodeError);
  EXPECT_THROW(decode_payload(std::string(1, '\x09') + "\x80"), DecodeError);
  EXPECT_THROW(decode_payload(std::string(1, '\x04') + "garbage"), DecodeError);
  EXPECT_THROW(decode_payload(std::string(1, '\x01') + "\x80"), DecodeError);  // a Hello without fields
}

TEST(Wire, RejectsWrongFieldTypesAndRanges) {
  // A Hello whose node id does not fit in 32 bits.
  nlohmann::json hello = {{"version", 1}, {"cluster", "c"}, {"kind", "peer"}, {"node", 1ULL << 40}};
  auto bytes = nlohmann::json::to_msgpack(hello);
  EXPECT_THROW(decode_payload(std::string(1, '\x01') + std::string(bytes.begin(), bytes.end())), DecodeError);
  hello["node"] = "two";
  bytes = nlohmann::json::to_msgpack(hello);
  EXPECT_THROW(decode_payload(std::string(1, '\x01') + std::string(bytes.begin(), bytes.end())), DecodeError);
  hello["node"] = 2;
  hello["kind"] = "spy";
  bytes = nlohmann::json::to_msgpack(hello);
  EXPECT_THROW(decode_payload(std::string(1, '\x01') + std::string(bytes.begin(), bytes.end())), DecodeError);
}

TEST(Wire, RejectsAnUnknownMessageType) {
  nlohmann::json m = {{"type", "Snapshot"}, {"term", 1}};
  const auto bytes = nlohmann::json::to_msgpack(m);
  EXPECT_THROW(decode_payload(std::string(1, '\x04') + std::string(bytes.begin(), bytes.end())), DecodeError);
}

}  // namespace
}  // namespace store::runtime
