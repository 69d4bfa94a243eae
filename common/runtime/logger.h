// The runtime's log: one line per event, "<UTC time> <prefix>: <text>", to
// stderr or to a sink (tests capture lines to assert on them). The text is
// written through printable() (core/printable.h): what a peer or a client
// sent cannot break a line or reach the terminal as an escape sequence.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace store::runtime {

class Logger {
 public:
  using Sink = std::function<void(std::string_view line)>;

  // Without a sink, lines go to stderr.
  explicit Logger(std::string prefix, Sink sink = nullptr) : prefix_(std::move(prefix)), sink_(std::move(sink)) {}

  void info(std::string_view text) const { write("", text); }
  void warn(std::string_view text) const { write("warning: ", text); }
  void error(std::string_view text) const { write("error: ", text); }

 private:
  void write(std::string_view level, std::string_view text) const;

  std::string prefix_;
  Sink sink_;
};

}  // namespace store::runtime
