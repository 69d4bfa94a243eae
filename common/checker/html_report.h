// A self-contained HTML page (inline CSS and JS, no network) that shows why a
// history is not linearizable: the offending key's operations on a timeline,
// one row per client, each operation a bar from call to return labelled with
// its input and output; the order the search could find in green, numbered,
// and the first operation that could not take effect next in red.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "checker/checker.h"
#include "history/history.h"

namespace store::checker {

struct HtmlOptions {
  std::string title;  // usually the history file's name
  Model model = Model::kKv;
  std::optional<bool> keys_start_empty;  // for the "value after" column; default: as the history says
};

void write_html(std::ostream& out, const history::History& history, const CheckResult& result,
                const HtmlOptions& options);
std::string render_html(const history::History& history, const CheckResult& result, const HtmlOptions& options);

}  // namespace store::checker
