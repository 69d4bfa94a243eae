// The timeline page of one trace: self-contained HTML (inline CSS, script
// and data; no network), drawn on a canvas by page/timeline.js.
#pragma once

#include <ostream>
#include <string>

#include "view/trace_model.h"

namespace store::view {

struct PageOptions {
  std::string title;         // usually the trace file's name without its folder
  std::string trace_path;    // shown as is
  std::string history_href;  // the history view of the same run, relative to the page; empty: none
};

void write_page(std::ostream& out, const TraceModel& model, const PageOptions& options);

// The data block the script reads, as JSON (exposed for tests).
std::string page_data_json(const TraceModel& model, const PageOptions& options);

}  // namespace store::view
