// A node's data directory, and the promise that one node at a time uses it.
//
//   <data>/LOCK       empty; flock()ed while a node runs (released by the kernel even on kill -9)
//   <data>/raft.log   the disk log (log_record.h, disk_storage.h), made first
//   <data>/meta.json  {"format":1,"cluster":"<id>","node":<id>,"sessions":<s>}, written once, after the log
//
// "sessions" is the session timeout in seconds the node's log was made with
// (store-node --sessions, lab 5), 0 without sessions (and when a directory of
// an earlier build lacks it). The log replays differently with other settings
// (a write outside a session is refused in one, a shorter timeout expires a
// session sooner), so acknowledged writes could vanish: a node started with
// other settings than its directory's is refused.
//
// A directory made for another node or another cluster is refused: starting
// node 2 on node 1's log would make it vote and acknowledge as node 1 did.
// So is one whose meta.json is there but whose log is missing or empty (the
// log was made first, so it has been lost: an empty start would forget the
// node's term and vote), and one with a log but no meta.json (unless that log
// is exactly a fresh one: the making of the directory was interrupted).
#pragma once

#include <filesystem>
#include <string>

#include "core/types.h"
#include "runtime/file_util.h"

namespace store::runtime {

class DataDir {
 public:
  // Creates the directory if needed, takes the lock, and checks meta.json
  // and that the log is there; or, for a new directory, makes the log and
  // then meta.json. Throws StorageError with what to do about it.
  // `session_timeout`: the server's, 0 when it runs without sessions.
  static DataDir open(const std::filesystem::path& dir, const std::string& cluster, NodeId node,
                      Micros session_timeout = 0);

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path log_path() const { return path_ / "raft.log"; }
  bool created() const { return created_; }

 private:
  DataDir(std::filesystem::path path, Fd lock, bool created)
      : path_(std::move(path)), lock_(std::move(lock)), created_(created) {}

  std::filesystem::path path_;
  Fd lock_;  // holding the descriptor holds the flock
  bool created_ = false;
};

}  // namespace store::runtime
