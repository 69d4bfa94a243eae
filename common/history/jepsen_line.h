// Splits one Jepsen log line, `<prefix> <process> :<type> :<f> <value>`, into
// its fields. The separators are tabs in most logs and runs of spaces in
// some, so any whitespace separates; the value is the rest of the line (a
// cas's `[1 2]` has a space inside).
#pragma once

#include <charconv>
#include <cstdint>
#include <string_view>

namespace store::history {

struct JepsenLine {
  std::int64_t process = 0;
  std::string_view type;   // ":invoke"
  std::string_view f;      // ":read"
  std::string_view value;  // "nil", "3", "[1 2]", ":timed-out"
};

inline bool split_jepsen_line(std::string_view line, JepsenLine* out) {
  auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  auto next_token = [&](std::size_t* pos) {
    while (*pos < line.size() && is_space(line[*pos])) ++*pos;
    const std::size_t begin = *pos;
    while (*pos < line.size() && !is_space(line[*pos])) ++*pos;
    return line.substr(begin, *pos - begin);
  };
  // The process is the first integer word followed by two keywords.
  std::size_t pos = 0;
  while (pos < line.size()) {
    const std::string_view word = next_token(&pos);
    if (word.empty()) break;
    std::int64_t process = 0;
    auto [end, error] = std::from_chars(word.data(), word.data() + word.size(), process);
    if (error != std::errc() || end != word.data() + word.size()) continue;
    std::size_t after = pos;
    const std::string_view type = next_token(&after);
    const std::string_view f = next_token(&after);
    if (type.size() < 2 || type.front() != ':' || f.size() < 2 || f.front() != ':') continue;
    while (after < line.size() && is_space(line[after])) ++after;
    std::string_view value = line.substr(after);
    while (!value.empty() && is_space(value.back())) value.remove_suffix(1);
    *out = {process, type, f, value};
    return true;
  }
  return false;
}

}  // namespace store::history
