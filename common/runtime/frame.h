// Length-prefixed frames: how every TCP connection of the store (peers,
// clients, admin) splits its byte stream into payloads.
//
//   frame   = length payload
//   length  = 4 bytes, big-endian: the payload's size, 1 .. the connection's limit
//   payload = 1 byte kind (wire.h) + body
//
// The decoder never trusts the stream: a zero or oversized length is a
// FrameError as soon as the 4 length bytes are in, before any payload is
// buffered, so a peer cannot make us allocate more than the limit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace store::runtime {

inline constexpr std::size_t kFrameHeaderBytes = 4;

class FrameError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Appends one frame carrying `payload` to `out`. Throws FrameError when the
// payload is empty or longer than `max_payload`.
void append_frame(std::string& out, std::string_view payload, std::size_t max_payload);

class FrameDecoder {
 public:
  explicit FrameDecoder(std::size_t max_payload) : max_payload_(max_payload) {}

  // Adds bytes read from the connection.
  void feed(std::string_view bytes);
  // The next complete payload, or nothing until more bytes arrive. The view
  // stays valid until the next call of feed() or next(). Throws FrameError
  // on a zero or oversized length.
  std::optional<std::string_view> next();

  // Bytes received but not yet returned as a payload (a partial frame).
  std::size_t pending_bytes() const { return buffer_.size() - read_; }
  std::size_t max_payload() const { return max_payload_; }
  void set_max_payload(std::size_t max_payload) { max_payload_ = max_payload; }

 private:
  std::size_t max_payload_;
  std::string buffer_;
  std::size_t read_ = 0;  // bytes of buffer_ already returned
};

}  // namespace store::runtime
