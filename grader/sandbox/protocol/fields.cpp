#include "sandbox/protocol/fields.h"

#include <cstring>
#include <type_traits>
#include <variant>

#include "protocol/codec.h"
#include "runtime/bytes.h"
#include "sandbox/protocol/field_count.h"

namespace store::sandbox {

// A new field in one of these types must be carried across below, or the
// sandboxed mode would silently run with its default. (Messages need no
// check: they cross through the project's codec, which knows every field.)
static_assert(field_count<LogEntry>() == 4, "LogEntry changed: carry the new field in grader/sandbox/protocol/fields.cpp");
static_assert(field_count<HardState>() == 2, "HardState changed: carry the new field in grader/sandbox/protocol/fields.cpp");
static_assert(field_count<NodeStatus>() == 8, "NodeStatus changed: carry the new field in grader/sandbox/protocol/fields.cpp");
static_assert(field_count<RaftStatus>() == 5, "RaftStatus changed: carry the new field in grader/sandbox/protocol/fields.cpp");
static_assert(field_count<Proposal>() == 4, "Proposal changed: carry the new field in grader/sandbox/protocol/fields.cpp");
static_assert(field_count<ReadIndexResult>() == 4,
              "ReadIndexResult changed: carry the new field in grader/sandbox/protocol/fields.cpp");
static_assert(field_count<RaftConfig>() == 7, "RaftConfig changed: carry the new field in grader/sandbox/protocol/fields.cpp");
static_assert(field_count<ServerConfig>() == 4, "ServerConfig changed: carry the new field in grader/sandbox/protocol/fields.cpp");
static_assert(field_count<QuorumConfig>() == 9, "QuorumConfig changed: carry the new field in grader/sandbox/protocol/fields.cpp");

// ---------------------------------------------------------------- writer

void FieldWriter::u32(std::uint32_t value) { runtime::put_le(bytes_, value, 4); }
void FieldWriter::u64(std::uint64_t value) { runtime::put_le(bytes_, value, 8); }

void FieldWriter::f64(double value) {
  std::uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  u64(bits);
}

void FieldWriter::string(std::string_view value) {
  u32(static_cast<std::uint32_t>(value.size()));
  bytes_.append(value);
}

// ---------------------------------------------------------------- reader

void FieldReader::need(std::size_t size, const char* what) const {
  if (bytes_.size() - at_ < size) {
    throw ProtocolError(std::string("the frame ended inside ") + what + " (" + std::to_string(size) +
                        " more bytes needed, " + std::to_string(bytes_.size() - at_) + " left)");
  }
}

std::uint8_t FieldReader::u8(const char* what) {
  need(1, what);
  return static_cast<std::uint8_t>(bytes_[at_++]);
}

std::uint32_t FieldReader::u32(const char* what) {
  need(4, what);
  const auto value = static_cast<std::uint32_t>(runtime::get_le(bytes_, at_, 4));
  at_ += 4;
  return value;
}

std::uint64_t FieldReader::u64(const char* what) {
  need(8, what);
  const std::uint64_t value = runtime::get_le(bytes_, at_, 8);
  at_ += 8;
  return value;
}

bool FieldReader::boolean(const char* what) {
  const std::uint8_t value = u8(what);
  if (value > 1) throw ProtocolError(std::string(what) + ": " + std::to_string(value) + " is not a boolean");
  return value == 1;
}

double FieldReader::f64(const char* what) {
  const std::uint64_t bits = u64(what);
  double value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

std::string_view FieldReader::raw(std::size_t size, const char* what) {
  need(size, what);
  std::string_view view = bytes_.substr(at_, size);
  at_ += size;
  return view;
}

std::string FieldReader::string(const char* what) {
  const std::uint32_t size = u32(what);
  return std::string(raw(size, what));
}

std::size_t FieldReader::count(const char* what, std::size_t min_item_bytes) {
  const std::uint32_t n = u32(what);
  if (min_item_bytes > 0 && n > (bytes_.size() - at_) / min_item_bytes) {
    throw ProtocolError(std::string(what) + ": " + std::to_string(n) + " items cannot fit in the " +
                        std::to_string(bytes_.size() - at_) + " bytes left");
  }
  return n;
}

void FieldReader::expect_end(const char* what) const {
  if (!at_end()) {
    throw ProtocolError(std::string(what) + " has " + std::to_string(bytes_.size() - at_) + " unexpected bytes at its end");
  }
}

// ---------------------------------------------------------------- scalars

void put(FieldWriter& w, std::uint8_t value) { w.u8(value); }
void put(FieldWriter& w, std::int32_t value) { w.i32(value); }
void put(FieldWriter& w, std::uint64_t value) { w.u64(value); }
void put(FieldWriter& w, bool value) { w.boolean(value); }
void put(FieldWriter& w, const std::string& value) { w.string(value); }
void put(FieldWriter& w, const RngState& state) {
  w.raw(std::string_view(reinterpret_cast<const char*>(state.data()), state.size()));
}

void get(FieldReader& r, std::uint8_t& value) { value = r.u8("a byte"); }
void get(FieldReader& r, std::int32_t& value) { value = r.i32("a 32-bit integer"); }
void get(FieldReader& r, std::uint64_t& value) { value = r.u64("a 64-bit integer"); }
void get(FieldReader& r, bool& value) { value = r.boolean("a boolean"); }
void get(FieldReader& r, std::string& value) { value = r.string("a string"); }
void get(FieldReader& r, RngState& state) {
  std::string_view bytes = r.raw(state.size(), "the random generator's state");
  std::memcpy(state.data(), bytes.data(), state.size());
}

// ---------------------------------------------------------------- messages and entries

// Raft's four messages and lab 6's four cross on every step that carries
// one, field by field (the project's codec costs microseconds a message, as
// much again as the rest of a step); any other message (clients', ReadIndex's,
// and any type added later) through the codec, which knows every field of
// every type.
static_assert(std::variant_size_v<Message> >= 4 && std::is_same_v<std::variant_alternative_t<0, Message>, RequestVote> &&
                  std::is_same_v<std::variant_alternative_t<1, Message>, RequestVoteReply> &&
                  std::is_same_v<std::variant_alternative_t<2, Message>, AppendEntries> &&
                  std::is_same_v<std::variant_alternative_t<3, Message>, AppendEntriesReply>,
              "Message's first four types changed: update grader/sandbox/protocol/fields.cpp");
static_assert(field_count<RequestVote>() == 5, "RequestVote changed: carry the new field in grader/sandbox/protocol/fields.cpp");
static_assert(field_count<RequestVoteReply>() == 3,
              "RequestVoteReply changed: carry the new field in grader/sandbox/protocol/fields.cpp");
static_assert(field_count<AppendEntries>() == 7,
              "AppendEntries changed: carry the new field in grader/sandbox/protocol/fields.cpp");
static_assert(field_count<AppendEntriesReply>() == 7,
              "AppendEntriesReply changed: carry the new field in grader/sandbox/protocol/fields.cpp");
// Lab 6's four messages cross field by field too: its replicas exchange them on every operation.
static_assert(std::is_same_v<std::variant_alternative_t<8, Message>, QuorumWrite> &&
                  std::is_same_v<std::variant_alternative_t<9, Message>, QuorumWriteReply> &&
                  std::is_same_v<std::variant_alternative_t<10, Message>, QuorumRead> &&
                  std::is_same_v<std::variant_alternative_t<11, Message>, QuorumReadReply>,
              "Message's quorum types moved: update grader/sandbox/protocol/fields.cpp");
static_assert(field_count<Version>() == 2, "Version changed: carry the new field in grader/sandbox/protocol/fields.cpp");
static_assert(field_count<QuorumWrite>() == 5, "QuorumWrite changed: carry the new field in grader/sandbox/protocol/fields.cpp");
static_assert(field_count<QuorumWriteReply>() == 2,
              "QuorumWriteReply changed: carry the new field in grader/sandbox/protocol/fields.cpp");
static_assert(field_count<QuorumRead>() == 2, "QuorumRead changed: carry the new field in grader/sandbox/protocol/fields.cpp");
static_assert(field_count<QuorumReadReply>() == 5,
              "QuorumReadReply changed: carry the new field in grader/sandbox/protocol/fields.cpp");

namespace {

constexpr std::uint8_t kByCodec = 255;

void put_fields(FieldWriter& w, const RequestVote& m) {
  w.u64(m.term);
  w.i32(m.candidate);
  w.u64(m.last_log_index);
  w.u64(m.last_log_term);
  w.boolean(m.pre_vote);
}

void put_fields(FieldWriter& w, const RequestVoteReply& m) {
  w.u64(m.term);
  w.boolean(m.granted);
  w.boolean(m.pre_vote);
}

void put_fields(FieldWriter& w, const AppendEntries& m) {
  w.u64(m.term);
  w.i32(m.leader);
  w.u64(m.prev_log_index);
  w.u64(m.prev_log_term);
  put(w, m.entries);
  w.u64(m.leader_commit);
  w.u64(m.context);
}

void put_fields(FieldWriter& w, const AppendEntriesReply& m) {
  w.u64(m.term);
  w.boolean(m.success);
  w.u64(m.match_index);
  w.u64(m.conflict_index);
  w.u64(m.conflict_term);
  w.u64(m.last_log_index);
  w.u64(m.context);
}

void put_version(FieldWriter& w, const Version& v) {
  w.u64(v.timestamp);
  w.i32(v.writer);
}

void put_fields(FieldWriter& w, const QuorumWrite& m) {
  w.u64(m.context);
  w.string(m.key);
  put_version(w, m.version);
  w.boolean(m.found);
  w.string(m.value);
}

void put_fields(FieldWriter& w, const QuorumWriteReply& m) {
  w.u64(m.context);
  w.string(m.key);
}

void put_fields(FieldWriter& w, const QuorumRead& m) {
  w.u64(m.context);
  w.string(m.key);
}

void put_fields(FieldWriter& w, const QuorumReadReply& m) {
  w.u64(m.context);
  w.string(m.key);
  put_version(w, m.version);
  w.boolean(m.found);
  w.string(m.value);
}

Version get_version(FieldReader& r, const char* timestamp, const char* writer) {
  Version v;
  v.timestamp = r.u64(timestamp);
  v.writer = r.i32(writer);
  return v;
}

QuorumWrite get_quorum_write(FieldReader& r) {
  QuorumWrite m;
  m.context = r.u64("a QuorumWrite's context");
  m.key = r.string("a QuorumWrite's key");
  m.version = get_version(r, "a QuorumWrite's timestamp", "a QuorumWrite's writer");
  m.found = r.boolean("a QuorumWrite's found flag");
  m.value = r.string("a QuorumWrite's value");
  return m;
}

QuorumWriteReply get_quorum_write_reply(FieldReader& r) {
  QuorumWriteReply m;
  m.context = r.u64("a QuorumWriteReply's context");
  m.key = r.string("a QuorumWriteReply's key");
  return m;
}

QuorumRead get_quorum_read(FieldReader& r) {
  QuorumRead m;
  m.context = r.u64("a QuorumRead's context");
  m.key = r.string("a QuorumRead's key");
  return m;
}

QuorumReadReply get_quorum_read_reply(FieldReader& r) {
  QuorumReadReply m;
  m.context = r.u64("a QuorumReadReply's context");
  m.key = r.string("a QuorumReadReply's key");
  m.version = get_version(r, "a QuorumReadReply's timestamp", "a QuorumReadReply's writer");
  m.found = r.boolean("a QuorumReadReply's found flag");
  m.value = r.string("a QuorumReadReply's value");
  return m;
}

RequestVote get_request_vote(FieldReader& r) {
  RequestVote m;
  m.term = r.u64("a RequestVote's term");
  m.candidate = r.i32("a RequestVote's candidate");
  m.last_log_index = r.u64("a RequestVote's last index");
  m.last_log_term = r.u64("a RequestVote's last term");
  m.pre_vote = r.boolean("a RequestVote's pre-vote flag");
  return m;
}

RequestVoteReply get_request_vote_reply(FieldReader& r) {
  RequestVoteReply m;
  m.term = r.u64("a RequestVoteReply's term");
  m.granted = r.boolean("a RequestVoteReply's grant");
  m.pre_vote = r.boolean("a RequestVoteReply's pre-vote flag");
  return m;
}

AppendEntries get_append_entries(FieldReader& r) {
  AppendEntries m;
  m.term = r.u64("an AppendEntries' term");
  m.leader = r.i32("an AppendEntries' leader");
  m.prev_log_index = r.u64("an AppendEntries' previous index");
  m.prev_log_term = r.u64("an AppendEntries' previous term");
  get(r, m.entries);
  m.leader_commit = r.u64("an AppendEntries' commit index");
  m.context = r.u64("an AppendEntries' context");
  return m;
}

AppendEntriesReply get_append_entries_reply(FieldReader& r) {
  AppendEntriesReply m;
  m.term = r.u64("an AppendEntriesReply's term");
  m.success = r.boolean("an AppendEntriesReply's success");
  m.match_index = r.u64("an AppendEntriesReply's match index");
  m.conflict_index = r.u64("an AppendEntriesReply's conflict index");
  m.conflict_term = r.u64("an AppendEntriesReply's conflict term");
  m.last_log_index = r.u64("an AppendEntriesReply's last index");
  m.context = r.u64("an AppendEntriesReply's context");
  return m;
}

// The types that cross field by field: Raft's four (0-3) and lab 6's four (8-11).
bool by_fields(std::size_t type) { return type < 4 || (type >= 8 && type < 12); }

}  // namespace

void put(FieldWriter& w, const Message& message) {
  if (by_fields(message.index())) {
    w.u8(static_cast<std::uint8_t>(message.index()));
    std::visit(
        [&](const auto& m) {
          if constexpr (requires { put_fields(w, m); }) put_fields(w, m);
        },
        message);
    return;
  }
  w.u8(kByCodec);
  w.string(encode_message(message));
}

void get(FieldReader& r, Message& message) {
  switch (r.u8("a message's type")) {
    case 0: message = get_request_vote(r); return;
    case 1: message = get_request_vote_reply(r); return;
    case 2: message = get_append_entries(r); return;
    case 3: message = get_append_entries_reply(r); return;
    case 8: message = get_quorum_write(r); return;
    case 9: message = get_quorum_write_reply(r); return;
    case 10: message = get_quorum_read(r); return;
    case 11: message = get_quorum_read_reply(r); return;
    case kByCodec: break;
    default: throw ProtocolError("unknown message type");
  }
  const std::string bytes = r.string("a message");
  try {
    message = decode_message(bytes);
  } catch (const DecodeError& e) {
    throw ProtocolError(std::string("a message the codec refuses: ") + e.what());
  }
}

// Entries cross often (every append and apply) and are simple: their own
// layout rather than the codec. The type byte passes through unchecked, as
// it would in one process.
void put(FieldWriter& w, const LogEntry& entry) {
  w.u64(entry.term);
  w.u64(entry.index);
  w.u8(static_cast<std::uint8_t>(entry.type));
  w.string(entry.data);
}

void get(FieldReader& r, LogEntry& entry) {
  entry.term = r.u64("an entry's term");
  entry.index = r.u64("an entry's index");
  entry.type = static_cast<EntryType>(r.u8("an entry's type"));
  entry.data = r.string("an entry's data");
}

void put(FieldWriter& w, const HardState& state) {
  w.u64(state.term);
  w.i32(state.voted_for);
}

void get(FieldReader& r, HardState& state) {
  state.term = r.u64("the hard state's term");
  state.voted_for = r.i32("the hard state's vote");
}

// ---------------------------------------------------------------- statuses and proposals

void put(FieldWriter& w, const NodeStatus& s) {
  w.u64(s.term);
  w.u8(static_cast<std::uint8_t>(s.role));
  w.i32(s.leader_hint);
  w.u64(s.commit_index);
  w.u64(s.last_log_index);
  w.u64(s.applied_index);
  w.u64(s.sessions);
  w.u64(s.session_bytes);
}

void get(FieldReader& r, NodeStatus& s) {
  s.term = r.u64("a status's term");
  s.role = static_cast<Role>(r.u8("a status's role"));
  s.leader_hint = r.i32("a status's leader");
  s.commit_index = r.u64("a status's commit index");
  s.last_log_index = r.u64("a status's last index");
  s.applied_index = r.u64("a status's applied index");
  s.sessions = r.u64("a status's sessions");
  s.session_bytes = r.u64("a status's session bytes");
}

void put(FieldWriter& w, const RaftStatus& s) {
  w.u64(s.term);
  w.u8(static_cast<std::uint8_t>(s.role));
  w.i32(s.leader_hint);
  w.u64(s.commit_index);
  w.u64(s.last_log_index);
}

void get(FieldReader& r, RaftStatus& s) {
  s.term = r.u64("a status's term");
  s.role = static_cast<Role>(r.u8("a status's role"));
  s.leader_hint = r.i32("a status's leader");
  s.commit_index = r.u64("a status's commit index");
  s.last_log_index = r.u64("a status's last index");
}

void put(FieldWriter& w, const Proposal& p) {
  w.boolean(p.accepted);
  w.u64(p.index);
  w.u64(p.term);
  w.i32(p.leader_hint);
}

void get(FieldReader& r, Proposal& p) {
  p.accepted = r.boolean("a proposal's verdict");
  p.index = r.u64("a proposal's index");
  p.term = r.u64("a proposal's term");
  p.leader_hint = r.i32("a proposal's leader");
}

void put(FieldWriter& w, const ReadIndexResult& result) {
  w.u64(result.context);
  w.boolean(result.ok);
  w.u64(result.index);
  w.i32(result.leader_hint);
}

void get(FieldReader& r, ReadIndexResult& result) {
  result.context = r.u64("a read's number");
  result.ok = r.boolean("a read's confirmation");
  result.index = r.u64("a read's index");
  result.leader_hint = r.i32("a read's leader");
}

// ---------------------------------------------------------------- configurations

void put(FieldWriter& w, const RaftConfig& c) {
  w.i64(c.election_timeout_min);
  w.i64(c.election_timeout_max);
  w.i64(c.heartbeat_interval);
  w.u64(c.max_entries_per_message);
  w.u64(c.max_bytes_per_message);
  w.f64(c.clock_drift_bound);
  w.i64(c.lease_margin);
}

void get(FieldReader& r, RaftConfig& c) {
  c.election_timeout_min = r.i64("the minimum election timeout");
  c.election_timeout_max = r.i64("the maximum election timeout");
  c.heartbeat_interval = r.i64("the heartbeat interval");
  c.max_entries_per_message = r.u64("the entries per message");
  c.max_bytes_per_message = r.u64("the bytes per message");
  c.clock_drift_bound = r.f64("the clock drift bound");
  c.lease_margin = r.i64("the lease margin");
}

void put(FieldWriter& w, const ServerConfig& c) {
  put(w, c.raft);
  w.u8(static_cast<std::uint8_t>(c.read_path));
  w.boolean(c.sessions);
  w.i64(c.session_timeout);
}

void get(FieldReader& r, ServerConfig& c) {
  get(r, c.raft);
  c.read_path = static_cast<ReadPath>(r.u8("the read path"));
  c.sessions = r.boolean("whether sessions are on");
  c.session_timeout = r.i64("the session timeout");
}

void put(FieldWriter& w, const QuorumConfig& c) {
  w.i32(c.n);
  w.i32(c.w);
  w.i32(c.r);
  w.boolean(c.allow_stale_reads);
  w.boolean(c.write_back);
  w.boolean(c.read_repair);
  w.boolean(c.read_before_write);
  w.i64(c.resend_after);
  w.i64(c.give_up_after);
}

void get(FieldReader& r, QuorumConfig& c) {
  c.n = r.i32("the replicas per key (N)");
  c.w = r.i32("the write quorum (W)");
  c.r = r.i32("the read quorum (R)");
  c.allow_stale_reads = r.boolean("whether stale reads are allowed");
  c.write_back = r.boolean("whether reads write back");
  c.read_repair = r.boolean("whether reads repair");
  c.read_before_write = r.boolean("whether writes read first");
  c.resend_after = r.i64("the resend interval");
  c.give_up_after = r.i64("the give-up time");
}

}  // namespace store::sandbox
