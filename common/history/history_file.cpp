// Format detection and reading a history from a file.
#include <fstream>
#include <sstream>

#include "history/formats.h"
#include "history/jepsen_line.h"
#include "history/text_lines.h"

namespace store::history {

Format detect_format(std::string_view text, const std::string& file) {
  std::uint32_t number = 0;
  std::string_view first;
  for_each_line(text, [&](std::uint32_t n, std::string_view line) {
    if (number == 0 && !is_blank(line)) {
      number = n;
      first = line;
    }
  });
  if (number == 0) return Format::kOwn;  // nothing but blank lines: an empty history
  const std::size_t begin = first.find_first_not_of(" \t");
  if (first[begin] == '{') {
    const std::size_t next = first.find_first_not_of(" \t", begin + 1);
    if (next != std::string_view::npos && first[next] == '"') return Format::kOwn;
    if (next != std::string_view::npos && first[next] == ':') return Format::kEdn;
  } else {
    JepsenLine fields;
    if (split_jepsen_line(first, &fields)) return Format::kJepsen;
  }
  throw ParseError(file, number,
                   "cannot tell the history format: expected JSON lines ({\"t\":...}), EDN maps ({:process ...}) "
                   "or Jepsen log lines (INFO  jepsen.util - 0\\t:invoke\\t:read\\tnil)");
}

History parse_history(std::string_view text, const std::string& file) {
  switch (detect_format(text, file)) {
    case Format::kJepsen: return parse_jepsen_log(text, file);
    case Format::kEdn: return parse_edn(text, file);
    default: return parse_own_format(text, file);
  }
}

History read_history_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ParseError(path, 0, "cannot open the file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw ParseError(path, 0, "cannot read the file");
  return parse_history(buffer.str(), path);
}

}  // namespace store::history
