// The one error a history reader raises: "file:line: reason".
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace store::history {

class ParseError : public std::runtime_error {
 public:
  ParseError(std::string file, std::uint32_t line, std::string reason)
      : std::runtime_error(file + ":" + std::to_string(line) + ": " + reason),
        file_(std::move(file)),
        line_(line),
        reason_(std::move(reason)) {}

  const std::string& file() const { return file_; }
  std::uint32_t line() const { return line_; }
  const std::string& reason() const { return reason_; }

 private:
  std::string file_;
  std::uint32_t line_;
  std::string reason_;
};

}  // namespace store::history
