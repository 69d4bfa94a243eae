#include "runtime/delay_line.h"

#include <gtest/gtest.h>

#include <vector>

#include "runtime/clock.h"

namespace store::runtime {
namespace {

TEST(DelayLine, RunsEachActionAfterItsDelayAndNeverBeforeOneQueuedEarlier) {
  asio::io_context io;
  DelayLine line(io);
  std::vector<int> order;
  std::vector<Micros> at;
  const Micros start = steady_micros();
  const auto note = [&](int n) {
    return [&, n] {
      order.push_back(n);
      at.push_back(steady_micros() - start);
    };
  };
  line.after(30 * kMillisecond, note(1));
  line.after(5 * kMillisecond, note(2));  // shorter, but queued behind the first: it waits for it
  line.after(40 * kMillisecond, note(3));
  io.run();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  ASSERT_EQ(at.size(), 3u);
  EXPECT_GE(at[0], 30 * kMillisecond);
  EXPECT_GE(at[1], at[0]);
  EXPECT_GE(at[2], 40 * kMillisecond);
  EXPECT_EQ(line.queued(), 0u);
}

}  // namespace
}  // namespace store::runtime
