// The values that cross the boundary come back as they went, and what an
// untrusted host might send instead (truncated, oversized, unknown) is a
// ProtocolError, never a crash or a huge allocation.
#include "sandbox/protocol/fields.h"

#include <gtest/gtest.h>

#include <new>

#include "core/todo.h"
#include "sandbox/protocol/rng_state.h"
#include "sandbox/protocol/step.h"

namespace store::sandbox {
namespace {

template <class T>
T round_trip(const T& value) {
  FieldWriter w;
  put(w, value);
  FieldReader r(w.bytes());
  T back{};
  get(r, back);
  EXPECT_TRUE(r.at_end());
  return back;
}

TEST(SandboxFields, EveryMessageTypeRoundTrips) {
  const std::vector<Message> messages = {
      RequestVote{.term = 7, .candidate = 3, .last_log_index = 10, .last_log_term = 6, .pre_vote = true},
      RequestVoteReply{.term = 7, .granted = true, .pre_vote = false},
      AppendEntries{.term = 9,
                    .leader = 2,
                    .prev_log_index = 4,
                    .prev_log_term = 3,
                    .entries = {{.term = 9, .index = 5, .type = EntryType::kNoop, .data = ""},
                                {.term = 9, .index = 6, .type = EntryType::kCommand, .data = std::string("a\0b", 3)}},
                    .leader_commit = 4,
                    .context = 77},
      AppendEntriesReply{.term = 9,
                         .success = false,
                         .match_index = 0,
                         .conflict_index = 3,
                         .conflict_term = 2,
                         .last_log_index = 8,
                         .context = 77},
      ClientRequest{.client_id = 1001, .seq = 5, .op = OpType::kPut, .key = "k", .value = "v"},
      // Lab 5's operations: an increment in a session, and the registration that opens one.
      ClientRequest{.client_id = 17, .seq = 6, .op = OpType::kIncrement, .key = "n", .value = "-3"},
      ClientRequest{.client_id = 1001, .seq = 0, .op = OpType::kRegister},
      ClientReply{.client_id = 1001, .seq = 0, .status = ReplyStatus::kOk, .value = "17"},
      ClientReply{.client_id = 17, .seq = 7, .status = ReplyStatus::kSessionExpired, .error = "expired"},
      ClientReply{.client_id = 1001, .seq = 5, .status = ReplyStatus::kNotLeader, .leader_hint = 3, .error = "no"},
      ReadIndexRequest{.term = 4, .context = 9},
      ReadIndexReply{.term = 4, .context = 9, .ok = true, .index = 12},
      // Lab 6's replicas: a tombstone write, its acknowledgement, a read and a reply with a value.
      QuorumWrite{.context = 3, .key = "k", .version = {.timestamp = 1'000'007, .writer = 2}, .found = false},
      QuorumWriteReply{.context = 3, .key = "k"},
      QuorumRead{.context = 4, .key = "k"},
      QuorumReadReply{
          .context = 4, .key = "k", .version = {.timestamp = 9, .writer = 5}, .found = true, .value = "v"},
  };
  for (const Message& m : messages) EXPECT_EQ(round_trip(m), m) << m.index();
}

TEST(SandboxFields, TheApiTypesRoundTrip) {
  const LogEntry entry{.term = 3, .index = 9, .type = EntryType::kCommand, .data = "put x 1"};
  EXPECT_EQ(round_trip(entry), entry);
  const HardState state{.term = 12, .voted_for = 4};
  EXPECT_EQ(round_trip(state), state);
  const NodeStatus node{.term = 5, .role = Role::kLeader, .leader_hint = 2, .commit_index = 7, .last_log_index = 9,
                        .applied_index = 6, .sessions = 3, .session_bytes = 4096};
  EXPECT_EQ(round_trip(node), node);
  const RaftStatus raft{.term = 5, .role = Role::kCandidate, .leader_hint = 0, .commit_index = 1, .last_log_index = 2};
  EXPECT_EQ(round_trip(raft), raft);
  const Proposal proposal{.accepted = true, .index = 4, .term = 2, .leader_hint = 1};
  const Proposal p = round_trip(proposal);
  EXPECT_EQ(p.accepted, proposal.accepted);
  EXPECT_EQ(p.index, proposal.index);
  EXPECT_EQ(p.term, proposal.term);
  EXPECT_EQ(p.leader_hint, proposal.leader_hint);
  ServerConfig config;
  config.raft.election_timeout_min = 123;
  config.raft.max_entries_per_message = 17;
  config.read_path = ReadPath::kLease;
  config.raft.clock_drift_bound = 0.0375;
  config.raft.lease_margin = 3 * kMillisecond;
  config.sessions = true;
  config.session_timeout = 7 * kSecond;
  const ServerConfig c = round_trip(config);
  EXPECT_EQ(c.raft.election_timeout_min, 123);
  EXPECT_EQ(c.raft.election_timeout_max, RaftConfig{}.election_timeout_max);
  EXPECT_EQ(c.raft.max_entries_per_message, 17u);
  EXPECT_EQ(c.read_path, ReadPath::kLease);
  EXPECT_EQ(c.raft.clock_drift_bound, 0.0375);
  EXPECT_EQ(c.raft.lease_margin, 3 * kMillisecond);
  EXPECT_TRUE(c.sessions);
  EXPECT_EQ(c.session_timeout, 7 * kSecond);

  // Lab 6's settings, each away from its default so that a field left behind shows.
  const QuorumConfig quorum{.n = 5,
                            .w = 4,
                            .r = 1,
                            .allow_stale_reads = true,
                            .write_back = false,
                            .read_repair = true,
                            .read_before_write = true,
                            .resend_after = 7 * kMillisecond,
                            .give_up_after = 3 * kSecond};
  const QuorumConfig q = round_trip(quorum);
  EXPECT_EQ(q.n, 5);
  EXPECT_EQ(q.w, 4);
  EXPECT_EQ(q.r, 1);
  EXPECT_TRUE(q.allow_stale_reads);
  EXPECT_FALSE(q.write_back);
  EXPECT_TRUE(q.read_repair);
  EXPECT_TRUE(q.read_before_write);
  EXPECT_EQ(q.resend_after, 7 * kMillisecond);
  EXPECT_EQ(q.give_up_after, 3 * kSecond);
}

TEST(SandboxFields, WhatDoesNotDecodeIsAProtocolError) {
  FieldWriter w;
  put(w, Message{AppendEntries{.term = 1, .entries = {{.term = 1, .index = 1, .data = "x"}}}});
  const std::string whole = w.bytes();
  for (std::size_t cut = 0; cut < whole.size(); ++cut) {
    FieldReader r(std::string_view(whole).substr(0, cut));
    Message m;
    EXPECT_THROW(get(r, m), ProtocolError) << cut;
  }
  FieldReader unknown("\x07");
  Message m;
  EXPECT_THROW(get(unknown, m), ProtocolError);
  // A count no frame could hold is refused before anything is reserved for it.
  FieldWriter forged;
  forged.u32(0xffffffff);
  FieldReader r(forged.bytes());
  std::vector<LogEntry> entries;
  EXPECT_THROW(get(r, entries), ProtocolError);
  FieldReader not_bool("\x02");
  EXPECT_THROW(not_bool.boolean("a flag"), ProtocolError);
  FieldReader trailing("\x01\x02");
  trailing.u8("a byte");
  EXPECT_THROW(trailing.expect_end("the answer"), ProtocolError);
}

TEST(SandboxRng, TheGeneratorMovesOnToWhereTheHostsCopyEnded) {
  Rng simulator(42);
  Rng host = simulator;
  for (int i = 0; i < 17; ++i) host.next();
  ASSERT_TRUE(advance_to(simulator, state_of(host)));
  EXPECT_EQ(state_of(simulator), state_of(host));
  EXPECT_EQ(simulator.next(), host.next());
  // A state no number of draws reaches (within the bound) is refused, and changes nothing.
  const RngState before = state_of(simulator);
  EXPECT_FALSE(advance_to(simulator, state_of(Rng(7)), 1000));
  EXPECT_EQ(state_of(simulator), before);
  Rng copy(1);
  set_state(copy, before);
  EXPECT_EQ(state_of(copy), before);
}

Failure through_the_wire(const Failure& failure) {
  FieldWriter w;
  put_failure(w, failure);
  FieldReader r(w.bytes());
  return get_failure(r, r.u8("kind"));
}

TEST(SandboxFailures, ExceptionsComeBackAsTheGraderWouldWordThem) {
  auto caught = [](auto&& thrower) {
    try {
      thrower();
    } catch (...) {
      return through_the_wire(describe_current_exception());
    }
    return Failure{};
  };
  const Failure todo = caught([] { throw TodoReached(1, "TODO(lab1) reached in x"); });
  EXPECT_THROW(
      {
        try {
          rethrow(todo);
        } catch (const TodoReached& e) {
          EXPECT_EQ(e.lab(), 1);
          EXPECT_STREQ(e.what(), "TODO(lab1) reached in x");
          throw;
        }
      },
      TodoReached);
  EXPECT_THROW(rethrow(caught([] { throw std::bad_alloc(); })), std::bad_alloc);
  try {
    rethrow(caught([] { throw std::logic_error("a bug"); }));
    ADD_FAILURE();
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "a bug");
  }
  // Lab 6's grader tells a refused configuration by this type.
  try {
    rethrow(caught([] { throw std::invalid_argument("W + R <= N"); }));
    ADD_FAILURE();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "W + R <= N");
  }
  bool foreign = false;
  try {
    rethrow(caught([] { throw 42; }));
  } catch (const std::exception&) {
  } catch (...) {
    foreign = true;
  }
  EXPECT_TRUE(foreign) << "not a std::exception on this side either";
  const Failure long_text = caught([] { throw std::runtime_error(std::string(1 << 20, 'x')); });
  EXPECT_EQ(long_text.what.size(), kMaxFailureText);
  FieldReader bad_kind("\x09");
  EXPECT_THROW(get_failure(bad_kind, 9), ProtocolError);
}

}  // namespace
}  // namespace store::sandbox
