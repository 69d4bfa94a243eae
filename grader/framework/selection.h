// Which tests and seeds a command line asks for.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "framework/options.h"
#include "framework/registry.h"

namespace store::grader {

struct TestPlan {
  const Scenario* scenario = nullptr;
  std::vector<std::uint64_t> seeds;
};

struct Selection {
  std::vector<TestPlan> tests;  // in listing order
  std::string error;            // bad usage: exit 2
  std::string note;             // why nothing is selected although the usage is fine (exit 0)
};

// --lab and --test filter the registry (a test named together with --lab
// must be in one of those labs); --seed / --seeds choose the seeds.
Selection select_tests(const Registry& registry, const Options& options);

// Seeds 1..default_seeds (ten times as many with --thorough), 1..K with
// --seeds K, or exactly S with --seed S; with --seed-salt, the i-th seed is
// salted_seed(salt, i) instead of i.
std::vector<std::uint64_t> seeds_for(const ScenarioInfo& info, const Options& options);
std::uint64_t salted_seed(const std::string& salt, std::uint64_t i);
// What reports say of a salt: 16 hex digits that tell two salts apart and
// give nothing of either away (a salted SHA-256).
std::string salt_fingerprint(const std::string& salt);

}  // namespace store::grader
