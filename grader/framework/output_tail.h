// The end of a child's stdout+stderr. A child may print without bound (a
// student's debug output in a loop), so only the last bytes are kept.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace store::grader {

class OutputTail {
 public:
  explicit OutputTail(std::size_t capacity = 64 * 1024) : capacity_(capacity) {}

  void append(std::string_view bytes);
  std::size_t total_bytes() const { return total_; }
  // The kept text; when bytes were dropped it starts at a line boundary with a
  // note saying how much is missing.
  std::string text() const;

 private:
  std::size_t capacity_;
  std::size_t total_ = 0;
  std::string kept_;
};

// The last `count` lines of `text` (without a trailing empty line).
std::vector<std::string> last_lines(std::string_view text, std::size_t count);

}  // namespace store::grader
