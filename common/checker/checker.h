// Linearizability checking of a history against a model.
//
//   history::History h = history::read_history_file("run.jsonl");
//   checker::CheckResult r = checker::check(h, {.model = checker::Model::kKv, .timeout_seconds = 10});
//   if (r.verdict == checker::Verdict::kNotLinearizable) { r.partitions[*r.offending].key ... }
//
// The history is split into independent partitions (kv: one per key; the
// register: one), each searched with the Wing–Gong–Lowe algorithm
// (wgl_search.h). The overall verdict is not-linearizable if any partition
// is, else unknown if any ran out of budget, else linearizable. Partitions
// may be searched on several threads; the result does not depend on it
// (except where a deadline cuts a search short). Partitions are searched in
// rounds of growing step budgets, and once one is not linearizable the
// others stop with verdict unknown (see Options::check_every_partition).
//
// How outcomes count: ok operations took effect between call and return; a
// fail did not take effect and is left out (a failed cas is kept: it ran and
// found a value other than `from`); info and open operations may take effect
// at any time after their call, or never.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/verdict.h"
#include "history/history.h"

namespace store::checker {

enum class Model : std::uint8_t { kKv, kCasRegister };
std::string_view model_name(Model model);  // "kv", "cas-register"
bool model_from_name(std::string_view name, Model* model);

struct Options {
  Model model = Model::kKv;
  // Whether never-written keys read as "" (else absent). Default: as the
  // history says (true for the Porcupine EDN corpus, false otherwise).
  std::optional<bool> keys_start_empty;
  std::uint64_t max_steps = 0;       // per partition; 0: no limit
  double timeout_seconds = 0;        // for the whole check; 0: no limit
  std::size_t max_memory_bytes = 0;  // per partition's visited cache; 0: no limit
  int threads = 1;                   // partitions searched in parallel; 0: one per hardware thread
  // Search every partition to the end even once one is not linearizable (by
  // default the others stop there: the verdict is known).
  bool check_every_partition = false;
};

struct PartitionResult {
  std::string key;  // kv: the key; the register: ""
  Verdict verdict = Verdict::kLinearizable;
  std::vector<std::uint32_t> records;  // every record of the partition (History::records indices), in call order
  // Linearizable: a linearization. Otherwise the longest prefix of one that
  // the search found, after which `stuck` could not take effect.
  std::vector<std::uint32_t> order;
  std::optional<std::uint32_t> stuck;
  std::string state_at_stuck;  // the model state after `order`, e.g. "\"x 1 y\"" or "absent"
  std::uint64_t steps = 0;
  std::size_t cache_entries = 0;
  // Unknown: why -- which budget ran out ("step budget", "deadline", "memory budget"), or that the search
  // stopped because another partition is not linearizable.
  std::string exhausted;
};

struct CheckResult {
  Verdict verdict = Verdict::kLinearizable;
  std::vector<PartitionResult> partitions;  // kv: ordered by key
  // The partition to show: the first not linearizable, else the first unknown.
  std::optional<std::size_t> offending;
  std::uint64_t steps = 0;
};

// Throws std::invalid_argument when the history's operations do not belong to
// the model (e.g. read/write/cas with Model::kKv).
CheckResult check(const history::History& history, const Options& options);

// A one-paragraph explanation of the result for people, e.g.
// "not linearizable: key "3": after 12 operations, get 3 -> "x" could not take effect (the value was "y")".
std::string explain(const history::History& history, const CheckResult& result);

}  // namespace store::checker
