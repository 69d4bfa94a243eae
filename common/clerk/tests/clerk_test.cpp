#include "clerk/clerk.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace store {
namespace {

// A transport whose time and timer the test moves by hand.
class ManualTransport : public ClerkTransport {
 public:
  Micros now() const override { return now_; }
  void send(NodeId to, Message message) override { sent.emplace_back(to, std::get<ClientRequest>(message)); }
  void set_timer(Micros delay) override { timer = delay < 0 ? -1 : now_ + delay; }

  // Moves time to the timer and fires it.
  void fire(Clerk& clerk) {
    ASSERT_GE(timer, 0) << "no timer armed";
    now_ = timer;
    timer = -1;
    clerk.on_timer();
  }

  Micros now_ = 1000;
  Micros timer = -1;
  std::vector<std::pair<NodeId, ClientRequest>> sent;
};

ClientReply reply_to(const ClientRequest& request, ReplyStatus status, NodeId hint = kNoNode) {
  return {.client_id = request.client_id, .seq = request.seq, .status = status, .leader_hint = hint};
}

struct ClerkTest : ::testing::Test {
  ManualTransport transport;
  history::HistoryRecorder recorder;
  Clerk clerk{transport, 1001, {1, 2, 3}, ClerkConfig{}, &recorder};
  std::vector<ClerkResult> results;
  Clerk::Done collect = [this](const ClerkResult& r) { results.push_back(r); };
};

TEST_F(ClerkTest, FollowsTheLeaderHint) {
  clerk.put("k", "v", collect);
  ASSERT_EQ(transport.sent.size(), 1u);
  EXPECT_EQ(transport.sent[0].first, 1);
  clerk.receive(1, reply_to(transport.sent[0].second, ReplyStatus::kNotLeader, 3));
  ASSERT_EQ(transport.sent.size(), 2u);
  EXPECT_EQ(transport.sent[1].first, 3);
  // The retry is the same operation: same client id and sequence number.
  EXPECT_EQ(transport.sent[1].second, transport.sent[0].second);
  transport.now_ += 500;
  clerk.receive(3, reply_to(transport.sent[1].second, ReplyStatus::kOk));
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].outcome, ClerkResult::Outcome::kOk);
  EXPECT_EQ(results[0].attempts, 2);
  EXPECT_EQ(results[0].latency, 500);
  EXPECT_EQ(clerk.leader_guess(), 3);
  EXPECT_FALSE(clerk.busy());
  ASSERT_EQ(recorder.history().records.size(), 1u);
  EXPECT_EQ(recorder.history().records[0].outcome, history::Outcome::kOk);
}

TEST_F(ClerkTest, TimeoutMovesToTheNextServer) {
  clerk.get("k", collect);
  transport.fire(clerk);
  ASSERT_EQ(transport.sent.size(), 2u);
  EXPECT_EQ(transport.sent[1].first, 2);
  ClientReply ok = reply_to(transport.sent[1].second, ReplyStatus::kOk);
  ok.found = true;
  ok.value = "x";
  clerk.receive(2, ok);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(results[0].found);
  EXPECT_EQ(results[0].value, "x");
  EXPECT_EQ(recorder.history().records[0].output, history::Output::found_value("x"));
}

TEST_F(ClerkTest, GetsGoToTheReadServerFirstAndWritesStillToTheLeader) {
  clerk.set_leader_guess(1);
  clerk.set_read_server(3);
  clerk.get("k", collect);
  ASSERT_EQ(transport.sent.size(), 1u);
  EXPECT_EQ(transport.sent[0].first, 3) << "the get tries its read server first";
  clerk.receive(3, reply_to(transport.sent[0].second, ReplyStatus::kOk));
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].answered_by, 3);
  EXPECT_EQ(clerk.leader_guess(), 1) << "a follower that served a read is not taken for the leader";
  clerk.put("k", "v", collect);
  EXPECT_EQ(transport.sent.back().first, 1) << "writes go to the presumed leader";
  clerk.receive(1, reply_to(transport.sent.back().second, ReplyStatus::kOk));

  // When the read server cannot serve, the get moves on to the leader.
  clerk.get("k", collect);
  EXPECT_EQ(transport.sent.back().first, 3);
  clerk.receive(3, reply_to(transport.sent.back().second, ReplyStatus::kNotLeader, 1));
  EXPECT_EQ(transport.sent.back().first, 1);
}

TEST_F(ClerkTest, PausesAfterAFullRoundWithoutALeader) {
  clerk.put("k", "v", collect);
  auto refuse = [&] {
    clerk.receive(transport.sent.back().first, reply_to(transport.sent.back().second, ReplyStatus::kNotLeader));
  };
  for (int i = 0; i < 2; ++i) refuse();
  EXPECT_EQ(transport.sent.size(), 3u);
  refuse();
  EXPECT_EQ(transport.sent.size(), 3u) << "a full round failed: the clerk must pause, not resend at once";
  transport.fire(clerk);
  EXPECT_EQ(transport.sent.size(), 4u);
}

