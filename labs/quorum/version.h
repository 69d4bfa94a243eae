// Versions (lab 6): which of two writes of a key is the newer, and the
// version a coordinator gives the next write it takes.
#pragma once

#include "node/env.h"
#include "protocol/messages.h"

namespace store {

// Whether `a` is strictly newer than `b`. Every replica must decide the same
// way for every pair, or two replicas keep different writes forever.
bool newer(const Version& a, const Version& b);

// Hands out versions: the local clock, raised above every timestamp this
// server gave out or saw, and this server's id to order two writes that get
// the same timestamp on two servers.
class VersionClock {
 public:
  explicit VersionClock(Env& env) : env_(env) {}

  Version next();
  // A version this server heard of (in a reply, or from a coordinator).
  void observe(const Version& version);

 private:
  Env& env_;
  // TODO(lab6): what your clock remembers; see docs/labs/lab6-quorums.md#versions
};

}  // namespace store
