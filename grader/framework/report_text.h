// The report a person reads: a table per lab, then each failure with its
// replay command and trace, then the total.
#pragma once

#include <ostream>

#include "framework/grade_result.h"

namespace store::grader {

// With `verbose`: a line per seed with its figures, log lines and (for
// failures) the end of its output.
void write_text_report(std::ostream& out, const GradeResult& grade, bool verbose);

}  // namespace store::grader
