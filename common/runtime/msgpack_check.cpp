#include "runtime/msgpack_check.h"

#include <cstdint>
#include <string>
#include <vector>

#include "protocol/codec.h"

namespace store::runtime {

namespace {

std::uint64_t read_be(std::string_view bytes, std::size_t at, int width) {
  std::uint64_t value = 0;
  for (int i = 0; i < width; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

class Walker {
 public:
  Walker(std::string_view bytes, int max_depth) : bytes_(bytes), max_depth_(max_depth) {}

  void run() {
    // Each stack element counts the values its container still holds.
    std::vector<std::uint64_t> stack{1};
    while (!stack.empty()) {
      if (stack.back() == 0) {
        stack.pop_back();
        continue;
      }
      --stack.back();
      const std::uint64_t children = value();
      if (children > 0) {
        if (static_cast<int>(stack.size()) >= max_depth_) {
          fail("containers nest deeper than " + std::to_string(max_depth_));
        }
        // Every value takes at least one byte: a larger count cannot be true.
        if (children > bytes_.size() - at_) fail("a container declares more values than there are bytes");
        stack.push_back(children);
      }
    }
    if (at_ != bytes_.size()) fail(std::to_string(bytes_.size() - at_) + " bytes follow the value");
  }

 private:
  [[noreturn]] void fail(const std::string& reason) const {
    throw DecodeError("not a well-formed MessagePack value at byte " + std::to_string(at_) + ": " + reason);
  }

  void need(std::uint64_t count) const {
    if (count > bytes_.size() - at_) fail("the input ends inside a value");
  }
  std::uint64_t take(int width) {
    need(static_cast<std::uint64_t>(width));
    const std::uint64_t v = read_be(bytes_, at_, width);
    at_ += static_cast<std::size_t>(width);
    return v;
  }
  void skip(std::uint64_t count) {
    need(count);
    at_ += static_cast<std::size_t>(count);
  }

  // Consumes one value's own bytes; returns how many child values follow.
  std::uint64_t value() {
    const auto type = static_cast<std::uint8_t>(take(1));
    if (type <= 0x7f || type >= 0xe0) return 0;                // fixints
    if (type <= 0x8f) return 2 * std::uint64_t{type & 0x0fu};  // fixmap
    if (type <= 0x9f) return type & 0x0fu;                     // fixarray
    if (type <= 0xbf) {                                        // fixstr
      skip(type & 0x1fu);
      return 0;
    }
    switch (type) {
      case 0xc0:
      case 0xc2:
      case 0xc3: return 0;                 // nil, false, true
      case 0xc4: skip(take(1)); return 0;  // bin
      case 0xc5: skip(take(2)); return 0;
      case 0xc6: skip(take(4)); return 0;
      case 0xc7: skip(take(1) + 1); return 0;  // ext: length, type, data
      case 0xc8: skip(take(2) + 1); return 0;
      case 0xc9: skip(take(4) + 1); return 0;
      case 0xca: skip(4); return 0;  // float32
      case 0xcb: skip(8); return 0;  // float64
      case 0xcc:
      case 0xd0: skip(1); return 0;
      case 0xcd:
      case 0xd1: skip(2); return 0;
      case 0xce:
      case 0xd2: skip(4); return 0;
      case 0xcf:
      case 0xd3: skip(8); return 0;
      case 0xd4: skip(2); return 0;  // fixext: type + 1, 2, 4, 8, 16 bytes
      case 0xd5: skip(3); return 0;
      case 0xd6: skip(5); return 0;
      case 0xd7: skip(9); return 0;
      case 0xd8: skip(17); return 0;
      case 0xd9: skip(take(1)); return 0;  // str
      case 0xda: skip(take(2)); return 0;
      case 0xdb: skip(take(4)); return 0;
      case 0xdc: return take(2);  // array
      case 0xdd: return take(4);
      case 0xde: return 2 * take(2);  // map
      case 0xdf: return 2 * take(4);
      default: --at_; fail("byte 0xc1 is never used");
    }
  }

  std::string_view bytes_;
  int max_depth_;
  std::size_t at_ = 0;
};

}  // namespace

void check_msgpack_shape(std::string_view bytes, int max_depth) {
  if (bytes.empty()) throw DecodeError("not a well-formed MessagePack value: no bytes");
  Walker(bytes, max_depth).run();
}

}  // namespace store::runtime
