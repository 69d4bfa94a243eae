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
  // BEGIN LAB 6 HIDDEN (#versions) what your clock remembers
  std::uint64_t last_ = 0;  // the highest timestamp given out or seen
  // END LAB 6
};

}  // namespace store
