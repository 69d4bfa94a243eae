#include "checker/checker.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <unordered_map>

#include "checker/kv_model.h"
#include "checker/parallel.h"
#include "checker/register_model.h"
#include "checker/wgl_search.h"

namespace store::checker {
namespace {

using history::History;
using history::OpKind;
using history::Outcome;
using history::Record;

// A failed operation did not take effect, so it constrains nothing -- except
// a failed cas, which read a value other than `from`.
constexpr std::uint64_t kFirstRoundSteps = 20000;

bool takes_part(const Record& record) { return record.outcome != Outcome::kFail || record.op.kind == OpKind::kCas; }

// One partition's search, whatever its model.
class PartitionSearch {
 public:
  virtual ~PartitionSearch() = default;
  virtual bool run(std::uint64_t round_steps, const SearchBudget& budget) = 0;
  virtual bool out_of_budget() const = 0;
  virtual void report(PartitionResult& part) const = 0;
};

template <class Model>
class PartitionSearchFor final : public PartitionSearch {
 public:
  PartitionSearchFor(const History& history, const PartitionResult& part, Model model) : model_(std::move(model)) {
    for (std::uint32_t index : part.records) {
      const Record& record = history.records[index];
      if (!takes_part(record)) continue;
      problem_.ops.push_back(model_.compile(record));
      problem_.call.push_back(record.call_event);
      problem_.ret.push_back(record.return_event);
      record_of_op_.push_back(index);
    }
    search_ = std::make_unique<WglSearch<Model>>(problem_, model_);
  }

  bool run(std::uint64_t round_steps, const SearchBudget& budget) override { return search_->run(round_steps, budget); }
  bool out_of_budget() const override { return search_->out_of_budget(); }

  void report(PartitionResult& part) const override {
    const SearchOutcome& outcome = search_->outcome();
    part.verdict = outcome.verdict;
    part.order.clear();
    for (std::uint32_t op : outcome.order) part.order.push_back(record_of_op_[op]);
    part.stuck.reset();
    if (outcome.stuck >= 0) part.stuck = record_of_op_[static_cast<std::size_t>(outcome.stuck)];
    part.state_at_stuck = model_.describe(outcome.stuck_state);
    part.steps = outcome.steps;
    part.cache_entries = outcome.cache_entries;
    part.exhausted = std::string(outcome.exhausted);
  }

 private:
  Model model_;
  SearchProblem problem_;
  std::vector<std::uint32_t> record_of_op_;
  std::unique_ptr<WglSearch<Model>> search_;
};

void check_model_matches(const History& history, Model model) {
  for (const Record& record : history.records) {
    if (history::is_kv(record.op.kind) != (model == Model::kKv)) {
      const std::string where = record.line != 0 ? "line " + std::to_string(record.line) + ": " : "";
      throw std::invalid_argument(where + "a " + std::string(history::op_kind_name(record.op.kind)) +
                                  " operation does not belong to the " + std::string(model_name(model)) +
                                  " model (the history holds " +
                                  (history::is_kv(record.op.kind) ? "kv operations: get/put/delete/append/increment"
                                                                  : "register operations: read/write/cas") +
                                  ")");
    }
  }
}

std::vector<PartitionResult> partition(const History& history, Model model) {
  std::vector<PartitionResult> partitions;
  if (model == Model::kCasRegister) {
    partitions.emplace_back();
    for (std::uint32_t i = 0; i < history.records.size(); ++i) partitions[0].records.push_back(i);
    return partitions;
  }
  std::unordered_map<std::string_view, std::size_t> by_key;
  for (std::uint32_t i = 0; i < history.records.size(); ++i) {
    const std::string& key = history.records[i].op.key;
    auto [it, added] = by_key.try_emplace(key, partitions.size());
    if (added) partitions.emplace_back().key = key;
    partitions[it->second].records.push_back(i);
  }
  std::sort(partitions.begin(), partitions.end(),
            [](const PartitionResult& a, const PartitionResult& b) { return a.key < b.key; });
  return partitions;
}

// Values grow long (appends); their tail is where they differ from what a
// read expected, as in history::describe_output.
std::string shorten(const std::string& quoted) {
  constexpr std::size_t kKeep = 40;
  if (quoted.size() <= kKeep + 2 || quoted.front() != '"') return quoted;
  return "\"…" + quoted.substr(quoted.size() - 1 - kKeep);
}

}  // namespace

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::kLinearizable: return "linearizable";
    case Verdict::kNotLinearizable: return "not-linearizable";
    case Verdict::kUnknown: return "unknown";
  }
  return "?";
}

bool verdict_from_name(std::string_view name, Verdict* verdict) {
  for (Verdict v : {Verdict::kLinearizable, Verdict::kNotLinearizable, Verdict::kUnknown}) {
    if (verdict_name(v) == name) {
      *verdict = v;
      return true;
    }
  }
  return false;
}

std::string_view model_name(Model model) { return model == Model::kKv ? "kv" : "cas-register"; }

