// The line the grader appends to a traced re-run's trace file: which test
// and seed it is, the verdict, and how to replay it, so that the timeline view
// (store-view) can say why the run failed and show where.
#pragma once

#include <cstdint>
#include <string>

#include "core/types.h"

namespace store::grader {

struct TraceVerdict {
  Micros t = 0;  // the simulated time the run had reached
  std::string test;
  std::uint64_t seed = 0;
  std::string impl;
  std::string message;
  std::string replay;
  std::string history_file;  // empty: none
  std::string rerun_note;    // e.g. the re-run was stopped at the time limit; empty: none
};

// Appends {"t":..,"ev":"verdict",...} to a simulator trace (any other file
// a scenario wrote is left as it is), keeping the file within
// max_bytes (texts are clipped; the line is left out if it cannot fit).
// Returns false, with the reason in *problem, if the file cannot be written.
bool append_trace_verdict(const std::string& trace_file, const TraceVerdict& verdict, std::uint64_t max_bytes,
                          std::string* problem);

}  // namespace store::grader
