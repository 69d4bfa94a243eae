#include "framework/selection.h"

#include <gtest/gtest.h>

#include <set>

#include "framework/test_context.h"

namespace store::grader {
namespace {

void nothing(TestContext&) {}

class GraderSelection : public testing::Test {
 protected:
  GraderSelection() {
    add(1, "initial-election", 5);
    add(1, "re-election", 5);
    add(2, "linearizable-kv", 3);
    registry_.add_lab(3, "ReadIndex reads");
  }
  void add(int lab, std::string name, int seeds) {
    ScenarioInfo i;
    i.lab = lab;
    i.name = std::move(name);
    i.points = 1;
    i.default_seeds = seeds;
    registry_.add(i, nothing, "s.cpp", line_++);
  }
  static std::vector<std::string> names(const Selection& s) {
    std::vector<std::string> names;
    for (const TestPlan& t : s.tests) names.push_back(t.scenario->info.name);
    return names;
  }
  Registry registry_;
  int line_ = 1;
};

TEST_F(GraderSelection, EverythingByDefaultWithDefaultSeeds) {
  Selection s = select_tests(registry_, Options{});
  ASSERT_TRUE(s.error.empty()) << s.error;
  EXPECT_EQ(names(s), (std::vector<std::string>{"initial-election", "re-election", "linearizable-kv"}));
  EXPECT_EQ(s.tests[0].seeds, (std::vector<std::uint64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(s.tests[2].seeds, (std::vector<std::uint64_t>{1, 2, 3}));
}

TEST_F(GraderSelection, ByLabAndByTestInRegistryOrder) {
  Options o;
  o.labs = {2};
  EXPECT_EQ(names(select_tests(registry_, o)), (std::vector<std::string>{"linearizable-kv"}));
  o = Options{};
  o.tests = {"linearizable-kv", "initial-election", "initial-election"};
  EXPECT_EQ(names(select_tests(registry_, o)), (std::vector<std::string>{"initial-election", "linearizable-kv"}));
  o.labs = {1, 2};
  EXPECT_EQ(names(select_tests(registry_, o)), (std::vector<std::string>{"initial-election", "linearizable-kv"}));
}

TEST_F(GraderSelection, SeedFlags) {
  Options o;
  o.seeds = 2;
  EXPECT_EQ(select_tests(registry_, o).tests[0].seeds, (std::vector<std::uint64_t>{1, 2}));
  o = Options{};
  o.seed = 77;
  Selection s = select_tests(registry_, o);
  for (const TestPlan& t : s.tests) EXPECT_EQ(t.seeds, (std::vector<std::uint64_t>{77}));
}

TEST_F(GraderSelection, ThoroughRunsTenTimesTheDefaultSeeds) {
  Options o;
  o.thorough = true;
  Selection s = select_tests(registry_, o);
  EXPECT_EQ(s.tests[0].seeds.size(), 50u);
  EXPECT_EQ(s.tests[0].seeds.front(), 1u);
  EXPECT_EQ(s.tests[0].seeds.back(), 50u);
  EXPECT_EQ(s.tests[2].seeds.size(), 30u);
}

TEST_F(GraderSelection, ASaltDrawsOtherSeedsTheSameWayEveryTime) {
  Options o;
  o.seed_salt = "spring-2027";
  const std::vector<std::uint64_t> salted = select_tests(registry_, o).tests[0].seeds;
  ASSERT_EQ(salted.size(), 5u);
  EXPECT_EQ(salted, select_tests(registry_, o).tests[0].seeds) << "the same salt gives the same seeds";
  EXPECT_EQ(std::set<std::uint64_t>(salted.begin(), salted.end()).size(), 5u) << "five different seeds";
  for (std::uint64_t seed : salted) {
    EXPECT_GT(seed, 5u) << "not the public seeds 1..5";
    EXPECT_LT(seed, std::uint64_t{1} << 53) << "exact in a JSON double";
  }
  o.seed_salt = "fall-2027";
  EXPECT_NE(select_tests(registry_, o).tests[0].seeds, salted) << "another salt, other seeds";
  o.seeds = 2;
  EXPECT_EQ(select_tests(registry_, o).tests[0].seeds,
            (std::vector<std::uint64_t>{salted_seed("fall-2027", 1), salted_seed("fall-2027", 2)}));
}

// The derivation is documented (docs/grader.md, "Hidden seeds") so that
// anyone can check a report's seeds; these values come from Python's hashlib:
//   sha256(salt + b'\0' + struct.pack('<Q', i)).digest()[:8], little-endian, >> 11
TEST_F(GraderSelection, SaltedSeedsAreTheDocumentedSha256) {
  EXPECT_EQ(salted_seed("spring-2027", 1), 7961966481140952u);
  EXPECT_EQ(salted_seed("spring-2027", 2), 8517930807308795u);
  EXPECT_EQ(salt_fingerprint("spring-2027"), "12894379c2a1940c");
  EXPECT_NE(salt_fingerprint("spring-2028"), salt_fingerprint("spring-2027"));
}

TEST_F(GraderSelection, UnknownTestSuggestsTheClosestName) {
  Options o;
  o.tests = {"inital-election"};
  Selection s = select_tests(registry_, o);
  EXPECT_EQ(s.error, "unknown test 'inital-election'; did you mean 'initial-election'?");
  o.tests = {"zzz"};
  EXPECT_EQ(select_tests(registry_, o).error, "unknown test 'zzz' (--list shows every test)");
}

TEST_F(GraderSelection, TestOutsideTheRequestedLabIsAnError) {
  Options o;
  o.tests = {"linearizable-kv"};
  o.labs = {1};
  EXPECT_EQ(select_tests(registry_, o).error, "test 'linearizable-kv' is in lab 2, not in --lab 1");
}

TEST_F(GraderSelection, UnknownLabIsAnErrorButADeclaredEmptyLabIsNot) {
  Options o;
  o.labs = {9};
  EXPECT_EQ(select_tests(registry_, o).error, "unknown lab 9 (labs: 1, 2, 3)");
  o.labs = {3};
  Selection s = select_tests(registry_, o);
  EXPECT_TRUE(s.error.empty());
  EXPECT_TRUE(s.tests.empty());
  EXPECT_EQ(s.note, "lab 3 has no graded tests yet");
}

TEST(GraderSelectionEmpty, AnEmptyRegistryIsNotAnError) {
  Registry empty;
  Options o;
  o.labs = {1};
  Selection s = select_tests(empty, o);
  EXPECT_TRUE(s.error.empty());
  EXPECT_TRUE(s.tests.empty());
  EXPECT_EQ(s.note, "no graded labs exist yet");
}

}  // namespace
}  // namespace store::grader