bool model_from_name(std::string_view name, Model* model) {
  if (name == "kv") {
    *model = Model::kKv;
  } else if (name == "cas-register") {
    *model = Model::kCasRegister;
  } else {
    return false;
  }
  return true;
}

CheckResult check(const History& history, const Options& options) {
  check_model_matches(history, options.model);
  SearchBudget budget;
  budget.max_steps = options.max_steps;
  budget.max_cache_bytes = options.max_memory_bytes;
  if (options.timeout_seconds > 0) {
    budget.deadline =
        std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                               std::chrono::duration<double>(options.timeout_seconds));
  }
  const bool keys_start_empty = options.keys_start_empty.value_or(history.keys_start_empty);

  CheckResult result;
  result.partitions = partition(history, options.model);
  // The biggest partitions first, so that threads finish together.
  std::vector<std::size_t> work(result.partitions.size());
  for (std::size_t i = 0; i < work.size(); ++i) work[i] = i;
  std::stable_sort(work.begin(), work.end(), [&](std::size_t a, std::size_t b) {
    return result.partitions[a].records.size() > result.partitions[b].records.size();
  });
  // Rounds of growing step budgets over the undecided partitions. Between
  // rounds, once any partition is not linearizable, the verdict is known and
  // the rest stop (unless options.check_every_partition). Step counts, not
  // time, end a round, so the outcome does not depend on thread timing.
  std::vector<std::unique_ptr<PartitionSearch>> searches(result.partitions.size());
  std::uint64_t round_steps = kFirstRoundSteps;
  while (!work.empty()) {
    parallel_for(work.size(), options.threads, [&](std::size_t w) {
      const std::size_t i = work[w];
      if (!searches[i]) {
        if (options.model == Model::kKv) {
          searches[i] =
              std::make_unique<PartitionSearchFor<KvModel>>(history, result.partitions[i], KvModel(keys_start_empty));
        } else {
          searches[i] =
              std::make_unique<PartitionSearchFor<RegisterModel>>(history, result.partitions[i], RegisterModel());
        }
      }
      searches[i]->run(round_steps, budget);
      searches[i]->report(result.partitions[i]);
    });
    bool violation = false;
    std::vector<std::size_t> undecided;
    for (std::size_t i : work) {
      const PartitionResult& part = result.partitions[i];
      violation |= part.verdict == Verdict::kNotLinearizable;
      if (part.verdict == Verdict::kUnknown && !searches[i]->out_of_budget()) undecided.push_back(i);
    }
    work.swap(undecided);
    if (violation && !options.check_every_partition) {
      for (std::size_t i : work)
        result.partitions[i].exhausted = "search stopped: another partition is not linearizable";
      break;
    }
    round_steps *= 4;
  }

  for (std::size_t i = 0; i < result.partitions.size(); ++i) {
    const PartitionResult& part = result.partitions[i];
    result.verdict = combine(result.verdict, part.verdict);
    result.steps += part.steps;
  }
  for (Verdict wanted : {Verdict::kNotLinearizable, Verdict::kUnknown}) {
    for (std::size_t i = 0; i < result.partitions.size() && !result.offending; ++i) {
      if (result.partitions[i].verdict == wanted) result.offending = i;
    }
  }
  return result;
}

std::string explain(const History& history, const CheckResult& result) {
  if (!result.offending) {
    std::size_t operations = 0;
    for (const PartitionResult& part : result.partitions) operations += part.records.size();
    return "linearizable: " + std::to_string(operations) + " operations in " +
           std::to_string(result.partitions.size()) + " partition(s)";
  }
  const PartitionResult& part = result.partitions[*result.offending];
  const std::string where = part.key.empty() ? "the register" : "key \"" + part.key + "\"";
  std::string text;
  if (part.verdict == Verdict::kUnknown) {
    text = "unknown: the " + part.exhausted + " ran out while checking " + where + " (" +
           std::to_string(part.records.size()) + " operations, " + std::to_string(part.steps) +
           " steps); this is a failure to decide, not a pass";
  } else {
    text = "not linearizable: " + where;
  }
  if (part.stuck) {
    const Record& stuck = history.records[*part.stuck];
    text += part.verdict == Verdict::kUnknown ? ". Deepest point reached: after " : ": after ";
    text += std::to_string(part.order.size()) + " operation(s) that can take effect in order, the value is " +
            shorten(part.state_at_stuck) + " and no order lets `" + history::describe(stuck.op) + "`";
    const std::string output = history::describe_output(stuck.op.kind, stuck.output);
    if (stuck.outcome == Outcome::kOk && !output.empty()) text += " -> " + output;
    if (stuck.outcome == Outcome::kFail) text += " (failed: value was not the expected one)";
    text += " (client " + std::to_string(stuck.client);
    if (stuck.line != 0) text += ", line " + std::to_string(stuck.line);
    text += ", t " + std::to_string(stuck.call_time) + ".." + std::to_string(stuck.return_time) +
            ") take effect before it returned";
  }
  return text;
}

}  // namespace store::checker
