// Client sessions (lab 5; Raft thesis §6.3): what lets a client retry a
// write that may already have happened without it happening twice.
//
// The table is part of the replicated state machine. It changes only as
// committed commands are applied, so every server holds the same table at
// the same index, a new leader already knows what the old one did, and a
// restarted server rebuilds it by applying its log again.
//
// A session's id is the index of the log entry that registered it, so no id
// is ever handed out twice. A session expires once it has been idle for the
// timeout by the log's clock (the leaders' clocks, stamped into commands),
// never by a server's own clock: servers whose clocks disagree still expire
// the same sessions at the same index.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "core/types.h"
#include "kv/result.h"

namespace store {

class SessionTable {
 public:
  explicit SessionTable(Micros timeout);

  // Moves the log's clock to the time a leader stamped on the command being
  // applied (it never runs backwards: a new leader's clock may be behind the
  // old one's) and ends the sessions idle for the timeout by then.
  void advance_clock(Micros leader_time);

  // Opens a session registered by the entry at `index`; returns its id.
  std::uint64_t open(Index index);

  // Before a session's command `seq` runs: the reply to give instead of
  // running it, if it must not run. That is the cached reply of a retry,
  // or a refusal for a session that expired (or never was) or for a
  // request older than the session's latest.
  std::optional<KvResult> check(std::uint64_t session, std::uint64_t seq);
  // After it ran: its reply, kept for retries of the same seq.
  void record(std::uint64_t session, std::uint64_t seq, const KvResult& result);

  // The cached reply of `seq` if that is the session's latest command.
  // Changes nothing: the leader uses it to answer a retry without a new entry.
  const KvResult* cached(std::uint64_t session, std::uint64_t seq) const;

  std::size_t size() const;   // live sessions
  std::size_t bytes() const;  // what the table holds, counted entry by entry

 private:
  struct Session {
    std::uint64_t last_seq = 0;  // the latest command that ran (0: none yet)
    KvResult last_reply;
    Micros last_active = 0;  // log time of the session's latest command
  };

  void touch(std::uint64_t session, Session& entry);
  static std::size_t bytes_of(const Session& entry);

  // BEGIN LAB 5 HIDDEN (#the-table) the state of your table
  Micros timeout_;
  Micros log_time_ = 0;
  std::map<std::uint64_t, Session> sessions_;
  // The sessions by when they were last active, oldest first: expiry looks
  // only at the front, so it costs nothing while nobody is idle.
  std::set<std::pair<Micros, std::uint64_t>> by_activity_;
  std::size_t bytes_ = 0;  // the sum of bytes_of over the table
  // END LAB 5
};

}  // namespace store
