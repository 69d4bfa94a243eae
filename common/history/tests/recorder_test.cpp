#include "history/recorder.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace store::history {
namespace {

TEST(HistoryRecorder, NumbersEventsInCallOrderAndKeepsTimes) {
  HistoryRecorder recorder;
  const OpId put = recorder.invoke(10, 1001, Operation::put("k", "v"));
  const OpId get = recorder.invoke(10, 1002, Operation::get("k"));
  recorder.ok(put, 20);
  recorder.ok(get, 20, Output::found_value("v"));

  const History& history = recorder.history();
  ASSERT_EQ(history.records.size(), 2u);
  EXPECT_EQ(history.event_count, 4u);
  const Record& p = history.records[put];
  const Record& g = history.records[get];
  EXPECT_EQ(p.call_event, 0u);
  EXPECT_EQ(g.call_event, 1u);
  EXPECT_EQ(p.return_event, 2u);
  EXPECT_EQ(g.return_event, 3u);
  EXPECT_EQ(p.call_time, 10);
  EXPECT_EQ(g.return_time, 20);
  EXPECT_EQ(p.outcome, Outcome::kOk);
  EXPECT_EQ(g.output, Output::found_value("v"));
  EXPECT_EQ(history.family(), Family::kKv);
}

TEST(HistoryRecorder, InfoAndOpenOperationsNeverReturn) {
  HistoryRecorder recorder;
  const OpId info = recorder.invoke(1, 1001, Operation::append("k", "x"));
  const OpId open = recorder.invoke(2, 1002, Operation::del("k"));
  const OpId failed = recorder.invoke(3, 1003, Operation::put("k", "y"));
  recorder.info(info, 5);
  recorder.fail(failed, 6);

  const History& history = recorder.history();
  EXPECT_EQ(history.records[info].outcome, Outcome::kInfo);
  EXPECT_FALSE(history.records[info].completed());
  EXPECT_EQ(history.records[info].completion_event, 3u);
  EXPECT_EQ(history.records[open].outcome, Outcome::kOpen);
  EXPECT_FALSE(history.records[open].completed());
  EXPECT_EQ(history.records[failed].outcome, Outcome::kFail);
  EXPECT_TRUE(history.records[failed].completed());
}

TEST(HistoryRecorder, AClientMayStartAgainAfterInfo) {
  HistoryRecorder recorder;
  const OpId first = recorder.invoke(1, 7, Operation::write(1));
  recorder.info(first, 2);
  const OpId second = recorder.invoke(3, 7, Operation::read());
  recorder.ok(second, 4, Output::read_value(1));
  EXPECT_EQ(recorder.history().family(), Family::kRegister);
  OpId open = 0;
  EXPECT_FALSE(recorder.open_operation(7, &open));
}

TEST(HistoryRecorder, RejectsTwoOutstandingOperationsOfOneClient) {
  HistoryRecorder recorder;
  const OpId first = recorder.invoke(1, 1001, Operation::get("a"));
  OpId open = 99;
  ASSERT_TRUE(recorder.open_operation(1001, &open));
  EXPECT_EQ(open, first);
  EXPECT_THROW(recorder.invoke(2, 1001, Operation::get("b")), std::logic_error);
}

TEST(HistoryRecorder, RejectsCompletingTwiceOrAnUnknownOperation) {
  HistoryRecorder recorder;
  const OpId id = recorder.invoke(1, 1001, Operation::get("a"));
  recorder.ok(id, 2, Output::absent());
  EXPECT_THROW(recorder.ok(id, 3, Output::absent()), std::logic_error);
  EXPECT_THROW(recorder.fail(42, 3), std::logic_error);
}

TEST(HistoryRecorder, TakeHandsOverTheHistoryAndStartsAfresh) {
  HistoryRecorder recorder;
  recorder.invoke(1, 1001, Operation::get("a"));
  History taken = recorder.take();
  EXPECT_EQ(taken.records.size(), 1u);
  EXPECT_EQ(recorder.size(), 0u);
  EXPECT_EQ(recorder.history().event_count, 0u);
  // The client's open operation belonged to the old history.
  EXPECT_NO_THROW(recorder.invoke(2, 1001, Operation::get("a")));
}

TEST(HistoryOperation, DescribesCallsAndOutputs) {
  EXPECT_EQ(describe(Operation::put("k", "v")), "put k \"v\"");
  EXPECT_EQ(describe(Operation::cas(1, 2)), "cas 1→2");
  EXPECT_EQ(describe(Operation::del("k")), "delete k");
  EXPECT_EQ(describe_output(OpKind::kGet, Output::absent()), "absent");
  EXPECT_EQ(describe_output(OpKind::kGet, Output::found_value("")), "\"\"");
  EXPECT_EQ(describe_output(OpKind::kRead, Output::read_value(3)), "3");
  EXPECT_EQ(describe_output(OpKind::kRead, Output::unknown_value()), "?");
  EXPECT_EQ(describe_output(OpKind::kPut, Output::none()), "");
}

}  // namespace
}  // namespace store::history
