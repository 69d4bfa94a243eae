// The machine-readable reports: the grader's own JSON and Gradescope's
// results.json. Keys come out in a fixed order and nothing but the fields
// named "duration_s" depends on the clock, so two grades of the same code give
// the same file apart from those.
#pragma once

#include <nlohmann/json.hpp>

#include "framework/grade_result.h"

namespace store::grader {

nlohmann::ordered_json report_json(const GradeResult& grade);
nlohmann::ordered_json gradescope_json(const GradeResult& grade);

// Pretty-printed with a trailing newline; invalid UTF-8 is replaced.
std::string dump_json(const nlohmann::ordered_json& json);

}  // namespace store::grader
