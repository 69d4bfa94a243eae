#include "sim/sim_storage.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace store::sim {
namespace {

std::vector<LogEntry> entries(Index first, Index last, Term term = 1) {
  std::vector<LogEntry> out;
  for (Index i = first; i <= last; ++i)
    out.push_back({.term = term, .index = i, .data = std::string("d").append(std::to_string(i))});
  return out;
}

std::vector<LogEntry> durable(const SimStorage& storage) {
  return {storage.durable_log().begin(), storage.durable_log().end()};
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::logic_error& e) {
    return e.what();
  }
  return "";
}

TEST(SimStorage, ReadsSeeWritesAtOnce) {
  SimStorage storage(2, nullptr);
  storage.save_hard_state({.term = 3, .voted_for = 1});
  storage.append(entries(1, 3));
  EXPECT_EQ(storage.hard_state(), (HardState{3, 1}));
  EXPECT_EQ(storage.last_index(), 3u);
  EXPECT_EQ(storage.log(), entries(1, 3));
  EXPECT_EQ(storage.writes(), 2u);
  EXPECT_EQ(storage.durable_writes(), 0u);
  EXPECT_TRUE(storage.durable_log().empty());
}

TEST(SimStorage, AppendRejectsEntriesThatDoNotContinueTheLog) {
  SimStorage storage(2, nullptr);
  storage.append(entries(1, 2));
  const std::string gap = message_of([&] { storage.append(entries(4, 4)); });
  EXPECT_NE(gap.find("node 2"), std::string::npos) << gap;
  EXPECT_NE(gap.find("entry 4 does not continue the log"), std::string::npos) << gap;
  EXPECT_NE(gap.find("index 3"), std::string::npos) << gap;
  EXPECT_THROW(storage.append(entries(2, 3)), std::logic_error);  // overlap: truncate first
  auto broken = entries(3, 5);
  broken[2].index = 7;
  const std::string inner = message_of([&] { storage.append(broken); });
  EXPECT_NE(inner.find("4 is followed by 7"), std::string::npos) << inner;
  EXPECT_EQ(storage.last_index(), 2u) << "a rejected append changes nothing";
  EXPECT_EQ(storage.writes(), 1u);
}

TEST(SimStorage, TruncateRemovesTheTail) {
  SimStorage storage(1, nullptr);
  storage.append(entries(1, 5));
  storage.truncate(9);  // beyond the end: not a write
  EXPECT_EQ(storage.writes(), 1u);
  storage.truncate(4);
  EXPECT_EQ(storage.log(), entries(1, 3));
  storage.append(entries(4, 4, 2));
  EXPECT_EQ(storage.log().back().term, 2u);
  storage.truncate(1);
  EXPECT_EQ(storage.last_index(), 0u);
}

TEST(SimStorage, SyncMakesWritesDurableInOrder) {
  SimStorage storage(1, nullptr);
  storage.append(entries(1, 3));         // write 1
  storage.save_hard_state({.term = 2});  // write 2
  storage.truncate(3);                   // write 3
  storage.append(entries(3, 4, 2));      // write 4
  EXPECT_EQ(storage.sync_through(2), 2u);
  EXPECT_EQ(durable(storage), entries(1, 3));
  EXPECT_EQ(storage.durable_hard_state().term, 2u);
  EXPECT_TRUE(storage.has_unsynced());
  EXPECT_EQ(storage.sync_through(4), 2u);
  EXPECT_EQ(durable(storage), storage.log());
  EXPECT_FALSE(storage.has_unsynced());
  EXPECT_EQ(storage.sync_through(4), 0u);
}

TEST(SimStorage, CrashKeepsExactlyWhatWasSynced) {
  SimStorage storage(1, nullptr);
  storage.save_hard_state({.term = 1, .voted_for = 1});
  storage.append(entries(1, 2));
  storage.sync_through(storage.writes());
  storage.save_hard_state({.term = 5, .voted_for = 3});
  storage.truncate(2);
  storage.append(entries(2, 6, 5));
  storage.lose_unsynced();
  EXPECT_EQ(storage.hard_state(), (HardState{1, 1}));
  EXPECT_EQ(storage.log(), entries(1, 2));
  EXPECT_FALSE(storage.has_unsynced());
  storage.append(entries(3, 3));  // the log continues from what survived
  EXPECT_EQ(storage.last_index(), 3u);
}

}  // namespace
}  // namespace store::sim
