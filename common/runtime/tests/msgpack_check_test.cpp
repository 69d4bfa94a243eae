#include "runtime/msgpack_check.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "protocol/codec.h"

namespace store::runtime {
namespace {

std::string packed(const nlohmann::json& j) {
  const auto bytes = nlohmann::json::to_msgpack(j);
  return {bytes.begin(), bytes.end()};
}

TEST(MsgpackCheck, AcceptsEveryMessageTheStoreSends) {
  const Message messages[] = {
      AppendEntries{.term = 3, .leader = 1, .entries = {LogEntry{.term = 3, .index = 1, .data = "x"}}},
      ClientRequest{.client_id = 1, .seq = 2, .op = OpType::kPut, .key = "k", .value = std::string(300, 'v')},
      ClientReply{.status = ReplyStatus::kNotLeader, .leader_hint = 2},
  };
  for (const Message& m : messages) EXPECT_NO_THROW(check_msgpack_shape(encode_message(m)));
}

TEST(MsgpackCheck, AcceptsScalarsOfEveryWidth) {
  const nlohmann::json j = {{"a", 1},
                            {"b", 300},
                            {"c", 70000},
                            {"d", 5000000000ULL},
                            {"e", -1},
                            {"f", -300},
                            {"g", 1.5},
                            {"h", nullptr},
                            {"i", true},
                            {"j", std::string(70000, 's')},
                            {"k", nlohmann::json::array({1, 2, 3})}};
  EXPECT_NO_THROW(check_msgpack_shape(packed(j)));
}

TEST(MsgpackCheck, RejectsDeepNestingWithoutRecursing) {
  // A million one-element arrays: nlohmann would recurse a million deep.
  std::string bytes(1'000'000, '\x91');
  bytes.push_back('\x01');
  EXPECT_THROW(check_msgpack_shape(bytes), DecodeError);
  std::string shallow(3, '\x91');
  shallow.push_back('\x01');
  EXPECT_NO_THROW(check_msgpack_shape(shallow));
}

TEST(MsgpackCheck, RejectsTruncatedAndTrailingBytes) {
  std::string bytes = packed({{"key", "value"}});
  EXPECT_THROW(check_msgpack_shape(bytes.substr(0, bytes.size() - 1)), DecodeError);
  EXPECT_THROW(check_msgpack_shape(bytes + "x"), DecodeError);
  EXPECT_THROW(check_msgpack_shape(""), DecodeError);
}

TEST(MsgpackCheck, RejectsImpossibleCounts) {
  // array32 claiming four billion values in five bytes.
  EXPECT_THROW(check_msgpack_shape(std::string("\xdd\xff\xff\xff\xff", 5)), DecodeError);
  // str32 claiming more bytes than there are.
  EXPECT_THROW(check_msgpack_shape(std::string("\xdb\x00\x10\x00\x00"
                                               "abc",
                                               8)),
               DecodeError);
  // 0xc1 is never used.
  EXPECT_THROW(check_msgpack_shape(std::string("\xc1", 1)), DecodeError);
}

}  // namespace
}  // namespace store::runtime
