#include "runtime/syncer.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <deque>
#include <mutex>

namespace store::runtime {
namespace {

// A minimal loop: posted functions run on the test's thread when it drains them.
class Loop {
 public:
  void post(std::function<void()> f) {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(f));
    ready_.notify_one();
  }
  void run_one() {
    std::function<void()> f;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [&] { return !queue_.empty(); });
      f = std::move(queue_.front());
      queue_.pop_front();
    }
    f();
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
};

TEST(Syncer, ReportsEachSyncBackOnTheLoop) {
  Loop loop;
  std::atomic<int> syncs{0};
  std::vector<std::uint64_t> done;
  Syncer syncer([&] { ++syncs; }, [&](std::function<void()> f) { loop.post(std::move(f)); },
                [&](std::uint64_t through) { done.push_back(through); }, [](const std::string&) { FAIL(); });
  syncer.request(3);
  loop.run_one();
  syncer.request(9);
  loop.run_one();
  EXPECT_EQ(done, (std::vector<std::uint64_t>{3, 9}));
  EXPECT_EQ(syncs.load(), 2);
}

TEST(Syncer, ReportsAFailedSync) {
  Loop loop;
  std::string error;
  Syncer syncer([] { throw std::runtime_error("disk on fire"); },
                [&](std::function<void()> f) { loop.post(std::move(f)); }, [](std::uint64_t) { FAIL(); },
                [&](const std::string& e) { error = e; });
  syncer.request(1);
  loop.run_one();
  EXPECT_EQ(error, "disk on fire");
}

TEST(Syncer, RefusesASecondOutstandingRequest) {
  Loop loop;
  std::mutex gate;
  gate.lock();  // holds the first sync until the test lets it go
  Syncer syncer([&] { std::lock_guard hold(gate); }, [&](std::function<void()> f) { loop.post(std::move(f)); },
                [](std::uint64_t) {}, [](const std::string&) {});
  syncer.request(1);
  EXPECT_THROW(syncer.request(2), std::logic_error);
  gate.unlock();
  loop.run_one();
  EXPECT_NO_THROW(syncer.request(2));
  loop.run_one();
}

}  // namespace
}  // namespace store::runtime
