#include "protocol/codec.h"

#include <gtest/gtest.h>

#include "core/hash.h"
#include "protocol/message_hash.h"

namespace store {
namespace {

std::vector<Message> samples() {
  AppendEntries append{.term = 7,
                       .leader = 2,
                       .prev_log_index = 10,
                       .prev_log_term = 6,
                       .entries = {{.term = 7, .index = 11, .type = EntryType::kNoop, .data = ""},
                                   {.term = 7, .index = 12, .type = EntryType::kCommand, .data = std::string("a\0b", 3)}},
                       .leader_commit = 9,
                       .context = 44};
  return {
      RequestVote{.term = 3, .candidate = 1, .last_log_index = 5, .last_log_term = 2, .pre_vote = true},
      RequestVoteReply{.term = 3, .granted = true, .pre_vote = false},
      append,
      AppendEntriesReply{.term = 7,
                         .success = false,
                         .match_index = 0,
                         .conflict_index = 4,
                         .conflict_term = 5,
                         .last_log_index = 8,
                         .context = 44},
      ClientRequest{.client_id = 99, .seq = 3, .op = OpType::kAppend, .key = "k", .value = "v\xff"},
      ClientReply{.client_id = 99,
                  .seq = 3,
                  .status = ReplyStatus::kNotLeader,
                  .found = true,
                  .value = "x",
                  .leader_hint = 3,
                  .error = "not the leader"},
      ReadIndexRequest{.term = 4, .context = 17},
      ReadIndexReply{.term = 4, .context = 17, .ok = true, .index = 23},
      ClientRequest{.client_id = 12, .seq = 0, .op = OpType::kRegister, .key = "", .value = ""},
      ClientRequest{.client_id = 40, .seq = 9, .op = OpType::kIncrement, .key = "n", .value = "-5"},
      ClientReply{.client_id = 40, .seq = 9, .status = ReplyStatus::kSessionExpired, .error = "expired"},
  };
}

TEST(Codec, SamplesCoverEveryMessageType) {
  std::vector<bool> seen(std::variant_size_v<Message>);
  for (const Message& m : samples()) seen[m.index()] = true;
  for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_TRUE(seen[i]) << "no sample of alternative " << i;
}

TEST(Codec, JsonRoundTripsEveryMessageType) {
  for (const Message& m : samples()) {
    EXPECT_EQ(message_from_json(message_to_json(m)), m) << message_name(m);
  }
}

TEST(Codec, BinaryRoundTripsEveryMessageType) {
  for (const Message& m : samples()) {
    EXPECT_EQ(decode_message(encode_message(m)), m) << message_name(m);
  }
}

TEST(Codec, JsonNamesTheType) {
  EXPECT_EQ(message_to_json(samples()[2])["type"], "AppendEntries");
  EXPECT_EQ(message_to_json(samples()[4])["op"], "append");
}

TEST(Codec, RejectsGarbage) {
  EXPECT_THROW(decode_message(""), DecodeError);
  EXPECT_THROW(decode_message("\xc1\xc1\xc1"), DecodeError);
  EXPECT_THROW(decode_message(std::string(1000, 'x')), DecodeError);
}

TEST(Codec, RejectsUnknownTypesAndMissingFields) {
  using nlohmann::json;
  EXPECT_THROW(message_from_json(json{{"type", "Gossip"}}), DecodeError);
  EXPECT_THROW(message_from_json(json::array()), DecodeError);
  json vote = message_to_json(samples()[0]);
  vote.erase("term");
  EXPECT_THROW(message_from_json(vote), DecodeError);
  json wrong = message_to_json(samples()[0]);
  wrong["term"] = "three";
  EXPECT_THROW(message_from_json(wrong), DecodeError);
  json bad_op = message_to_json(samples()[4]);
  bad_op["op"] = "multiply";
  EXPECT_THROW(message_from_json(bad_op), DecodeError);
}

TEST(Codec, TruncatedBinaryIsRejected) {
  std::string bytes = encode_message(samples()[2]);
  for (std::size_t cut = 0; cut < bytes.size(); cut += 7) {
    EXPECT_THROW(decode_message(std::string_view(bytes).substr(0, cut)), DecodeError) << cut;
  }
}

TEST(Codec, WireSizeEstimateIsClose) {
  for (const Message& m : samples()) {
    const double actual = static_cast<double>(encode_message(m).size());
    const double estimate = static_cast<double>(approximate_wire_size(m));
    EXPECT_GT(estimate, actual * 0.5) << message_name(m);
    EXPECT_LT(estimate, actual * 2.0) << message_name(m);
  }
}

TEST(MessageHash, DistinguishesFieldsAndTypes) {
  auto hash = [](const Message& m) {
    Hasher h;
    hash_message(h, m);
    return h.value();
  };
  auto all = samples();
  for (std::size_t i = 0; i < all.size(); ++i) {
    for (std::size_t j = i + 1; j < all.size(); ++j) EXPECT_NE(hash(all[i]), hash(all[j]));
  }
  auto changed = std::get<AppendEntries>(all[2]);
  changed.entries[1].data = "a";
  EXPECT_NE(hash(changed), hash(all[2]));
  EXPECT_EQ(hash(all[2]), hash(samples()[2]));
}

}  // namespace
}  // namespace store
