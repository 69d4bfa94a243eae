// Bad input on a running node's port: garbage, oversized and truncated
// frames, bodies that are not MessagePack, unknown kinds and message types,
// wrong handshakes. Each must close that one connection with a logged reason,
// and the node must keep serving.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "protocol/codec.h"
#include "runtime/frame.h"
#include "runtime/wire.h"
#include "support/live_cluster.h"

namespace store::runtime::testing {
namespace {

// A raw TCP connection that writes exactly the bytes a test gives it.
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~RawConnection() { ::close(fd_); }
  bool connected() const { return connected_; }

  void write(const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
      if (n <= 0) return;  // the node may close before reading everything: that is fine
      done += static_cast<std::size_t>(n);
    }
  }
  // Tells the node we will send nothing more (it then sees the end of the stream).
  void finish_writing() { ::shutdown(fd_, SHUT_WR); }
  // Reads until the node closes the connection (true) or the timeout passes (false).
  bool closed_by_node(int timeout_ms, std::string* received = nullptr) {
    char buffer[4096];
    for (;;) {
      pollfd p{.fd = fd_, .events = POLLIN, .revents = 0};
      if (::poll(&p, 1, timeout_ms) <= 0) return false;
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) return true;
      if (received != nullptr) received->append(buffer, static_cast<std::size_t>(n));
    }
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

std::string frame_of(const Payload& payload) { return encode_frame(payload, 1u << 24); }

std::string raw_frame(const std::string& payload) {
  std::string out;
  append_frame(out, payload, 1u << 30);
  return out;
}

std::string msgpack(const nlohmann::json& j) {
  const auto bytes = nlohmann::json::to_msgpack(j);
  return {bytes.begin(), bytes.end()};
}

class MalformedFrames : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_.start_all();
    ASSERT_NE(cluster_.wait_for_leader(10 * kSecond), kNoNode) << cluster_.all_logs();
    port_ = cluster_.peers().at(1).port;
  }

  std::string client_hello() {
    return frame_of(Hello{.cluster = cluster_.cluster_id(), .kind = EndpointKind::kClient});
  }

  // Sends `bytes` on a fresh connection, expects the node to close it, and
  // then that the node still answers a client.
  void expect_closed_and_still_serving(const std::string& what, const std::string& bytes, bool half_close = false) {
    SCOPED_TRACE(what);
    {
      RawConnection raw(port_);
      ASSERT_TRUE(raw.connected());
      raw.write(bytes);
      if (half_close) raw.finish_writing();
      EXPECT_TRUE(raw.closed_by_node(3000)) << "the node kept a connection open after " << what;
    }
    expect_serving();
  }

  void expect_serving() {
    ASSERT_TRUE(cluster_.running(1)) << "the node died\n" << cluster_.all_logs();
    TestClient client(cluster_.peers(), cluster_.cluster_id(), ++client_id_);
    const std::string value = "v" + std::to_string(client_id_);
    ASSERT_EQ(client.put("alive", value).outcome, ClerkResult::Outcome::kOk) << cluster_.all_logs();
    EXPECT_EQ(client.get("alive").value, value);
  }

  int count_in_log(const std::string& text) {
    const std::string log = cluster_.log_text(1);
    int count = 0;
    for (std::size_t at = log.find(text); at != std::string::npos; at = log.find(text, at + 1)) ++count;
    return count;
  }

  LiveCluster cluster_{LiveClusterOptions{.nodes = 1}};
  std::uint16_t port_ = 0;
  std::uint64_t client_id_ = 0;
};

TEST_F(MalformedFrames, GarbageOversizedAndEmptyFramesCloseOnlyThatConnection) {
  expect_closed_and_still_serving("an HTTP request", "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  expect_closed_and_still_serving("a 2 GB length", std::string("\x7f\xff\xff\xff", 4) + "abc");
  expect_closed_and_still_serving("a frame just over the client limit", raw_frame(std::string((1u << 20) + 1, 'x')));
  expect_closed_and_still_serving("an empty frame", std::string(4, '\0'));
  EXPECT_GE(count_in_log("malformed frame"), 4) << cluster_.log_text(1);
}

TEST_F(MalformedFrames, BadPayloadsCloseTheConnectionWithAReason) {
  expect_closed_and_still_serving("an unknown frame kind", raw_frame("\x2a" + msgpack({{"a", 1}})));
  expect_closed_and_still_serving("a Message before Hello",
                                  frame_of(Message(ClientRequest{.op = OpType::kGet, .key = "k"})));
  expect_closed_and_still_serving("a body that is not MessagePack", client_hello() + raw_frame("\x04garbage"));
  expect_closed_and_still_serving("an unknown message type",
                                  client_hello() + raw_frame("\x04" + msgpack({{"type", "Snapshot"}, {"term", 1}})));
  expect_closed_and_still_serving("a ClientRequest missing fields",
                                  client_hello() + raw_frame("\x04" + msgpack({{"type", "ClientRequest"}})));
  // A million nested arrays: a recursive parser would overflow its stack.
  expect_closed_and_still_serving("a nesting bomb",
                                  client_hello() + raw_frame("\x04" + std::string(1'000'000, '\x91') + "\x01"));
  expect_closed_and_still_serving("a Raft message from a client",
                                  client_hello() + frame_of(Message(AppendEntries{.term = 99, .leader = 1})));
  EXPECT_GE(count_in_log("malformed payload"), 5) << cluster_.log_text(1);
  // The node ignored the fake AppendEntries of term 99.
  const auto status = cluster_.status(1);
  ASSERT_TRUE(status.has_value());
  EXPECT_LT(status->status.term, 99u);
}

TEST_F(MalformedFrames, WrongHandshakesAreRefusedAndLogged) {
  {
    RawConnection raw(port_);
    raw.write(frame_of(Hello{.cluster = "another-cluster", .kind = EndpointKind::kPeer, .node = 2}));
    std::string received;
    EXPECT_TRUE(raw.closed_by_node(3000, &received));
    FrameDecoder decoder(1u << 20);
    decoder.feed(received);
    const auto payload = decoder.next();
    ASSERT_TRUE(payload.has_value()) << "no Refused frame";
    const Payload refused = decode_payload(*payload);
    ASSERT_TRUE(std::holds_alternative<Refused>(refused));
    EXPECT_NE(std::get<Refused>(refused).reason.find("wrong cluster"), std::string::npos);
  }
  expect_closed_and_still_serving(
      "a peer id outside the cluster",
      frame_of(Hello{.cluster = cluster_.cluster_id(), .kind = EndpointKind::kPeer, .node = 9}));
  expect_closed_and_still_serving("another protocol version",
                                  frame_of(Hello{.version = 99, .cluster = cluster_.cluster_id()}));
  EXPECT_GE(count_in_log("refused"), 3) << cluster_.log_text(1);
  EXPECT_NE(cluster_.log_text(1).find("another-cluster"), std::string::npos);
}

TEST_F(MalformedFrames, TruncatedFramesDoNotStallOtherClients) {
  // Half a frame, then the sender goes away.
  expect_closed_and_still_serving("a truncated frame", client_hello() + raw_frame(std::string(100, 'x')).substr(0, 30),
                                  /*half_close=*/true);
  // Half a frame, and the sender stays: other clients are served meanwhile.
  RawConnection stuck(port_);
  stuck.write(client_hello() + raw_frame("\x04" + std::string(5000, 'y')).substr(0, 2000));
  expect_serving();
  expect_serving();
}

}  // namespace
}  // namespace store::runtime::testing
