#include <gtest/gtest.h>

#include "checker/kv_model.h"
#include "checker/register_model.h"

namespace store::checker {
namespace {

using history::Operation;
using history::Outcome;
using history::Output;
using history::Record;

Record ok(Operation op, Output output = Output::none()) {
  Record record;
  record.op = std::move(op);
  record.outcome = Outcome::kOk;
  record.output = std::move(output);
  return record;
}

Record with(Operation op, Outcome outcome) {
  Record record;
  record.op = std::move(op);
  record.outcome = outcome;
  return record;
}

StateId apply(KvModel& model, StateId state, const SearchOp& op) {
  StateId next = kAbsent;
  EXPECT_TRUE(model.step(state, op, &next));
  return next;
}

TEST(CheckerKvModel, KeysStartAbsentAndGetSeesPutAndDelete) {
  KvModel model(/*keys_start_empty=*/false);
  const SearchOp get_absent = model.compile(ok(Operation::get("k"), Output::absent()));
  const SearchOp get_v = model.compile(ok(Operation::get("k"), Output::found_value("v")));
  const SearchOp put_v = model.compile(ok(Operation::put("k", "v")));
  const SearchOp del = model.compile(ok(Operation::del("k")));
  StateId next = 0;
  StateId state = model.initial();
  EXPECT_EQ(state, kAbsent);
  EXPECT_TRUE(model.step(state, get_absent, &next));
  EXPECT_FALSE(model.step(state, get_v, &next));
  state = apply(model, state, put_v);
  EXPECT_TRUE(model.step(state, get_v, &next));
  EXPECT_FALSE(model.step(state, get_absent, &next));
  state = apply(model, state, del);
  EXPECT_EQ(state, kAbsent);
  EXPECT_EQ(model.describe(state), "absent");
}

TEST(CheckerKvModel, IncrementReadsTheValueAsADecimalNumber) {
  KvModel model(false);
  const SearchOp add_3 = model.compile(ok(Operation::increment("k", 3), Output::found_value("3")));
  const SearchOp add_3_again = model.compile(ok(Operation::increment("k", 3), Output::found_value("6")));
  const SearchOp put_text = model.compile(ok(Operation::put("k", "x")));
  const SearchOp put_max = model.compile(ok(Operation::put("k", "9223372036854775807")));
  const SearchOp add_unknown = model.compile(with(Operation::increment("k", 1), Outcome::kInfo));
  StateId next = 0;
  StateId state = model.initial();
  EXPECT_FALSE(model.step(state, add_3_again, &next)) << "absent counts as 0, so the sum is 3";
  state = apply(model, state, add_3);
  EXPECT_EQ(model.describe(state), "\"3\"");
  state = apply(model, state, add_3_again);
  EXPECT_EQ(model.describe(state), "\"6\"");
  EXPECT_FALSE(model.step(state, add_3, &next)) << "an increment returns the sum it made";
  for (const SearchOp* refused : {&put_text, &put_max}) {
    const StateId before = apply(model, state, *refused);
    EXPECT_FALSE(model.step(before, add_3, &next)) << "no number, or overflow: the store refuses";
    ASSERT_TRUE(model.step(before, add_unknown, &next));
    EXPECT_EQ(next, before) << "a refused increment changes nothing";
  }
  EXPECT_TRUE(model.is_reset(add_3));
}

TEST(CheckerKvModel, AppendConcatenatesAndEqualValuesAreOneState) {
  KvModel model(false);
  const SearchOp append_a = model.compile(ok(Operation::append("k", "a")));
  const SearchOp append_bc = model.compile(ok(Operation::append("k", "bc")));
  const SearchOp append_ab = model.compile(ok(Operation::append("k", "ab")));
  const SearchOp append_c = model.compile(ok(Operation::append("k", "c")));
  const SearchOp put_abc = model.compile(ok(Operation::put("k", "abc")));
  const SearchOp get_abc = model.compile(ok(Operation::get("k"), Output::found_value("abc")));
  // An append on an absent key creates it.
  const StateId a = apply(model, kAbsent, append_a);
  EXPECT_EQ(model.describe(a), "\"a\"");
  // "a"+"bc", "ab"+"c" and put "abc" are the same value, hence the same state.
  const StateId abc1 = apply(model, a, append_bc);
  const StateId abc2 = apply(model, apply(model, kAbsent, append_ab), append_c);
  const StateId abc3 = apply(model, kAbsent, put_abc);
  EXPECT_EQ(abc1, abc2);
  EXPECT_EQ(abc1, abc3);
  EXPECT_EQ(model.text(abc1), "abc");
  StateId next = 0;
  EXPECT_TRUE(model.step(abc2, get_abc, &next));
  // Memoised: the same append from the same state gives the same id again.
  EXPECT_EQ(apply(model, a, append_bc), abc1);
}

TEST(CheckerKvModel, LongChainsOfAppendsStayExact) {
  KvModel model(false);
  std::vector<SearchOp> appends;
  for (int i = 0; i < 300; ++i)
    appends.push_back(
        model.compile(ok(Operation::append("k", std::string("x").append(std::to_string(i)).append(" ")))));
  StateId forward = kAbsent;
  std::string expected;
  for (int i = 0; i < 300; ++i) {
    forward = apply(model, forward, appends[static_cast<std::size_t>(i)]);
    expected += std::string("x").append(std::to_string(i)).append(" ");
  }
  EXPECT_EQ(model.text(forward), expected);
  const SearchOp get = model.compile(ok(Operation::get("k"), Output::found_value(expected)));
  StateId next = 0;
  EXPECT_TRUE(model.step(forward, get, &next));
  // The same appends in another order are another value.
  StateId swapped = apply(model, apply(model, kAbsent, appends[1]), appends[0]);
  for (std::size_t i = 2; i < 300; ++i) swapped = apply(model, swapped, appends[i]);
  EXPECT_NE(swapped, forward);
  EXPECT_FALSE(model.step(swapped, get, &next));
}

TEST(CheckerKvModel, KeysMayStartAsTheEmptyString) {
  KvModel model(/*keys_start_empty=*/true);
  const SearchOp get_empty = model.compile(ok(Operation::get("k"), Output::found_value("")));
  const SearchOp get_absent = model.compile(ok(Operation::get("k"), Output::absent()));
  StateId next = 0;
  EXPECT_TRUE(model.step(model.initial(), get_empty, &next));
  EXPECT_FALSE(model.step(model.initial(), get_absent, &next));
}

TEST(CheckerKvModel, UnknownOutputsConstrainNothing) {
  KvModel model(false);
  const SearchOp unknown = model.compile(ok(Operation::get("k"), Output::unknown_value()));
  const SearchOp info_get = model.compile(with(Operation::get("k"), Outcome::kInfo));
  const SearchOp put = model.compile(ok(Operation::put("k", "v")));
  StateId next = 0;
  EXPECT_TRUE(model.step(kAbsent, unknown, &next));
  EXPECT_TRUE(model.step(apply(model, kAbsent, put), info_get, &next));
}

TEST(CheckerKvModel, LookaheadRejectsOnlyUnreachableReads) {
  KvModel model(false);
  const SearchOp get_ab = model.compile(ok(Operation::get("k"), Output::found_value("ab")));
  const SearchOp get_absent = model.compile(ok(Operation::get("k"), Output::absent()));
  const SearchOp put_a = model.compile(ok(Operation::put("k", "a")));
  const SearchOp append_c = model.compile(ok(Operation::append("k", "c")));
  const SearchOp del = model.compile(ok(Operation::del("k")));
  const StateId a = apply(model, kAbsent, put_a);
  const StateId ac = apply(model, a, append_c);
  const std::vector<const SearchOp*> none;
  EXPECT_TRUE(model.viable(a, get_ab, none));    // "a" may still become "ab"
  EXPECT_FALSE(model.viable(ac, get_ab, none));  // "ac" never will with appends alone
  const std::vector<const SearchOp*> with_put = {&put_a};
  EXPECT_TRUE(model.viable(ac, get_ab, with_put));  // unless a put of "a" comes first
  EXPECT_FALSE(model.viable(a, get_absent, none));
  const std::vector<const SearchOp*> with_delete = {&del};
  EXPECT_TRUE(model.viable(a, get_absent, with_delete));
  EXPECT_TRUE(model.viable(kAbsent, get_ab, none));  // appends can build anything from absent
  EXPECT_TRUE(model.is_reset(put_a));
  EXPECT_TRUE(model.is_reset(del));
  EXPECT_FALSE(model.is_reset(append_c));
}

TEST(CheckerRegisterModel, ReadWriteAndCas) {
  RegisterModel model;
  const SearchOp read_absent = model.compile(ok(Operation::read(), Output::absent()));
  const SearchOp read_1 = model.compile(ok(Operation::read(), Output::read_value(1)));
  const SearchOp read_unknown = model.compile(ok(Operation::read(), Output::unknown_value()));
  const SearchOp write_1 = model.compile(ok(Operation::write(1)));
  const SearchOp cas_1_2 = model.compile(ok(Operation::cas(1, 2)));
  const SearchOp cas_1_2_failed = model.compile(with(Operation::cas(1, 2), Outcome::kFail));
  const SearchOp cas_1_2_info = model.compile(with(Operation::cas(1, 2), Outcome::kInfo));
  StateId next = 0;
  const StateId start = model.initial();
  EXPECT_TRUE(model.step(start, read_absent, &next));
  EXPECT_FALSE(model.step(start, read_1, &next));
  EXPECT_TRUE(model.step(start, read_unknown, &next));
  // cas needs the value to be `from`; a failed cas needs it not to be.
  EXPECT_FALSE(model.step(start, cas_1_2, &next));
  EXPECT_TRUE(model.step(start, cas_1_2_failed, &next));
  EXPECT_EQ(next, start);
  StateId one = 0;
  ASSERT_TRUE(model.step(start, write_1, &one));
  EXPECT_TRUE(model.step(one, read_1, &next));
  EXPECT_FALSE(model.step(one, cas_1_2_failed, &next));
  StateId two = 0;
  ASSERT_TRUE(model.step(one, cas_1_2, &two));
  EXPECT_EQ(model.describe(two), "2");
  // A cas of unknown outcome swaps if it can, and is accepted either way.
  EXPECT_TRUE(model.step(one, cas_1_2_info, &next));
  EXPECT_EQ(next, two);
  EXPECT_TRUE(model.step(start, cas_1_2_info, &next));
  EXPECT_EQ(next, start);
  EXPECT_EQ(model.describe(start), "absent");
}

TEST(CheckerRegisterModel, LookaheadKnowsWhichWritesCanProduceARead) {
  RegisterModel model;
  const SearchOp read_3 = model.compile(ok(Operation::read(), Output::read_value(3)));
  const SearchOp write_3 = model.compile(ok(Operation::write(3)));
  const SearchOp write_4 = model.compile(ok(Operation::write(4)));
  const SearchOp cas_4_3 = model.compile(with(Operation::cas(4, 3), Outcome::kInfo));
  EXPECT_FALSE(model.viable(kAbsent, read_3, {}));
  EXPECT_FALSE(model.viable(kAbsent, read_3, {&write_4}));
  EXPECT_TRUE(model.viable(kAbsent, read_3, {&write_4, &write_3}));
  EXPECT_TRUE(model.viable(kAbsent, read_3, {&cas_4_3}));
}

}  // namespace
}  // namespace store::checker
