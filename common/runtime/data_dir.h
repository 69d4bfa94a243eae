// A node's data directory, and the promise that one node at a time uses it.
//
//   <data>/LOCK       empty; flock()ed while a node runs (released by the kernel even on kill -9)
//   <data>/raft.log   the disk log (log_record.h, disk_storage.h), made first
//   <data>/meta.json  {"format":1,"cluster":"<id>","node":<id>}, written once, after the log
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
  static DataDir open(const std::filesystem::path& dir, const std::string& cluster, NodeId node);

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
