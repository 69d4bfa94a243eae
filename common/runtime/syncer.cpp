#include "runtime/syncer.h"

#include <exception>
#include <stdexcept>

namespace store::runtime {

Syncer::Syncer(std::function<void()> sync, Post post, std::function<void(std::uint64_t)> done,
               std::function<void(std::string)> failed)
    : sync_(std::move(sync)),
      post_(std::move(post)),
      done_(std::move(done)),
      failed_(std::move(failed)),
      thread_([this] { run(); }) {}

Syncer::~Syncer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void Syncer::request(std::uint64_t through) {
  {
    std::lock_guard lock(mutex_);
    if (requested_) throw std::logic_error("Syncer::request: a sync is already requested");
    requested_ = true;
    through_ = through;
  }
  wake_.notify_one();
}

void Syncer::run() {
  for (;;) {
    std::uint64_t through = 0;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return requested_ || stopping_; });
      if (stopping_) return;
      through = through_;
    }
    std::string error;
    try {
      sync_();
    } catch (const std::exception& e) {
      error = e.what();
    }
    {
      // Clear the request before posting, so that the loop may ask again
      // as soon as it hears back.
      std::lock_guard lock(mutex_);
      requested_ = false;
    }
    if (error.empty()) {
      post_([done = done_, through] { done(through); });
    } else {
      post_([failed = failed_, error] { failed(error); });
    }
  }
}

}  // namespace store::runtime
