// The one thread of a node besides its event loop: it runs fdatasync, so that
// the loop keeps receiving (and the node keeps writing) while the disk works.
//
// Group commit comes from this shape: at most one sync runs at a time, and
// the next one covers every write made while the last was running. The
// handoff is a mutex-guarded request; the result goes back to the loop
// through `post`, so the loop's state is only ever touched by the loop.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace store::runtime {

class Syncer {
 public:
  using Post = std::function<void(std::function<void()>)>;  // runs a function on the loop's thread

  // `sync` runs on the syncer's thread and throws on failure; then `done`
  // (with the write number the request named) or `failed` (with the reason)
  // is posted to the loop.
  Syncer(std::function<void()> sync, Post post, std::function<void(std::uint64_t)> done,
         std::function<void(std::string)> failed);
  ~Syncer();  // waits for a running sync, then stops the thread
  Syncer(const Syncer&) = delete;
  Syncer& operator=(const Syncer&) = delete;

  // Asks for one sync that will cover writes 1..through. The caller keeps
  // at most one request outstanding (it waits for done before the next).
  void request(std::uint64_t through);

 private:
  void run();

  std::function<void()> sync_;
  Post post_;
  std::function<void(std::uint64_t)> done_;
  std::function<void(std::string)> failed_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool requested_ = false;
  std::uint64_t through_ = 0;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once everything above exists
};

}  // namespace store::runtime
