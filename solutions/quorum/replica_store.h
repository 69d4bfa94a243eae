// What one replica holds (lab 6): for each key, the newest version it has
// accepted. Every accepted write is one record in the storage's log, written
// before the replica acknowledges it; a restarted replica reads them back.
#pragma once

#include <map>
#include <string>

#include "node/storage.h"
#include "protocol/messages.h"

namespace store {

class ReplicaStore {
 public:
  struct Held {
    Version version;  // timestamp 0: never written
    bool found = false;
    std::string value;
  };

  // Recovers what `storage` holds.
  explicit ReplicaStore(Storage& storage);

  // The newest version of `key` held here (a default Held if none).
  const Held& get(const std::string& key) const;
  // Keeps `write` if it is newer than what is held, and writes it to storage.
  // Returns whether it was kept.
  bool keep(const QuorumWrite& write);

 private:
  Storage& storage_;
  // BEGIN LAB 6 HIDDEN (#replicas) what your replica holds
  std::map<std::string, Held> keys_;
  // END LAB 6
};

// The storage record of an accepted write: the QuorumWrite itself, in the
// message codec (its context is not kept).
LogEntry write_record(const QuorumWrite& write, Index index);
// Throws DecodeError (protocol/codec.h) for a record that is not one.
QuorumWrite read_record(const LogEntry& record);

}  // namespace store
