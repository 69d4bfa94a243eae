// One TCP connection carrying frames (frame.h), on an Asio event loop.
//
// Reads are continuous; each complete frame goes to the frame handler. Writes
// are queued and go out in as few system calls as possible: while one write
// is in flight, later frames gather and leave together with the next.
//
// Lifetime: shared_ptr, kept alive by its pending operations. Handlers run on
// the loop's thread. The close handler runs once, only when the connection
// ends by itself (the other side closed, an I/O error, a malformed frame);
// a close() by the owner calls nothing back, since the owner knows.
#pragma once

#include <array>
#include <asio/ip/tcp.hpp>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/frame.h"

namespace store::runtime {

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  using FrameHandler = std::function<void(std::string_view payload)>;
  using CloseHandler = std::function<void(const std::string& reason)>;

  Connection(asio::ip::tcp::socket socket, std::size_t max_frame, std::size_t max_queue_bytes, std::string name);

  void start(FrameHandler on_frame, CloseHandler on_close);
  // Queues a complete frame (length prefix included). Returns false, and
  // drops it, when the connection is closed or its queue is full (a stalled
  // reader must not make us buffer without bound).
  bool send(std::string frame);
  // Closes at once; queued frames are dropped.
  void close();
  // Closes once the queued frames are written (for Refused).
  void close_after_flush();

  bool is_open() const { return !closed_; }
  void set_max_frame(std::size_t max_payload) { decoder_.set_max_payload(max_payload); }
  const std::string& name() const { return name_; }
  void set_name(std::string name) { name_ = std::move(name); }
  std::size_t queued_bytes() const { return queued_bytes_; }

 private:
  void read_more();
  void write_more();
  void fail(const std::string& reason);

  asio::ip::tcp::socket socket_;
  FrameDecoder decoder_;
  std::size_t max_queue_bytes_;
  std::string name_;
  FrameHandler on_frame_;
  CloseHandler on_close_;
  std::array<char, 64 * 1024> read_buffer_{};
  std::deque<std::string> queue_;
  std::vector<std::string> in_flight_;
  std::size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool closed_ = false;
  bool close_when_flushed_ = false;
};

}  // namespace store::runtime
