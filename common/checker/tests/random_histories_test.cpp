// The checker against a brute-force one on thousands of small random
// histories: every order of the operations that respects real time is tried,
// with the operations' meaning written out again independently of the
// checker's models. Histories come from a simulated store (so most are
// linearizable) with some outputs then corrupted.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <optional>
#include <set>

#include "checker/checker.h"
#include "core/rng.h"
#include "history/formats.h"
#include "history/recorder.h"

namespace store::checker {
namespace {

using history::History;
using history::Operation;
using history::OpKind;
using history::Outcome;
using history::Output;
using history::Record;

using Value = std::optional<std::string>;  // register values as decimal text
using State = std::map<std::string, Value>;

// An increment's sum, or nothing when the store refuses it (the value is no number).
std::optional<std::string> sum_after(const Value& value, std::int64_t amount) {
  if (!value) return std::to_string(amount);
  if (value->empty() || value->find_first_not_of("-0123456789") != std::string::npos) return std::nullopt;
  return std::to_string(std::stoll(*value) + amount);
}

// Applies `record` to `state` if it can take effect there.
bool take_effect(const Record& record, State& state) {
  const Operation& op = record.op;
  Value& value = state[op.key];
  const bool ok = record.outcome == Outcome::kOk;
  switch (op.kind) {
    case OpKind::kGet:
    case OpKind::kRead: {
      if (!ok || record.output.unknown) return true;
      if (!record.output.found) return !value;
      const std::string seen = op.kind == OpKind::kGet ? record.output.value : std::to_string(record.output.number);
      return value && *value == seen;
    }
    case OpKind::kPut: value = op.value; return true;
    case OpKind::kDelete: value.reset(); return true;
    case OpKind::kAppend: value = value.value_or("") + op.value; return true;
    case OpKind::kIncrement: {
      const std::optional<std::string> sum = sum_after(value, op.number);
      if (!sum) return !ok;  // refused: nothing changes, and it cannot have been ok
      if (ok && record.output.found && record.output.value != *sum) return false;
      value = sum;
      return true;
    }
    case OpKind::kWrite: value = std::to_string(op.number); return true;
    case OpKind::kCas: {
      const bool matches = value && *value == std::to_string(op.number);
      if (record.outcome == Outcome::kFail) return !matches;
      if (matches) value = std::to_string(op.number2);
      return matches || !ok;
    }
  }
  return false;
}

bool brute_force(const History& h) {
  std::vector<const Record*> ops;
  for (const Record& r : h.records) {
    if (r.outcome != Outcome::kFail || r.op.kind == OpKind::kCas) ops.push_back(&r);
  }
  std::set<std::pair<unsigned, State>> dead;
  std::function<bool(unsigned, const State&)> search = [&](unsigned placed, const State& state) {
    bool all_returned_placed = true;
    for (std::size_t i = 0; i < ops.size(); ++i) {
      if (!(placed & (1u << i)) && ops[i]->completed()) all_returned_placed = false;
    }
    if (all_returned_placed) return true;
    if (dead.count(std::make_pair(placed, state))) return false;
    for (std::size_t i = 0; i < ops.size(); ++i) {
      if (placed & (1u << i)) continue;
      bool may_go_next = true;  // no other pending operation returned before this one was called
      for (std::size_t j = 0; j < ops.size(); ++j) {
        if (j != i && !(placed & (1u << j)) && ops[j]->return_event < ops[i]->call_event) may_go_next = false;
      }
      if (!may_go_next) continue;
      State next = state;
      if (take_effect(*ops[i], next) && search(placed | (1u << i), next)) return true;
    }
    dead.insert(std::make_pair(placed, state));
    return false;
  };
  return search(0, State{});
}

// A store run by a few clients, each operation taking effect at a random
// moment between its call and its return (or, for info, possibly never).
History simulate(Rng& rng, bool kv) {
  history::HistoryRecorder recorder;
  struct Pending {
    history::OpId id;
    bool effected = false;
    Output output;
  };
  std::map<std::int64_t, Pending> pending;
  State truth;
  const int clients = static_cast<int>(rng.between(2, 4));
  const int total = static_cast<int>(rng.between(2, 8));
  int started = 0;
  Micros t = 0;
  auto random_op = [&]() {
    const std::string key = rng.chance(0.7) ? "k" : "j";
    // Digits too, so that increments find numbers to add to.
    const std::string value = std::string(1, static_cast<char>(rng.chance(0.5) ? 'a' + rng.below(3) : '1' + rng.below(3)));
    const std::int64_t number = rng.between(0, 2);
    if (kv) {
      switch (rng.below(5)) {
        case 0: return Operation::get(key);
        case 1: return Operation::put(key, value);
        case 2: return Operation::del(key);
        case 3: return Operation::increment(key, rng.between(-1, 2));
        default: return Operation::append(key, value);
      }
    }
    switch (rng.below(3)) {
      case 0: return Operation::read();
      case 1: return Operation::write(number);
      default: return Operation::cas(number, rng.between(0, 2));
    }
  };
  while (started < total || !pending.empty()) {
    ++t;
    const std::int64_t client = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(clients)));
    auto it = pending.find(client);
    if (it == pending.end()) {
      if (started < total) {
        pending[client] = {recorder.invoke(t, client, random_op())};
        ++started;
      }
      continue;
    }
    Pending& p = it->second;
    const Record& record = recorder.history().records[p.id];
    if (!p.effected && rng.chance(0.5)) {
      // Take effect now, computing the true output.
      Value& value = truth[record.op.key];
      Record probe = record;
      probe.outcome = Outcome::kOk;
      switch (record.op.kind) {
        case OpKind::kGet: p.output = value ? Output::found_value(*value) : Output::absent(); break;
        case OpKind::kRead: p.output = value ? Output::read_value(std::stoll(*value)) : Output::absent(); break;
        case OpKind::kCas:
          if (!(value && *value == std::to_string(record.op.number))) probe.outcome = Outcome::kFail;
          break;
        case OpKind::kIncrement:
          if (const auto sum = sum_after(value, record.op.number)) {
            p.output = Output::found_value(*sum);
          } else {
            probe.outcome = Outcome::kFail;  // refused
          }
          break;
        default: break;
      }
      take_effect(probe, truth);
      p.effected = true;
      if (probe.outcome == Outcome::kFail) p.output.unknown = true;  // marks "cas did not swap"
      continue;
    }
    const double roll = rng.unit();
    if (p.effected && roll < 0.8) {
      if ((record.op.kind == OpKind::kCas || record.op.kind == OpKind::kIncrement) && p.output.unknown) {
        recorder.fail(p.id, t);
      } else {
        recorder.ok(p.id, t, p.output);
      }
    } else if (!p.effected && roll < 0.15 && record.op.kind != OpKind::kCas) {
      recorder.fail(p.id, t);  // did not happen
    } else if (roll < 0.25) {
      recorder.info(p.id, t);  // happened or not: unknown
    } else {
      continue;
    }
    pending.erase(it);
  }
  History h = recorder.take();
  // Corrupt an output now and then.
  std::vector<std::size_t> observers;  // reads and completed cases: the operations whose outputs say something
  for (std::size_t i = 0; i < h.records.size(); ++i) {
    const Record& r = h.records[i];
    if ((r.outcome == Outcome::kOk &&
         (r.op.kind == OpKind::kGet || r.op.kind == OpKind::kRead || r.op.kind == OpKind::kIncrement)) ||
        (r.op.kind == OpKind::kCas && r.completed())) {
      observers.push_back(i);
    }
  }
  if (rng.chance(0.5) && !observers.empty()) {
    Record& r = h.records[observers[rng.below(observers.size())]];
    if (r.outcome == Outcome::kOk && r.op.kind == OpKind::kGet) {
      r.output = rng.chance(0.5) ? Output::absent()
                                 : Output::found_value(std::string(1, static_cast<char>('a' + rng.below(3))));
    } else if (r.outcome == Outcome::kOk && r.op.kind == OpKind::kIncrement) {
      r.output = Output::found_value(std::to_string(rng.between(-1, 4)));
    } else if (r.outcome == Outcome::kOk && r.op.kind == OpKind::kRead) {
      r.output = Output::read_value(rng.between(0, 2));
    } else if (r.op.kind == OpKind::kCas && r.completed()) {
      r.outcome = r.outcome == Outcome::kOk ? Outcome::kFail : Outcome::kOk;
    }
  }
  return h;
}

void cross_check(bool kv, std::uint64_t seed, int cases) {
  Rng rng(seed);
  int not_linearizable = 0;
  for (int i = 0; i < cases; ++i) {
    const History h = simulate(rng, kv);
    Options options;
    options.model = kv ? Model::kKv : Model::kCasRegister;
    options.check_every_partition = true;
    const CheckResult result = check(h, options);
    const bool expected = brute_force(h);
    ASSERT_EQ(result.verdict, expected ? Verdict::kLinearizable : Verdict::kNotLinearizable)
        << "case " << i << ":\n"
        << history::to_own_format(h);
    not_linearizable += !expected;
  }
  // Both verdicts occur often enough for the comparison to mean something.
  EXPECT_GT(not_linearizable, cases / 10);
  EXPECT_LT(not_linearizable, cases * 9 / 10);
}

TEST(CheckerRandomHistories, KvAgreesWithBruteForce) { cross_check(true, 42, 3000); }
TEST(CheckerRandomHistories, RegisterAgreesWithBruteForce) { cross_check(false, 7, 3000); }

}  // namespace
}  // namespace store::checker
