#include "framework/schedule_file.h"

#include <gtest/gtest.h>

#include <fstream>

#include "testing/temp_dir.h"

namespace store::grader {
namespace {

using nlohmann::json;

TEST(SameFailure, NumbersAndFilePathsDoNotMakeAnotherFailure) {
  EXPECT_TRUE(same_failure("at t=451 ms: node 2 became leader of term 2 with votes from only 2 of 5 servers",
                           "at t=1200 ms: node 4 became leader of term 17 with votes from only 2 of 5 servers"));
  EXPECT_TRUE(same_failure("not linearizable: key \"k1000-0\"; history view: /tmp/a/crash-restart-seed1.history.html",
                           "not linearizable: key \"k1002-1\"; history view: traces/x-seed1-shrunk.history.html"));
}

TEST(SameFailure, OtherWordsAreAnotherFailure) {
  EXPECT_FALSE(same_failure("at t=451 ms: node 2 became leader of term 2 with votes from only 2 of 5 servers",
                            "at t=451 ms: expected one leader among the connected servers, but none was elected"));
  EXPECT_FALSE(same_failure("the put was not answered within 6 s", "the put was answered twice within 6 s"));
}

TEST(ScheduleShape, NeedsAnEventsArrayOfTimedEpisodes) {
  EXPECT_EQ(schedule_shape_error(json{{"events", json::array()}}), "");
  EXPECT_EQ(schedule_shape_error(json::parse(R"({"events": [{"at_us": 0, "length_us": 5, "kind": "x"}]})")), "");
  EXPECT_NE(schedule_shape_error(json::array()), "");
  EXPECT_NE(schedule_shape_error(json{{"episodes", json::array()}}), "");
  EXPECT_EQ(schedule_shape_error(json::parse(R"({"events": [{"at_us": 0}]})")),
            "event 0 needs whole, non-negative \"at_us\" and \"length_us\"");
  EXPECT_NE(schedule_shape_error(json::parse(R"({"events": [{"at_us": -1, "length_us": 5}]})")), "");
  EXPECT_NE(schedule_shape_error(json::parse(R"({"events": [{"at_us": 0.5, "length_us": 5}]})")), "");
}

TEST(ScheduleFile, ReadsASchedule_AndSaysWhatIsWrongWithAnythingElse) {
  store::testing::TempDir dir;
  std::ofstream(dir.file("good.json")) << R"({"events": [{"at_us": 1, "length_us": 2, "what": "crash node 1"}]})";
  std::ofstream(dir.file("bad.json")) << "{events";
  std::string error;
  const auto good = read_schedule_file(dir.file("good.json"), &error);
  ASSERT_TRUE(good.has_value()) << error;
  EXPECT_EQ(episode_count(*good), 1u);
  EXPECT_EQ(describe_schedule(*good), std::vector<std::string>{"crash node 1"});
  EXPECT_FALSE(read_schedule_file(dir.file("bad.json"), &error));
  EXPECT_EQ(error, dir.file("bad.json") + " is not JSON");
  EXPECT_FALSE(read_schedule_file(dir.file("missing.json"), &error));
  EXPECT_EQ(error, "cannot read " + dir.file("missing.json"));
}

TEST(ScheduleFile, AnEpisodeWithoutWordsIsShownAsItsJson) {
  const json schedule = json::parse(R"({"events": [{"at_us": 1, "length_us": 2}]})");
  EXPECT_EQ(describe_schedule(schedule), std::vector<std::string>{R"({"at_us":1,"length_us":2})"});
}

}  // namespace
}  // namespace store::grader