TEST_F(ClerkTest, IgnoresRepliesToEarlierAttemptsAndOtherClients) {
  clerk.put("k", "v", collect);
  const ClientRequest first = transport.sent[0].second;
  ClientReply stale = reply_to(first, ReplyStatus::kOk);
  stale.seq = first.seq - 1;
  clerk.receive(1, stale);
  ClientReply other = reply_to(first, ReplyStatus::kOk);
  other.client_id = 999;
  clerk.receive(1, other);
  EXPECT_TRUE(results.empty());
  EXPECT_TRUE(clerk.busy());
}

TEST_F(ClerkTest, ADuplicatedRefusalStartsNoSecondChainOfAttempts) {
  clerk.put("k", "v", collect);
  const ClientReply refusal = reply_to(transport.sent[0].second, ReplyStatus::kNotLeader);
  clerk.receive(1, refusal);
  ASSERT_EQ(transport.sent.size(), 2u);
  clerk.receive(1, refusal);  // the network delivered it twice
  EXPECT_EQ(transport.sent.size(), 2u);
  // A late retry-reply from an earlier attempt still marks the put as
  // possibly run: giving it up must say unknown, not failed.
  clerk.receive(1, reply_to(transport.sent[0].second, ReplyStatus::kRetry));
  EXPECT_EQ(transport.sent.size(), 2u);
  clerk.receive(2, reply_to(transport.sent[1].second, ReplyStatus::kOk));
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].outcome, ClerkResult::Outcome::kOk);
}

TEST_F(ClerkTest, OneOperationAtATime) {
  clerk.put("k", "v", collect);
  EXPECT_THROW(clerk.get("k", collect), std::logic_error);
}

TEST_F(ClerkTest, SequenceNumbersGrowPerOperation) {
  clerk.put("a", "1", collect);
  clerk.receive(1, reply_to(transport.sent.back().second, ReplyStatus::kOk));
  clerk.put("b", "2", collect);
  EXPECT_EQ(transport.sent.back().second.seq, transport.sent.front().second.seq + 1);
}

TEST(ClerkGiveUp, UnknownWhenAServerMayHaveRunIt) {
  ManualTransport transport;
  history::HistoryRecorder recorder;
  Clerk clerk(transport, 7, {1}, ClerkConfig{.attempt_timeout = 100, .retry_pause = 10, .give_up_after = 300},
              &recorder);
  std::vector<ClerkResult> results;
  clerk.put("k", "v", [&](const ClerkResult& r) { results.push_back(r); });
  while (results.empty()) transport.fire(clerk);
  EXPECT_EQ(results[0].outcome, ClerkResult::Outcome::kUnknown);
  EXPECT_EQ(recorder.history().records[0].outcome, history::Outcome::kInfo);
}

TEST(ClerkGiveUp, FailedWhenEveryServerRefused) {
  ManualTransport transport;
  history::HistoryRecorder recorder;
  Clerk clerk(transport, 7, {1, 2}, ClerkConfig{.attempt_timeout = 100, .retry_pause = 50, .give_up_after = 120},
              &recorder);
  std::vector<ClerkResult> results;
  clerk.put("k", "v", [&](const ClerkResult& r) { results.push_back(r); });
  while (results.empty()) {
    const std::size_t sent_before = transport.sent.size();
    clerk.receive(transport.sent.back().first, reply_to(transport.sent.back().second, ReplyStatus::kNotLeader));
    // Every server answered at once; wait out only the pause after a round.
    if (results.empty() && transport.sent.size() == sent_before) transport.fire(clerk);
  }
  EXPECT_EQ(results[0].outcome, ClerkResult::Outcome::kFailed);
  EXPECT_EQ(recorder.history().records[0].outcome, history::Outcome::kFail);
}

// ---------------------------------------------------------------- sessions (lab 5)

struct ClerkSessionTest : ::testing::Test {
  ManualTransport transport;
  history::HistoryRecorder recorder;
  Clerk clerk{transport, 1001, {1, 2, 3}, ClerkConfig{.sessions = true}, &recorder};
  std::vector<ClerkResult> results;
  Clerk::Done collect = [this](const ClerkResult& r) { results.push_back(r); };

  ClientReply registered(const ClientRequest& request, std::uint64_t session) {
    ClientReply reply = reply_to(request, ReplyStatus::kOk);
    reply.found = true;
    reply.value = std::to_string(session);
    return reply;
  }
};

