// Walks a text line by line, numbering lines from 1 and dropping a trailing
// '\r', without copying.
#pragma once

#include <cstdint>
#include <string_view>

namespace store::history {

template <class Fn>
void for_each_line(std::string_view text, Fn&& fn) {
  std::uint32_t number = 0;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(begin, end - begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    fn(++number, line);
    begin = end + 1;
  }
}

inline bool is_blank(std::string_view line) { return line.find_first_not_of(" \t") == std::string_view::npos; }

}  // namespace store::history
