// The page is self-contained and carries what the script needs; whether the
// script draws it is checked in a real browser (browser_test.py).
#include "view/view_page.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace store::view {
namespace {

TraceModel small_model() {
  std::istringstream in(
      "{\"t\":0,\"ev\":\"start\",\"seed\":\"3\",\"servers\":2,\"tick_interval\":10000,\"network\":\"lan\"}\n"
      "{\"t\":10,\"ev\":\"send\",\"from\":1,\"to\":2,\"id\":1,\"msg\":{\"type\":\"AppendEntries\",\"term\":1,"
      "\"leader\":1,\"prev_log_index\":0,\"prev_log_term\":0,\"entries\":[{\"term\":1,\"index\":1,\"type\":"
      "\"command\",\"data\":\"</script><b>x\"}],\"leader_commit\":0,\"context\":0}}\n"
      "{\"t\":20,\"ev\":\"drop\",\"from\":1,\"to\":2,\"id\":1,\"type\":\"AppendEntries\",\"reason\":\"partition\"}\n"
      "{\"t\":30,\"ev\":\"note\",\"text\":\"</script><script>alert(1)</script>\"}\n"
      "{\"t\":40,\"ev\":\"verdict\",\"test\":\"t\",\"seed\":\"3\",\"impl\":\"labs\",\"message\":\"<b>bad</b>\","
      "\"replay\":\"r\"}\n");
  return read_trace(in);
}

TEST(ViewPage, IsSelfContainedAndKeepsTextOutOfTheMarkup) {
  std::ostringstream out;
  write_page(out, small_model(), {.title = "t-seed3", .trace_path = "x.jsonl", .history_href = "x.history.html"});
  const std::string page = out.str();
  EXPECT_EQ(page.find("<script src"), std::string::npos);
  EXPECT_EQ(page.find("http://"), std::string::npos);
  EXPECT_EQ(page.find("https://"), std::string::npos);
  EXPECT_EQ(page.find("<link"), std::string::npos);
  EXPECT_NE(page.find("<canvas id=\"timeline\""), std::string::npos);
  // Texts from the trace travel in the JSON block only, where "</" cannot end the script element.
  EXPECT_EQ(page.find("</script><b>"), std::string::npos);
  EXPECT_EQ(page.find("</script><script>alert"), std::string::npos);
  EXPECT_EQ(page.find("<b>bad</b>"), std::string::npos);
  EXPECT_NE(page.find("data-view-state=\"loading\""), std::string::npos);
}

TEST(ViewPage, TheDataBlockHasEveryPartTheScriptReads) {
  const auto data = nlohmann::json::parse(page_data_json(small_model(), {.title = "t", .history_href = "h.html"}));
  for (const char* key : {"title",     "trace",  "history", "seed",      "servers", "clients", "end",     "kinds",
                          "flights",   "status", "marks",   "markKinds", "net",     "ops",     "reasons", "warnings",
                          "violation", "stop",   "cut",     "endLine",   "verdict", "stuck"}) {
    EXPECT_TRUE(data.contains(key)) << key;
  }
  EXPECT_EQ(data["history"], "h.html");
  ASSERT_EQ(data["flights"]["t0"].size(), 1u);
  EXPECT_EQ(data["flights"]["fate"][0], 1) << "dropped";
  EXPECT_EQ(data["reasons"][data["flights"]["why"][0].get<int>()], "partition");
  EXPECT_EQ(data["kinds"][data["flights"]["k"][0].get<int>()], "AppendEntries");
  EXPECT_NE(data["flights"]["sum"][0].get<std::string>().find("entry 1"), std::string::npos);
  EXPECT_EQ(data["violation"], 30) << "no stopped line: the verdict's time (40), kept within the trace (its end, 30)";
  EXPECT_TRUE(data["endLine"].is_null()) << "this trace has no end line";
}

}  // namespace
}  // namespace store::view
