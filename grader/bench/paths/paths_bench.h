// The whole simulator comparison: every selected profile, size and row,
// one latency run and a client sweep each, the capacity runs, the claims;
// the result as JSON (the report's input) and as tables for the terminal.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>

#include <nlohmann/json.hpp>

#include "paths/paths_options.h"

namespace store::bench {

// Called before each run with (done, total, what is next).
using Progress = std::function<void(int, int, const std::string&)>;

nlohmann::json run_paths_bench(const PathsOptions& options, const Progress& progress);

// The tables and the claims, as the terminal shows them.
void print_paths_tables(std::ostream& out, const nlohmann::json& results);

// The rows as `name lab available` lines (for the real bench's shell script).
void print_rows(std::ostream& out);

}  // namespace store::bench
