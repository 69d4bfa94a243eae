#include "protocol/kv_command.h"

#include <gtest/gtest.h>

#include "protocol/codec.h"

namespace store {
namespace {

TEST(KvCommand, RoundTripsEveryOp) {
  for (OpType op : {OpType::kGet, OpType::kPut, OpType::kDelete, OpType::kAppend, OpType::kIncrement,
                    OpType::kRegister}) {
    KvCommand command{.op = op,
                      .key = "key",
                      .value = std::string("v\0al", 4),
                      .client_id = 77,
                      .seq = 12,
                      .leader_time = 123456789};
    EXPECT_EQ(decode_command(encode_command(command)), command);
  }
}

TEST(KvCommand, EmptyAndLargeFields) {
  KvCommand empty;
  EXPECT_EQ(decode_command(encode_command(empty)), empty);
  KvCommand large{.op = OpType::kPut, .key = std::string(1000, 'k'), .value = std::string(100000, 'v')};
  EXPECT_EQ(decode_command(encode_command(large)), large);
}

TEST(KvCommand, RejectsMalformedData) {
  const std::string good = encode_command({.op = OpType::kPut, .key = "k", .value = "v"});
  for (std::size_t cut = 0; cut < good.size(); ++cut) {
    EXPECT_THROW(decode_command(good.substr(0, cut)), DecodeError) << cut;
  }
  EXPECT_THROW(decode_command(good + "x"), DecodeError);
  std::string bad_op = good;
  bad_op[1] = 6;  // one past kRegister
  EXPECT_THROW(decode_command(bad_op), DecodeError);
  std::string bad_version = good;
  bad_version[0] = 7;
  EXPECT_THROW(decode_command(bad_version), DecodeError);
  // A length prefix far beyond the data must not allocate or read past it.
  std::string huge = good;
  huge[2] = '\xff';
  huge[9] = '\x7f';
  EXPECT_THROW(decode_command(huge), DecodeError);
}

}  // namespace
}  // namespace store
