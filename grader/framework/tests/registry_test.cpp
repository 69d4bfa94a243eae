#include "framework/registry.h"

#include <gtest/gtest.h>

#include "framework/test_context.h"

namespace store::grader {
namespace {

void nothing(TestContext&) {}

ScenarioInfo info(int lab, const char* name, int order = 0) {
  return ScenarioInfo{.lab = lab, .name = name, .points = 1, .description = "d", .order = order};
}

TEST(GraderRegistry, KebabCase) {
  EXPECT_TRUE(is_kebab_case("initial-election"));
  EXPECT_TRUE(is_kebab_case("lab2"));
  EXPECT_TRUE(is_kebab_case("a-1-b"));
  EXPECT_FALSE(is_kebab_case(""));
  EXPECT_FALSE(is_kebab_case("Initial"));
  EXPECT_FALSE(is_kebab_case("a_b"));
  EXPECT_FALSE(is_kebab_case("-a"));
  EXPECT_FALSE(is_kebab_case("a-"));
  EXPECT_FALSE(is_kebab_case("a--b"));
  EXPECT_FALSE(is_kebab_case("a b"));
}

TEST(GraderRegistry, OrdersByLabThenOrderThenFileThenLine) {
  Registry r;
  r.add(info(2, "two"), nothing, "grader/scenarios/a.cpp", 10);
  r.add(info(1, "one-b-late"), nothing, "grader/scenarios/b.cpp", 5);
  r.add(info(1, "one-a-late"), nothing, "grader/scenarios/a.cpp", 30);
  r.add(info(1, "one-a-early"), nothing, "grader/scenarios/a.cpp", 20);
  r.add(info(1, "one-first", -1), nothing, "grader/scenarios/z.cpp", 1);
  EXPECT_TRUE(r.errors().empty());
  EXPECT_EQ(r.names(), (std::vector<std::string>{"one-first", "one-a-early", "one-a-late", "one-b-late", "two"}));
  EXPECT_EQ(r.labs(), (std::vector<int>{1, 2}));
  ASSERT_NE(r.find("two"), nullptr);
  EXPECT_EQ(r.find("two")->info.lab, 2);
  EXPECT_EQ(r.find("three"), nullptr);
}

TEST(GraderRegistry, DuplicateNamesAreReportedWithBothPlaces) {
  Registry r;
  r.add(info(1, "same"), nothing, "a.cpp", 1);
  r.add(info(2, "same"), nothing, "b.cpp", 2);
  ASSERT_EQ(r.errors().size(), 1u);
  EXPECT_NE(r.errors()[0].find("duplicate scenario name 'same'"), std::string::npos);
  EXPECT_NE(r.errors()[0].find("a.cpp:1"), std::string::npos);
  EXPECT_NE(r.errors()[0].find("b.cpp:2"), std::string::npos);
}

TEST(GraderRegistry, BadFieldsAreReported) {
  Registry r;
  ScenarioInfo bad = info(1, "Bad_Name");
  bad.points = -1;
  bad.default_seeds = 0;
  bad.stall_limit_s = 0;
  bad.time_limit_s = -1;
  bad.memory_limit_mb = 0;
  r.add(bad, nothing, "x.cpp", 3);
  r.add(info(1, "no-function"), nullptr, "x.cpp", 4);
  std::string all;
  for (const std::string& e : r.errors()) all.append(e).append("\n");
  for (const char* expected :
       {"kebab-case", "points", "default_seeds", "stall_limit_s", "time_limit_s", "memory_limit_mb", "no function"}) {
    EXPECT_NE(all.find(expected), std::string::npos) << expected << " missing from:\n" << all;
  }
}

TEST(GraderRegistry, DeclaredLabsAndTitles) {
  Registry r;
  r.add_lab(3, "Lease reads", "l.cpp", 1);
  r.add_lab(3, "Lease reads", "m.cpp", 1);  // the same title twice is fine
  r.add(info(1, "one"), nothing);
  EXPECT_TRUE(r.errors().empty());
  EXPECT_EQ(r.labs(), (std::vector<int>{1, 3}));
  EXPECT_TRUE(r.lab_known(3));
  EXPECT_FALSE(r.lab_has_scenarios(3));
  EXPECT_TRUE(r.lab_has_scenarios(1));
  EXPECT_FALSE(r.lab_known(2));
  EXPECT_EQ(r.lab_title(3), "Lease reads");
  EXPECT_EQ(r.lab_title(1), "");
  r.add_lab(3, "Something else", "n.cpp", 7);
  ASSERT_EQ(r.errors().size(), 1u);
  EXPECT_NE(r.errors()[0].find("two titles"), std::string::npos);
}

}  // namespace
}  // namespace store::grader
