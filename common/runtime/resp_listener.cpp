#include "runtime/resp_listener.h"

#include <algorithm>
#include <array>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <asio/write.hpp>
#include <cctype>
#include <deque>

#include "runtime/resp.h"

namespace store::runtime {

namespace {

constexpr Micros kAnswerTimeout = 5 * kSecond;
constexpr std::size_t kMaxQueuedCommands = 1024;  // a pipeline beyond this waits before more is read

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
  return text;
}

}  // namespace

class RespListener::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(RespListener& owner, asio::ip::tcp::socket socket, NodeId endpoint)
      : owner_(owner), socket_(std::move(socket)), timer_(owner.io_), endpoint_(endpoint) {
    client_id_ = (static_cast<std::uint64_t>(0x7e5) << 48) | static_cast<std::uint64_t>(endpoint);
  }

  void start() { read(); }

  void close() {
    if (closed_) return;
    closed_ = true;
    asio::error_code ignored;
    timer_.cancel();
    socket_.close(ignored);
    owner_.sessions_.erase(endpoint_);  // may destroy this; callers hold a shared_ptr
  }

  void on_reply(const ClientReply& reply) {
    if (!current_ || reply.seq != seq_) return;  // an answer to a request given up on
    timer_.cancel();
    Current& c = *current_;
    switch (reply.status) {
      case ReplyStatus::kOk:
        if (c.verb == "GET") {
          finish(reply.found ? resp::bulk(reply.value) : resp::null_bulk());
        } else if (c.verb == "SET") {
          finish(resp::simple("OK"));
        } else {  // DEL: the next key, or the count
          if (++c.next_key < c.args.size()) {
            // Outside the node's step that answered the last one, like the next command.
            auto self = shared_from_this();
            asio::post(owner_.io_, [this, self] {
              if (!closed_ && current_) send_request(OpType::kDelete, current_->args[current_->next_key], "");
            });
          } else {
            // The store's delete does not say whether the key existed: the count is of keys given.
            finish(resp::integer(static_cast<std::int64_t>(c.args.size() - 1)));
          }
        }
        return;
      case ReplyStatus::kNotLeader: {
        const std::optional<HostPort> leader = owner_.hooks_.leader_resp_address();
        if (leader && reply.leader_hint != kNoNode) {
          finish(resp::error("MOVED " + std::to_string(resp::key_slot(c.args.size() > 1 ? c.args[1] : "")) + " " +
                             leader->text()));
        } else {
          finish(resp::error("CLUSTERDOWN no leader is known yet; try again"));
        }
        return;
      }
      case ReplyStatus::kRetry:
        finish(resp::error("TRYAGAIN leadership changed; the write may or may not have happened"));
        return;
      case ReplyStatus::kSessionExpired:
      case ReplyStatus::kBadRequest:
        finish(resp::error("ERR " + std::string(to_string(reply.status)) + ": " + reply.error));
        return;
    }
  }

 private:
  struct Current {
    std::vector<std::string> args;
    std::string verb;
    std::size_t next_key = 1;  // DEL: which key is being deleted
  };

  void read() {
    if (closed_ || reading_ || commands_.size() >= kMaxQueuedCommands) return;
    reading_ = true;
    auto self = shared_from_this();
    socket_.async_read_some(asio::buffer(chunk_), [this, self](asio::error_code error, std::size_t n) {
      reading_ = false;
      if (error || closed_) {
        close();
        return;
      }
      input_.append(chunk_.data(), n);
      try {
        while (auto command = resp::take_command(input_, owner_.max_request_bytes_)) {
          if (!command->empty()) commands_.push_back(std::move(*command));
        }
      } catch (const resp::ProtocolError& e) {
        write(resp::error(std::string("ERR Protocol error: ") + e.what()));
        close_after_write_ = true;
        return;
      }
      next();
      read();
    });
  }

  void next() {
    while (!current_ && !commands_.empty() && !closed_) {
      std::vector<std::string> args = std::move(commands_.front());
      commands_.pop_front();
      run(std::move(args));
    }
    read();
  }

  // Answers at once, or starts a request to the node (current_ set).
  void run(std::vector<std::string> args) {
    const std::string verb = upper(args[0]);
    const auto wrong_args = [&] { write(resp::error("ERR wrong number of arguments for '" + args[0] + "' command")); };
    if (verb == "GET" || verb == "SET" || verb == "DEL") {
      if ((verb == "GET" && args.size() != 2) || (verb == "DEL" && args.size() < 2)) return wrong_args();
      if (verb == "SET" && args.size() != 3) {
        if (args.size() < 3) return wrong_args();
        return write(resp::error("ERR SET options (EX, NX, ...) are not supported by this store"));
      }
      current_ = Current{.args = std::move(args), .verb = verb};
      const Current& c = *current_;
      if (verb == "GET") send_request(OpType::kGet, c.args[1], "");
      if (verb == "SET") send_request(OpType::kPut, c.args[1], c.args[2]);
      if (verb == "DEL") send_request(OpType::kDelete, c.args[1], "");
      return;
    }
    if (verb == "PING") {
      if (args.size() > 2) return wrong_args();
      return write(args.size() == 2 ? resp::bulk(args[1]) : resp::simple("PONG"));
    }
    if (verb == "ECHO") return args.size() == 2 ? write(resp::bulk(args[1])) : wrong_args();
    if (verb == "QUIT") {
      write(resp::simple("OK"));
      close_after_write_ = true;
      return;
    }
    if (verb == "SELECT") {
      return write(args.size() == 2 && args[1] == "0" ? resp::simple("OK")
                                                      : resp::error("ERR this store has one database, 0"));
    }
    // What clients ask on connecting: nothing to report, and that is no error.
    if (verb == "COMMAND" || (verb == "CONFIG" && args.size() >= 2 && upper(args[1]) == "GET")) {
      return write(resp::array({}));
    }
    if (verb == "CLIENT") return write(resp::simple("OK"));
    if (verb == "APPEND" || verb == "INCR" || verb == "INCRBY" || verb == "DECR") {
      return write(resp::error("ERR " + verb +
                               " is not safe to retry without client sessions, which this store does not have yet "
                               "(lab 5)"));
    }
    write(resp::error("ERR unknown command '" + args[0] + "' (this store speaks GET, SET, DEL, PING, ECHO, QUIT)"));
  }

  void send_request(OpType op, const std::string& key, const std::string& value) {
    ++seq_;
    auto self = shared_from_this();
    timer_.expires_after(std::chrono::microseconds(kAnswerTimeout));
    timer_.async_wait([this, self, seq = seq_](asio::error_code error) {
      if (error || closed_ || !current_ || seq != seq_) return;
      ++seq_;  // a late answer is not taken
      finish(resp::error("TIMEOUT no answer within 5 s; a write may or may not have happened"));
    });
    owner_.hooks_.submit(endpoint_,
                         ClientRequest{.client_id = client_id_, .seq = seq_, .op = op, .key = key, .value = value});
  }

  void finish(const std::string& answer) {
    current_.reset();
    write(answer);
    // The next command starts outside the node's step that answered this one.
    auto self = shared_from_this();
    asio::post(owner_.io_, [this, self] { next(); });
  }

  void write(std::string data) {
    if (closed_) return;
    output_.push_back(std::move(data));
    if (!writing_) write_next();
  }

  void write_next() {
    if (output_.empty()) {
      writing_ = false;
      if (close_after_write_) close();
      return;
    }
    writing_ = true;
    // Everything queued goes in one write.
    std::string batch;
    for (std::string& piece : output_) batch += piece;
    output_.clear();
    auto data = std::make_shared<std::string>(std::move(batch));
    auto self = shared_from_this();
    asio::async_write(socket_, asio::buffer(*data), [this, self, data](asio::error_code error, std::size_t) {
      if (error) {
        close();
        return;
      }
      write_next();
    });
  }

  RespListener& owner_;
  asio::ip::tcp::socket socket_;
  asio::steady_timer timer_;
  NodeId endpoint_;
  std::uint64_t client_id_ = 0;
  std::uint64_t seq_ = 0;
  std::array<char, 16384> chunk_{};
  std::string input_;
  std::deque<std::vector<std::string>> commands_;
  std::optional<Current> current_;
  std::deque<std::string> output_;
  bool reading_ = false;
  bool writing_ = false;
  bool closed_ = false;
  bool close_after_write_ = false;
};

