// Text from outside the program (a student's exception message, a key read
// from a history file, a reason a peer sent) made safe to print on a
// terminal or on one line of a report: a newline in it cannot start a
// forged line, and an escape sequence cannot move the cursor, clear the
// screen or retitle the window.
#pragma once

#include <string>
#include <string_view>

namespace store {

// Control characters become visible escapes: \n, \r, \t, and \xHH for the
// others (ESC is \x1b, DEL \x7f); C1 controls (U+0080..U+009F, which some
// terminals obey) become \u0080..\u009f, and bytes that are not UTF-8
// \xHH. Everything else, other UTF-8 included, is kept as it is.
std::string printable(std::string_view text);

}  // namespace store
