#include "runtime/frame.h"

#include "runtime/bytes.h"

namespace store::runtime {

void append_frame(std::string& out, std::string_view payload, std::size_t max_payload) {
  if (payload.empty()) throw FrameError("a frame's payload must not be empty");
  if (payload.size() > max_payload) {
    throw FrameError("a payload of " + std::to_string(payload.size()) + " bytes exceeds the frame limit of " +
                     std::to_string(max_payload) + " bytes");
  }
  out.reserve(out.size() + kFrameHeaderBytes + payload.size());
  put_be32(out, static_cast<std::uint32_t>(payload.size()));
  out.append(payload);
}

void FrameDecoder::feed(std::string_view bytes) {
  // Drop what was already handed out before growing, so that the buffer
  // holds at most one partial frame plus what arrived with it.
  if (read_ > 0) {
    buffer_.erase(0, read_);
    read_ = 0;
  }
  buffer_.append(bytes);
}

std::optional<std::string_view> FrameDecoder::next() {
  const std::size_t available = buffer_.size() - read_;
  if (available < kFrameHeaderBytes) return std::nullopt;
  const std::uint32_t length = get_be32(buffer_, read_);
  if (length == 0) throw FrameError("a frame declared an empty payload");
  if (length > max_payload_) {
    throw FrameError("a frame declared " + std::to_string(length) + " bytes, over the limit of " +
                     std::to_string(max_payload_) + " bytes");
  }
  if (available < kFrameHeaderBytes + length) return std::nullopt;
  const std::string_view payload(buffer_.data() + read_ + kFrameHeaderBytes, length);
  read_ += kFrameHeaderBytes + length;
  return payload;
}

}  // namespace store::runtime