RespListener::RespListener(asio::io_context& io, RespHooks hooks, const Logger& log, std::size_t max_request_bytes)
    : io_(io), hooks_(std::move(hooks)), log_(log), max_request_bytes_(max_request_bytes), acceptor_(io) {}

RespListener::~RespListener() { stop(); }

void RespListener::listen(const HostPort& address) {
  asio::ip::tcp::resolver resolver(io_);
  const auto endpoints = resolver.resolve(address.host, std::to_string(address.port));
  const asio::ip::tcp::endpoint endpoint = *endpoints.begin();
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::ip::tcp::acceptor::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen();
  accept_next();
}

int RespListener::port() const {
  asio::error_code error;
  const auto local = acceptor_.local_endpoint(error);
  return error ? 0 : local.port();
}

void RespListener::stop() {
  asio::error_code ignored;
  acceptor_.close(ignored);
  auto sessions = sessions_;  // close() erases
  for (auto& [id, session] : sessions) session->close();
}

void RespListener::deliver(NodeId endpoint, const ClientReply& reply) {
  auto it = sessions_.find(endpoint);
  if (it == sessions_.end()) return;
  auto session = it->second;  // alive while it answers
  session->on_reply(reply);
}

void RespListener::accept_next() {
  acceptor_.async_accept([this](asio::error_code error, asio::ip::tcp::socket socket) {
    if (error == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (!error) {
      asio::error_code ignored;
      socket.set_option(asio::ip::tcp::no_delay(true), ignored);
      const NodeId endpoint = hooks_.new_endpoint();
      auto session = std::make_shared<Session>(*this, std::move(socket), endpoint);
      sessions_[endpoint] = session;
      session->start();
    } else {
      log_.warn("RESP accept failed: " + error.message());
    }
    accept_next();
  });
}

}  // namespace store::runtime
