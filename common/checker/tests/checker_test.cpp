// Hand-made histories with known verdicts.
#include "checker/checker.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "script.h"

namespace store::checker {
namespace {

using history::Operation;
using history::Output;
using testing::Script;

constexpr std::int64_t A = 1001, B = 1002, C = 1003;

CheckResult check_kv(const Script& s, Options options = {}) {
  options.model = Model::kKv;
  return check(s.history(), options);
}

CheckResult check_register(const Script& s, Options options = {}) {
  options.model = Model::kCasRegister;
  return check(s.history(), options);
}

TEST(CheckerKv, SequentialHistoryIsLinearizable) {
  Script s;
  s.done(A, Operation::get("k"), Output::absent());
  s.done(A, Operation::put("k", "1"));
  s.done(B, Operation::get("k"), Output::found_value("1"));
  s.done(B, Operation::append("k", "2"));
  s.done(A, Operation::get("k"), Output::found_value("12"));
  s.done(A, Operation::del("k"));
  s.done(B, Operation::get("k"), Output::absent());
  const CheckResult r = check_kv(s);
  EXPECT_EQ(r.verdict, Verdict::kLinearizable);
  EXPECT_FALSE(r.offending);
  ASSERT_EQ(r.partitions.size(), 1u);
  EXPECT_EQ(r.partitions[0].key, "k");
  EXPECT_EQ(r.partitions[0].order.size(), 7u);  // a full linearization
}

TEST(CheckerKv, StaleReadAfterANewerWriteCompletedIsNotLinearizable) {
  Script s;
  s.done(A, Operation::put("k", "old"));
  s.done(A, Operation::put("k", "new"));
  const auto stale = s.done(B, Operation::get("k"), Output::found_value("old"));
  const CheckResult r = check_kv(s);
  EXPECT_EQ(r.verdict, Verdict::kNotLinearizable);
  ASSERT_TRUE(r.offending);
  const PartitionResult& part = r.partitions[*r.offending];
  EXPECT_EQ(part.key, "k");
  ASSERT_TRUE(part.stuck);
  EXPECT_EQ(*part.stuck, stale);
  EXPECT_EQ(part.order.size(), 2u);  // both puts took effect, then the get cannot
  EXPECT_EQ(part.state_at_stuck, "\"new\"");
  const std::string why = explain(s.history(), r);
  EXPECT_NE(why.find("not linearizable: key \"k\""), std::string::npos) << why;
  EXPECT_NE(why.find("get k"), std::string::npos) << why;
}

TEST(CheckerKv, ConcurrentReadMaySeeEitherValue) {
  for (const char* seen : {"old", "new"}) {
    Script s;
    s.done(A, Operation::put("k", "old"));
    const auto put = s.call(A, Operation::put("k", "new"));
    const auto get = s.call(B, Operation::get("k"));
    s.ok(get, Output::found_value(seen));
    s.ok(put);
    EXPECT_EQ(check_kv(s).verdict, Verdict::kLinearizable) << seen;
  }
}

TEST(CheckerKv, TwoReadsCannotSeeAWriteAndThenNotSeeIt) {
  Script s;
  s.done(A, Operation::put("k", "old"));
  const auto put = s.call(A, Operation::put("k", "new"));
  s.done(B, Operation::get("k"), Output::found_value("new"));
  s.done(C, Operation::get("k"), Output::found_value("old"));  // after B's read completed
  s.ok(put);
  EXPECT_EQ(check_kv(s).verdict, Verdict::kNotLinearizable);
}

TEST(CheckerKv, InfoWriteMayTakeEffectLateOrNever) {
  {
    Script s;  // seen long after the client gave up on it
    const auto put = s.call(A, Operation::put("k", "maybe"));
    s.info(put);
    s.done(B, Operation::get("k"), Output::absent());
    s.done(B, Operation::get("k"), Output::found_value("maybe"));
    EXPECT_EQ(check_kv(s).verdict, Verdict::kLinearizable);
  }
  {
    Script s;  // never seen at all
    const auto put = s.call(A, Operation::put("k", "maybe"));
    s.info(put);
    s.done(B, Operation::get("k"), Output::absent());
    EXPECT_EQ(check_kv(s).verdict, Verdict::kLinearizable);
  }
  {
    Script s;  // but once seen, it stays
    const auto put = s.call(A, Operation::put("k", "maybe"));
    s.info(put);
    s.done(B, Operation::get("k"), Output::found_value("maybe"));
    s.done(B, Operation::get("k"), Output::absent());
    EXPECT_EQ(check_kv(s).verdict, Verdict::kNotLinearizable);
  }
  {
    Script s;  // and it cannot take effect before its call
    s.done(B, Operation::get("k"), Output::found_value("maybe"));
    const auto put = s.call(A, Operation::put("k", "maybe"));
    s.info(put);
    EXPECT_EQ(check_kv(s).verdict, Verdict::kNotLinearizable);
  }
}

TEST(CheckerKv, AnOperationWithNoCompletionIsOpenForever) {
  Script s;
  s.call(A, Operation::append("k", "x"));  // never completes
  s.done(B, Operation::get("k"), Output::absent());
  s.done(B, Operation::get("k"), Output::found_value("x"));
  EXPECT_EQ(check_kv(s).verdict, Verdict::kLinearizable);
}

TEST(CheckerKv, AFailedWriteDidNotHappen) {
  Script s;
  const auto put = s.call(A, Operation::put("k", "v"));
  s.fail(put);
  s.done(B, Operation::get("k"), Output::found_value("v"));
  EXPECT_EQ(check_kv(s).verdict, Verdict::kNotLinearizable);

  Script t;
  const auto put2 = t.call(A, Operation::put("k", "v"));
  t.fail(put2);
  t.done(B, Operation::get("k"), Output::absent());
  EXPECT_EQ(check_kv(t).verdict, Verdict::kLinearizable);
}

TEST(CheckerKv, DeleteMakesTheKeyAbsentAgain) {
  Script s;
  s.done(A, Operation::put("k", "v"));
  s.done(A, Operation::del("k"));
  s.done(B, Operation::get("k"), Output::found_value("v"));
  EXPECT_EQ(check_kv(s).verdict, Verdict::kNotLinearizable);

  Script t;
  t.done(A, Operation::put("k", "v"));
  const auto del = t.call(A, Operation::del("k"));
  t.done(B, Operation::get("k"), Output::found_value("v"));
  t.done(B, Operation::get("k"), Output::absent());
  t.ok(del);
  EXPECT_EQ(check_kv(t).verdict, Verdict::kLinearizable);
}

TEST(CheckerKv, ConcurrentAppendsLandInSomeOrder) {
  for (const char* seen : {"ab", "ba"}) {
    Script s;
    const auto a = s.call(A, Operation::append("k", "a"));
    const auto b = s.call(B, Operation::append("k", "b"));
    s.ok(a);
    s.ok(b);
    s.done(C, Operation::get("k"), Output::found_value(seen));
    EXPECT_EQ(check_kv(s).verdict, Verdict::kLinearizable) << seen;
  }
  Script s;
  const auto a = s.call(A, Operation::append("k", "a"));
  const auto b = s.call(B, Operation::append("k", "b"));
  s.ok(a);
  s.ok(b);
  s.done(C, Operation::get("k"), Output::found_value("a"));  // b was lost
  EXPECT_EQ(check_kv(s).verdict, Verdict::kNotLinearizable);
}

TEST(CheckerKv, ConcurrentIncrementsAddUpAndEachReturnsItsSum) {
  Script s;
  const auto a = s.call(A, Operation::increment("n", 5));
  const auto b = s.call(B, Operation::increment("n", 2));
  s.ok(b, Output::found_value("2"));  // b went first
  s.ok(a, Output::found_value("7"));
  s.done(C, Operation::get("n"), Output::found_value("7"));
  EXPECT_EQ(check_kv(s).verdict, Verdict::kLinearizable);
}

TEST(CheckerKv, AnIncrementAppliedTwiceIsCaught) {
  // The retry of a lost reply ran again: the sum shows both runs.
  Script s;
  s.done(A, Operation::increment("n", 1), Output::found_value("1"));
  s.done(B, Operation::increment("n", 1), Output::found_value("3"));
  const CheckResult r = check_kv(s);
  EXPECT_EQ(r.verdict, Verdict::kNotLinearizable);
  EXPECT_EQ(r.partitions[*r.offending].state_at_stuck, "\"1\"");
}

TEST(CheckerKv, AnUnknownIncrementMayHaveHappenedOnceOrNot) {
  for (const char* seen : {"10", "11"}) {
    Script s;
    s.done(A, Operation::put("n", "10"));
    s.info(s.call(A, Operation::increment("n", 1)));
    s.done(B, Operation::get("n"), Output::found_value(seen));
    EXPECT_EQ(check_kv(s).verdict, Verdict::kLinearizable) << seen;
  }
  Script twice;
  twice.done(A, Operation::put("n", "10"));
  twice.info(twice.call(A, Operation::increment("n", 1)));
  twice.done(B, Operation::get("n"), Output::found_value("12"));
  EXPECT_EQ(check_kv(twice).verdict, Verdict::kNotLinearizable);
}

TEST(CheckerKv, AnIncrementOfTextCannotSucceed) {
  Script s;
  s.done(A, Operation::put("n", "ten"));
  s.done(A, Operation::increment("n", 1), Output::found_value("1"));
  EXPECT_EQ(check_kv(s).verdict, Verdict::kNotLinearizable);
}

TEST(CheckerKv, IncrementsMixWithPutsAndAppends) {
  // "4" + append "2" is "42"; 42 + 1 is 43: the model reads values as text.
  Script s;
  s.done(A, Operation::put("n", "4"));
  s.done(A, Operation::append("n", "2"));
  s.done(B, Operation::increment("n", 1), Output::found_value("43"));
  s.done(B, Operation::increment("n", -50), Output::found_value("-7"));
  EXPECT_EQ(check_kv(s).verdict, Verdict::kLinearizable);
}

TEST(CheckerKv, InitialValueOfAKeyIsAnOption) {
  Script s;
  s.done(A, Operation::get("k"), Output::found_value(""));
  EXPECT_EQ(check_kv(s).verdict, Verdict::kNotLinearizable);
  Options empty;
  empty.keys_start_empty = true;
  EXPECT_EQ(check_kv(s, empty).verdict, Verdict::kLinearizable);
}

TEST(CheckerKv, KeysAreCheckedSeparatelyAndTheOffendingKeyIsNamed) {
  Script s;
  s.done(A, Operation::put("b", "1"));
  s.done(A, Operation::put("a", "1"));
  s.done(B, Operation::get("a"), Output::found_value("1"));
  s.done(B, Operation::get("b"), Output::found_value("2"));  // never written
  s.done(C, Operation::get("c"), Output::absent());
  const CheckResult r = check_kv(s);
  EXPECT_EQ(r.verdict, Verdict::kNotLinearizable);
  ASSERT_EQ(r.partitions.size(), 3u);
  EXPECT_EQ(r.partitions[0].key, "a");  // ordered by key
  EXPECT_EQ(r.partitions[1].key, "b");
  EXPECT_EQ(r.partitions[2].key, "c");
  ASSERT_TRUE(r.offending);
  EXPECT_EQ(*r.offending, 1u);
  EXPECT_EQ(r.partitions[1].records.size(), 2u);
}

TEST(CheckerKv, ConsistentOnlyAcrossKeysIsStillLinearizable) {
  // Linearizability is local: each key on its own is enough.
  Script s;
  const auto pa = s.call(A, Operation::put("x", "1"));
  const auto pb = s.call(B, Operation::put("y", "1"));
  s.done(C, Operation::get("x"), Output::found_value("1"));
  s.done(C, Operation::get("y"), Output::absent());
  s.ok(pa);
  s.ok(pb);
  EXPECT_EQ(check_kv(s).verdict, Verdict::kLinearizable);
}

TEST(CheckerKv, RejectsRegisterOperations) {
  Script s;
  s.done(A, Operation::write(1));
  EXPECT_THROW(check_kv(s), std::invalid_argument);
  Script t;
  t.done(A, Operation::get("k"), Output::absent());
  EXPECT_THROW(check_register(t), std::invalid_argument);
}

TEST(CheckerRegister, FailedCasMeansTheValueWasNotFrom) {
  Script s;
  s.done(A, Operation::write(1));
  const auto cas = s.call(B, Operation::cas(1, 2));
  s.fail(cas);
  EXPECT_EQ(check_register(s).verdict, Verdict::kNotLinearizable);

  Script t;
  t.done(A, Operation::write(1));
  const auto cas2 = t.call(B, Operation::cas(3, 2));
  t.fail(cas2);
  t.done(A, Operation::read(), Output::read_value(1));
  EXPECT_EQ(check_register(t).verdict, Verdict::kLinearizable);
}

TEST(CheckerRegister, CasSwapsAndReadsSeeIt) {
  Script s;
  s.done(A, Operation::read(), Output::absent());
  s.done(A, Operation::write(1));
  s.done(B, Operation::cas(1, 2));
  s.done(A, Operation::read(), Output::read_value(2));
  EXPECT_EQ(check_register(s).verdict, Verdict::kLinearizable);

  Script t;
  t.done(A, Operation::write(1));
  t.done(B, Operation::cas(1, 2));
  t.done(A, Operation::read(), Output::read_value(1));
  EXPECT_EQ(check_register(t).verdict, Verdict::kNotLinearizable);
}

TEST(CheckerRegister, UnknownReadsAndInfoCasConstrainNothing) {
  Script s;
  s.done(A, Operation::write(1));
  s.done(B, Operation::read(), Output::unknown_value());
  const auto cas = s.call(C, Operation::cas(1, 5));
  s.info(cas);
  s.done(A, Operation::read(), Output::read_value(1));
  s.done(A, Operation::read(), Output::read_value(5));
  EXPECT_EQ(check_register(s).verdict, Verdict::kLinearizable);
  EXPECT_EQ(check_register(s).partitions[0].key, "");
}

// Many concurrent appends and a violation at the very end, beyond the
// search's lookahead: deciding takes about a hundred thousand steps (more than
// the checker's first round of 20000), so a small budget must give unknown --
// never a pass.
Script hard_history() {
  Script s;
  std::vector<history::OpId> open;
  for (int c = 0; c < 19; ++c)
    open.push_back(s.call(A + c, Operation::append("k", std::string("v").append(std::to_string(c)).append(";"))));
  for (auto id : open) s.ok(id);
  s.done(A, Operation::get("k"), Output::found_value("not a concatenation of them"));
  return s;
}

TEST(CheckerBudget, RunningOutOfStepsGivesUnknown) {
  const Script s = hard_history();
  Options tight;
  tight.max_steps = 2000;
  const CheckResult r = check_kv(s, tight);
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  ASSERT_TRUE(r.offending);
  EXPECT_EQ(r.partitions[*r.offending].exhausted, "step budget");
  EXPECT_NE(explain(s.history(), r).find("failure to decide, not a pass"), std::string::npos);
}

TEST(CheckerBudget, RunningOutOfTimeGivesUnknown) {
  const Script s = hard_history();
  Options tight;
  tight.timeout_seconds = 1e-9;
  const CheckResult r = check_kv(s, tight);
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  EXPECT_EQ(r.partitions[0].exhausted, "deadline");
}

TEST(CheckerBudget, AnUnknownKeyDoesNotHideAViolationElsewhere) {
  Script s = hard_history();
  s.done(B, Operation::put("other", "1"));
  s.done(B, Operation::get("other"), Output::absent());
  Options tight;
  tight.max_steps = 2000;
  const CheckResult r = check_kv(s, tight);
  EXPECT_EQ(r.verdict, Verdict::kNotLinearizable);
  ASSERT_TRUE(r.offending);
  EXPECT_EQ(r.partitions[*r.offending].key, "other");
}

TEST(CheckerEarlyStop, OtherPartitionsStopOnceOneIsNotLinearizable) {
  Script s = hard_history();  // key "k": would take long
  s.done(B, Operation::put("a", "1"));
  s.done(B, Operation::get("a"), Output::absent());  // key "a": quickly not linearizable
  const CheckResult r = check_kv(s);
  EXPECT_EQ(r.verdict, Verdict::kNotLinearizable);
  ASSERT_EQ(r.partitions.size(), 2u);
  EXPECT_EQ(r.partitions[0].verdict, Verdict::kNotLinearizable);
  EXPECT_EQ(r.partitions[1].verdict, Verdict::kUnknown);
  EXPECT_NE(r.partitions[1].exhausted.find("another partition"), std::string::npos);

  Options every;
  every.check_every_partition = true;
  const CheckResult all = check_kv(s, every);
  EXPECT_EQ(all.partitions[1].verdict, Verdict::kNotLinearizable);
}

TEST(CheckerThreads, ResultDoesNotDependOnThreads) {
  Script s;
  for (int key = 0; key < 12; ++key) {
    const std::string k = std::to_string(key);
    const auto put = s.call(A, Operation::put(k, "1"));
    const auto get = s.call(B, Operation::get(k));
    s.ok(get, key % 5 == 3 ? Output::found_value("2") : Output::found_value("1"));
    s.ok(put);
  }
  Options one;
  one.threads = 1;
  Options four;
  four.threads = 4;
  const CheckResult a = check_kv(s, one);
  const CheckResult b = check_kv(s, four);
  EXPECT_EQ(a.verdict, Verdict::kNotLinearizable);
  EXPECT_EQ(a.offending, b.offending);
  ASSERT_EQ(a.partitions.size(), b.partitions.size());
  for (std::size_t i = 0; i < a.partitions.size(); ++i) {
    EXPECT_EQ(a.partitions[i].verdict, b.partitions[i].verdict) << i;
    EXPECT_EQ(a.partitions[i].order, b.partitions[i].order) << i;
    EXPECT_EQ(a.partitions[i].stuck, b.partitions[i].stuck) << i;
    EXPECT_EQ(a.partitions[i].steps, b.partitions[i].steps) << i;
  }
}

TEST(CheckerVerdict, NamesAndCombination) {
  Verdict v{};
  EXPECT_TRUE(verdict_from_name("not-linearizable", &v));
  EXPECT_EQ(v, Verdict::kNotLinearizable);
  EXPECT_FALSE(verdict_from_name("ok", &v));
  EXPECT_EQ(combine(Verdict::kUnknown, Verdict::kNotLinearizable), Verdict::kNotLinearizable);
  EXPECT_EQ(combine(Verdict::kUnknown, Verdict::kLinearizable), Verdict::kUnknown);
  EXPECT_EQ(combine(Verdict::kLinearizable, Verdict::kLinearizable), Verdict::kLinearizable);
  Model m{};
  EXPECT_TRUE(model_from_name("cas-register", &m));
  EXPECT_EQ(m, Model::kCasRegister);
  EXPECT_FALSE(model_from_name("register", &m));
}

}  // namespace
}  // namespace store::checker
