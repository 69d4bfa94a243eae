#include <gtest/gtest.h>

#include "history/formats.h"
#include "history/recorder.h"

namespace store::history {
namespace {

History sample_kv() {
  HistoryRecorder recorder;
  const OpId put = recorder.invoke(100, 1001, Operation::put("k", "quote\" back\\ nl\n tab\t é"));
  const OpId get = recorder.invoke(100, 1002, Operation::get("k"));
  const OpId del = recorder.invoke(105, 1003, Operation::del("other"));
  recorder.ok(put, 110);
  recorder.ok(get, 120, Output::found_value("quote\" back\\ nl\n tab\t é"));
  const OpId append = recorder.invoke(130, 1001, Operation::append("k", "x"));
  recorder.fail(del, 140);
  const OpId miss = recorder.invoke(150, 1002, Operation::get("nothing"));
  recorder.ok(miss, 160, Output::absent());
  recorder.info(append, 170);
  const OpId unknown = recorder.invoke(180, 1003, Operation::get("k"));
  recorder.ok(unknown, 190, Output::unknown_value());
  recorder.invoke(200, 1004, Operation::put("k", "open"));
  return recorder.take();
}

History sample_register() {
  HistoryRecorder recorder;
  const OpId w = recorder.invoke(1, 1, Operation::write(-5));
  const OpId c = recorder.invoke(2, 2, Operation::cas(-5, 7));
  recorder.ok(w, 3);
  recorder.fail(c, 4);
  const OpId r = recorder.invoke(5, 2, Operation::read());
  recorder.ok(r, 6, Output::read_value(-5));
  const OpId r2 = recorder.invoke(7, 2, Operation::read());
  recorder.ok(r2, 8, Output::absent());
  return recorder.take();
}

void expect_same(const History& a, const History& b) {
  ASSERT_EQ(a.records.size(), b.records.size());
  EXPECT_EQ(a.event_count, b.event_count);
  for (std::size_t i = 0; i < a.records.size(); ++i) {
    SCOPED_TRACE(i);
    const Record& x = a.records[i];
    const Record& y = b.records[i];
    EXPECT_EQ(x.client, y.client);
    EXPECT_EQ(x.op, y.op);
    EXPECT_EQ(x.outcome, y.outcome);
    EXPECT_EQ(x.output, y.output);
    EXPECT_EQ(x.call_event, y.call_event);
    EXPECT_EQ(x.return_event, y.return_event);
    EXPECT_EQ(x.completion_event, y.completion_event);
    EXPECT_EQ(x.call_time, y.call_time);
    EXPECT_EQ(x.return_time, y.return_time);
  }
}

TEST(HistoryOwnFormat, RoundTripsAKvHistory) {
  const History original = sample_kv();
  const std::string text = to_own_format(original);
  const History read = parse_own_format(text, "mem.jsonl");
  expect_same(original, read);
  EXPECT_EQ(read.format, Format::kOwn);
  EXPECT_FALSE(read.keys_start_empty);
  // Writing what was read gives the same bytes.
  EXPECT_EQ(to_own_format(read), text);
}

TEST(HistoryOwnFormat, RoundTripsARegisterHistory) {
  const History original = sample_register();
  expect_same(original, parse_own_format(to_own_format(original), "mem.jsonl"));
}

TEST(HistoryOwnFormat, WritesTheDocumentedFields) {
  HistoryRecorder recorder;
  const OpId put = recorder.invoke(1234, 1001, Operation::put("k", "v"));
  recorder.ok(put, 1300);
  const OpId get = recorder.invoke(1400, 1001, Operation::get("k"));
  recorder.ok(get, 1500, Output::found_value("v"));
  EXPECT_EQ(
      to_own_format(recorder.history()),
      "{\"t\":1234,\"client\":1001,\"type\":\"invoke\",\"f\":\"put\",\"key\":\"k\",\"value\":\"v\"}\n"
      "{\"t\":1300,\"client\":1001,\"type\":\"ok\",\"f\":\"put\",\"key\":\"k\"}\n"
      "{\"t\":1400,\"client\":1001,\"type\":\"invoke\",\"f\":\"get\",\"key\":\"k\"}\n"
      "{\"t\":1500,\"client\":1001,\"type\":\"ok\",\"f\":\"get\",\"key\":\"k\",\"found\":true,\"value\":\"v\"}\n");
}

TEST(HistoryOwnFormat, LineOrderNotTimeDecidesTheEventOrder) {
  const History h = parse_own_format(
      "{\"t\":5,\"client\":1,\"type\":\"invoke\",\"f\":\"get\",\"key\":\"k\"}\n"
      "{\"t\":5,\"client\":1,\"type\":\"ok\",\"f\":\"get\",\"key\":\"k\",\"found\":false}\n"
      "{\"t\":5,\"client\":2,\"type\":\"invoke\",\"f\":\"put\",\"key\":\"k\",\"value\":\"v\"}\n",
      "f");
  ASSERT_EQ(h.records.size(), 2u);
  EXPECT_LT(h.records[0].return_event, h.records[1].call_event);
}

void expect_error(const std::string& text, const std::string& where, const std::string& reason) {
  try {
    parse_own_format(text, "h.jsonl");
    FAIL() << "no error for: " << text;
  } catch (const ParseError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(where, 0), 0u) << e.what();
    EXPECT_NE(std::string(e.what()).find(reason), std::string::npos) << e.what();
  }
}

TEST(HistoryOwnFormat, MalformedLinesNameFileAndLine) {
  const std::string invoke = "{\"t\":1,\"client\":1,\"type\":\"invoke\",\"f\":\"get\",\"key\":\"k\"}\n";
  expect_error("\n{\"t\":1,\n", "h.jsonl:2:", "not a JSON object");
  expect_error("[1,2]\n", "h.jsonl:1:", "not a JSON object");
  expect_error("{\"client\":1,\"type\":\"invoke\",\"f\":\"get\",\"key\":\"k\"}\n", "h.jsonl:1:", "\"t\"");
  expect_error("{\"t\":\"x\",\"client\":1,\"type\":\"invoke\",\"f\":\"get\",\"key\":\"k\"}\n", "h.jsonl:1:", "integer");
  expect_error("{\"t\":1,\"client\":1,\"type\":\"invoke\",\"f\":\"incr\",\"key\":\"k\"}\n", "h.jsonl:1:", "incr");
  expect_error("{\"t\":1,\"client\":1,\"type\":\"invoke\",\"f\":\"get\"}\n", "h.jsonl:1:", "\"key\"");
  expect_error(invoke + "{\"t\":1,\"client\":1,\"type\":\"done\",\"f\":\"get\"}\n", "h.jsonl:2:", "done");
  expect_error(invoke + invoke, "h.jsonl:2:", "still open");
  expect_error("{\"t\":1,\"client\":1,\"type\":\"ok\",\"f\":\"get\",\"found\":false}\n", "h.jsonl:1:", "never invoked");
  expect_error(invoke + "{\"t\":1,\"client\":1,\"type\":\"ok\",\"f\":\"put\"}\n", "h.jsonl:2:", "line 1");
  expect_error(invoke + "{\"t\":1,\"client\":1,\"type\":\"ok\",\"f\":\"get\",\"key\":\"j\",\"found\":false}\n",
               "h.jsonl:2:", "\"j\"");
  expect_error(invoke + "{\"t\":1,\"client\":1,\"type\":\"ok\",\"f\":\"get\"}\n", "h.jsonl:2:", "\"found\"");
  expect_error(invoke + "{\"t\":2,\"client\":2,\"type\":\"invoke\",\"f\":\"write\",\"value\":1}\n",
               "h.jsonl:2:", "register operation");
}

}  // namespace
}  // namespace store::history
