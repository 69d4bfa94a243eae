#include "paths/bench_rows.h"

namespace store::bench {

const BenchRow* find_row(std::string_view name) {
  for (const BenchRow& row : kBenchRows) {
    if (row.name == name) return &row;
  }
  return nullptr;
}

}  // namespace store::bench