TEST_F(ClerkSessionTest, RegistersBeforeTheFirstWriteAndSendsItInTheSession) {
  clerk.append("k", "x", collect);
  ASSERT_EQ(transport.sent.size(), 1u);
  const ClientRequest reg = transport.sent[0].second;
  EXPECT_EQ(reg.op, OpType::kRegister);
  EXPECT_EQ(reg.client_id, 1001u);
  EXPECT_EQ(reg.seq, 0u);
  // A lost register is retried like anything else; it proves nothing ran.
  transport.fire(clerk);
  ASSERT_EQ(transport.sent.size(), 2u);
  EXPECT_EQ(transport.sent[1].second, reg);
  clerk.receive(2, registered(reg, 77));
  ASSERT_EQ(transport.sent.size(), 3u);
  const ClientRequest append = transport.sent[2].second;
  EXPECT_EQ(transport.sent[2].first, 2) << "the server that registered us leads";
  EXPECT_EQ(append.op, OpType::kAppend);
  EXPECT_EQ(append.client_id, 77u);
  clerk.receive(2, reply_to(append, ReplyStatus::kOk));
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].outcome, ClerkResult::Outcome::kOk);
  EXPECT_EQ(clerk.session(), 77u);

  // The next write goes straight into the session, with a higher seq.
  clerk.increment("n", -3, collect);
  ASSERT_EQ(transport.sent.size(), 4u);
  EXPECT_EQ(transport.sent[3].second.client_id, 77u);
  EXPECT_GT(transport.sent[3].second.seq, append.seq);
  EXPECT_EQ(transport.sent[3].second.value, "-3");
  ClientReply sum = reply_to(transport.sent[3].second, ReplyStatus::kOk);
  sum.value = "-3";
  clerk.receive(2, sum);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[1].value, "-3");
  EXPECT_EQ(recorder.history().records[1].op, history::Operation::increment("n", -3));
  EXPECT_EQ(recorder.history().records[1].output, history::Output::found_value("-3"));
  EXPECT_EQ(clerk.sessions_registered(), 1);
}

TEST_F(ClerkSessionTest, GetsNeedNoSession) {
  clerk.get("k", collect);
  ASSERT_EQ(transport.sent.size(), 1u);
  EXPECT_EQ(transport.sent[0].second.op, OpType::kGet);
  EXPECT_EQ(clerk.sessions_registered(), 0);
}

TEST_F(ClerkSessionTest, AnExpiredSessionIsReplacedWhenNothingCanHaveRun) {
  clerk.put("k", "v", collect);
  clerk.receive(1, registered(transport.sent[0].second, 5));
  clerk.receive(1, reply_to(transport.sent[1].second, ReplyStatus::kOk));
  clerk.put("k", "w", collect);
  const ClientRequest first = transport.sent[2].second;
  clerk.receive(1, reply_to(first, ReplyStatus::kSessionExpired));
  ASSERT_EQ(transport.sent.size(), 4u);
  EXPECT_EQ(transport.sent[3].second.op, OpType::kRegister) << "a new session, and the same put in it";
  clerk.receive(1, registered(transport.sent[3].second, 9));
  const ClientRequest again = transport.sent[4].second;
  EXPECT_EQ(again.client_id, 9u);
  EXPECT_EQ(again.seq, first.seq);
  EXPECT_EQ(again.value, "w");
  clerk.receive(1, reply_to(again, ReplyStatus::kOk));
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[1].outcome, ClerkResult::Outcome::kOk);
  EXPECT_EQ(clerk.sessions_registered(), 2);
}

TEST_F(ClerkSessionTest, AnExpiredSessionAfterALostReplyLeavesTheOutcomeUnknown) {
  clerk.append("k", "x", collect);
  clerk.receive(1, registered(transport.sent[0].second, 5));
  transport.fire(clerk);  // the append's reply is lost: it may have run
  const ClientRequest retry = transport.sent.back().second;
  clerk.receive(2, reply_to(retry, ReplyStatus::kSessionExpired));
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].outcome, ClerkResult::Outcome::kUnknown) << "running it again could run it twice";
  EXPECT_NE(results[0].error.find("session-expired"), std::string::npos);
  EXPECT_EQ(recorder.history().records[0].outcome, history::Outcome::kInfo);
  EXPECT_EQ(clerk.session(), 0u) << "the next write registers anew";
}

TEST_F(ClerkSessionTest, ALostRegisterIsNoReasonToCallTheWriteUnknown) {
  Clerk giving_up{transport, 1002, {1}, ClerkConfig{.give_up_after = 250 * kMillisecond, .sessions = true}, &recorder};
  giving_up.put("k", "v", collect);
  for (int i = 0; i < 10 && giving_up.busy(); ++i) transport.fire(giving_up);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].outcome, ClerkResult::Outcome::kFailed) << "only registers were sent";
}

TEST(Clerk, NeedsServers) {
  ManualTransport transport;
  EXPECT_THROW(Clerk(transport, 1, {}), std::invalid_argument);
}

}  // namespace
}  // namespace store
