#include "runtime/connection.h"

#include <asio/write.hpp>

namespace store::runtime {

namespace {

// At most this many frames go to one write call: enough to amortise the
// system call, few enough that one slow batch does not hold everything.
constexpr std::size_t kFramesPerWrite = 256;

}  // namespace

Connection::Connection(asio::ip::tcp::socket socket, std::size_t max_frame, std::size_t max_queue_bytes,
                       std::string name)
    : socket_(std::move(socket)), decoder_(max_frame), max_queue_bytes_(max_queue_bytes), name_(std::move(name)) {
  asio::error_code ignored;
  socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
}

void Connection::start(FrameHandler on_frame, CloseHandler on_close) {
  on_frame_ = std::move(on_frame);
  on_close_ = std::move(on_close);
  read_more();
}

void Connection::read_more() {
  socket_.async_read_some(
      asio::buffer(read_buffer_), [self = shared_from_this()](asio::error_code error, std::size_t bytes) {
        if (self->closed_) return;
        if (error) {
          self->fail(error == asio::error::eof ? "closed by the other side" : "read failed: " + error.message());
          return;
        }
        self->decoder_.feed(std::string_view(self->read_buffer_.data(), bytes));
        try {
          while (!self->closed_) {
            const std::optional<std::string_view> payload = self->decoder_.next();
            if (!payload) break;
            self->on_frame_(*payload);
          }
        } catch (const FrameError& e) {
          self->fail(std::string("malformed frame: ") + e.what());
          return;
        }
        if (!self->closed_) self->read_more();
      });
}

bool Connection::send(std::string frame) {
  if (closed_ || close_when_flushed_) return false;
  if (queued_bytes_ + frame.size() > max_queue_bytes_ && queued_bytes_ > 0) return false;
  queued_bytes_ += frame.size();
  queue_.push_back(std::move(frame));
  if (!writing_) write_more();
  return true;
}

void Connection::write_more() {
  if (queue_.empty()) {
    if (close_when_flushed_) close();
    return;
  }
  writing_ = true;
  in_flight_.clear();
  while (!queue_.empty() && in_flight_.size() < kFramesPerWrite) {
    in_flight_.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  std::vector<asio::const_buffer> buffers;
  buffers.reserve(in_flight_.size());
  for (const std::string& frame : in_flight_) buffers.emplace_back(asio::buffer(frame));
  asio::async_write(socket_, buffers, [self = shared_from_this()](asio::error_code error, std::size_t) {
    self->writing_ = false;
    if (self->closed_) return;
    if (error) {
      self->fail("write failed: " + error.message());
      return;
    }
    for (const std::string& frame : self->in_flight_) self->queued_bytes_ -= frame.size();
    self->in_flight_.clear();
    self->write_more();
  });
}

void Connection::close() {
  if (closed_) return;
  closed_ = true;
  asio::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  queue_.clear();
  queued_bytes_ = 0;
}

void Connection::close_after_flush() {
  if (closed_) return;
  close_when_flushed_ = true;
  if (!writing_) write_more();
}

void Connection::fail(const std::string& reason) {
  if (closed_) return;
  close();
  if (on_close_) {
    // Move the handler out first: it may drop the owner's last reference.
    CloseHandler handler = std::move(on_close_);
    handler(reason);
  }
}

}  // namespace store::runtime
