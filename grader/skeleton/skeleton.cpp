#include "skeleton/skeleton.h"

#include <optional>
#include <regex>
#include <sstream>
#include <vector>

namespace store::skeleton {

namespace {

struct Begin {
  int lab;
  bool hidden;
  std::string anchor;
  std::string note;
  std::string indent;
  int line;
};

std::optional<Begin> parse_begin(const std::string& line, const std::string& name, int number) {
  static const std::regex begin(R"(^(\s*)// BEGIN LAB (\d+)( HIDDEN)? \((#[A-Za-z0-9-]+)\)\s*(.*?)\s*$)");
  static const std::regex loose(R"(^\s*//\s*BEGIN\s+LAB\b.*)");
  std::smatch m;
  if (std::regex_match(line, m, begin)) {
    return Begin{std::stoi(m[2]), m[3].matched, m[4], m[5], m[1], number};
  }
  if (std::regex_match(line, loose)) {
    throw MarkerError(name + ":" + std::to_string(number) +
                      ": malformed BEGIN marker; expected '// BEGIN LAB <n> [HIDDEN] (#anchor) [note]'");
  }
  return std::nullopt;
}

std::optional<int> parse_end(const std::string& line, const std::string& name, int number) {
  static const std::regex end(R"(^\s*// END LAB (\d+)\s*$)");
  static const std::regex loose(R"(^\s*//\s*END\s+LAB\b.*)");
  std::smatch m;
  if (std::regex_match(line, m, end)) return std::stoi(m[1]);
  if (std::regex_match(line, loose)) {
    throw MarkerError(name + ":" + std::to_string(number) + ": malformed END marker; expected '// END LAB <n>'");
  }
  return std::nullopt;
}

std::string replacement(const Begin& b) {
  const std::string where = handout_path(b.lab) + b.anchor;
  if (b.hidden) {
    std::string what = b.note.empty() ? "your code" : b.note;
    return b.indent + "// TODO(lab" + std::to_string(b.lab) + "): " + what + "; see " + where + "\n";
  }
  return b.indent + "STORE_TODO(" + std::to_string(b.lab) + ", \"" + where + "\");\n";
}

// Adds the include the TODO macro needs after the file's first include line.
std::string add_todo_include(const std::string& text) {
  const std::string include = "#include \"core/todo.h\"";
  if (text.find(include) != std::string::npos) return text;
  const auto first = text.find("#include");
  if (first == std::string::npos) return include + "\n" + text;
  const auto line_end = text.find('\n', first);
  return text.substr(0, line_end + 1) + include + "\n" + text.substr(line_end + 1);
}

}  // namespace

std::string handout_path(int lab) {
  static const std::vector<std::string> handouts = {
      "docs/labs/lab1-replication.md", "docs/labs/lab2-kv.md", "docs/labs/lab3-readindex.md",
      "docs/labs/lab4-lease.md", "docs/labs/lab5-sessions.md", "docs/labs/lab6-quorums.md"};
  if (lab < 1 || lab > static_cast<int>(handouts.size())) {
    throw MarkerError("there is no lab " + std::to_string(lab));
  }
  return handouts[static_cast<std::size_t>(lab - 1)];
}

std::string make_skeleton(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  std::ostringstream out;
  std::vector<Begin> open;  // the regions we are inside, outermost first
  bool used_todo = false;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (auto begin = parse_begin(line, name, number)) {
      if (open.empty()) {
        if (!begin->hidden) used_todo = true;
        out << replacement(*begin);
      }
      open.push_back(*begin);
      continue;
    }
    if (auto end = parse_end(line, name, number)) {
      if (open.empty()) throw MarkerError(name + ":" + std::to_string(number) + ": END LAB without a BEGIN");
      if (open.back().lab != *end) {
        throw MarkerError(name + ":" + std::to_string(number) + ": END LAB " + std::to_string(*end) +
                          " closes BEGIN LAB " + std::to_string(open.back().lab) + " of line " +
                          std::to_string(open.back().line));
      }
      open.pop_back();
      continue;
    }
    if (open.empty()) out << line << '\n';
  }
  if (!open.empty()) {
    throw MarkerError(name + ":" + std::to_string(open.back().line) + ": BEGIN LAB " +
                      std::to_string(open.back().lab) + " is never closed");
  }
  return used_todo ? add_todo_include(out.str()) : out.str();
}

}  // namespace store::skeleton
