#include "framework/output_tail.h"

namespace store::grader {

void OutputTail::append(std::string_view bytes) {
  total_ += bytes.size();
  if (bytes.size() >= capacity_) {
    kept_.assign(bytes.substr(bytes.size() - capacity_));
    return;
  }
  kept_.append(bytes);
  // Trim in big steps so that appending stays amortised O(bytes).
  if (kept_.size() > 2 * capacity_) kept_.erase(0, kept_.size() - capacity_);
}

std::string OutputTail::text() const {
  std::string_view view = kept_;
  if (view.size() > capacity_) view.remove_prefix(view.size() - capacity_);
  std::size_t dropped = total_ - view.size();
  if (dropped == 0) return std::string(view);
  if (auto newline = view.find('\n'); newline != std::string_view::npos && newline + 1 < view.size()) {
    dropped += newline + 1;
    view.remove_prefix(newline + 1);
  }
  return "[... " + std::to_string(dropped) + " earlier bytes of output dropped]\n" + std::string(view);
}

std::vector<std::string> last_lines(std::string_view text, std::size_t count) {
  std::vector<std::string> lines;
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  if (text.empty()) return lines;
  while (lines.size() < count) {
    std::size_t newline = text.rfind('\n');
    if (newline == std::string_view::npos) {
      lines.emplace_back(text);
      break;
    }
    lines.emplace_back(text.substr(newline + 1));
    text = text.substr(0, newline);
  }
  return {lines.rbegin(), lines.rend()};
}

}  // namespace store::grader
