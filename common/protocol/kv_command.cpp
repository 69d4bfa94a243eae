#include "protocol/kv_command.h"

#include "protocol/codec.h"

namespace store {

// A compact binary layout: op (1 byte), then fixed-width integers and
// length-prefixed strings. Entries are stored and sent many times over, so
// the format stays small and cheap to decode.
namespace {

constexpr std::uint8_t kFormatVersion = 1;

void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

void put_string(std::string& out, std::string_view s) {
  put_u64(out, s.size());
  out.append(s);
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  std::uint8_t byte() {
    need(1);
    return static_cast<std::uint8_t>(data_[pos_++]);
  }
  std::uint64_t u64() {
    need(8);
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(data_[pos_ + i])) << (8 * i);
    pos_ += 8;
    return v;
  }
  std::string string() {
    const std::uint64_t size = u64();
    need(size);
    std::string s(data_.substr(pos_, size));
    pos_ += size;
    return s;
  }
  void expect_end() const {
    if (pos_ != data_.size()) throw DecodeError("kv command: trailing bytes");
  }

 private:
  void need(std::uint64_t n) const {
    if (n > data_.size() - pos_) throw DecodeError("kv command: truncated");
  }
  std::string_view data_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string encode_command(const KvCommand& command) {
  std::string out;
  out.reserve(48 + command.key.size() + command.value.size());
  out.push_back(static_cast<char>(kFormatVersion));
  out.push_back(static_cast<char>(command.op));
  put_string(out, command.key);
  put_string(out, command.value);
  put_u64(out, command.client_id);
  put_u64(out, command.seq);
  put_u64(out, static_cast<std::uint64_t>(command.leader_time));
  return out;
}

KvCommand decode_command(std::string_view data) {
  Reader in(data);
  if (in.byte() != kFormatVersion) throw DecodeError("kv command: unknown format version");
  KvCommand command;
  const std::uint8_t op = in.byte();
  if (op > static_cast<std::uint8_t>(OpType::kRegister)) throw DecodeError("kv command: unknown op");
  command.op = static_cast<OpType>(op);
  command.key = in.string();
  command.value = in.string();
  command.client_id = in.u64();
  command.seq = in.u64();
  command.leader_time = static_cast<Micros>(in.u64());
  in.expect_end();
  return command;
}

}  // namespace store
