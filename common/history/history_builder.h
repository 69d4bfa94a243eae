// What the three history readers share: pairing each completion with its
// client's outstanding invoke, and the checks that go with it, each failure a
// ParseError naming the file and line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "history/parse_error.h"
#include "history/recorder.h"

namespace store::history {

class HistoryBuilder {
 public:
  HistoryBuilder(std::string file, Format format) : file_(std::move(file)), recorder_(format) {}

  void invoke(std::uint32_t line, Micros t, std::int64_t client, Operation op);

  // Completes `client`'s outstanding operation, which must be an `f` (and on
  // `key`, when the completion names one). Returns it so that the reader can
  // check the completion's arguments against the call's.
  Record& complete(std::uint32_t line, Micros t, std::int64_t client, Outcome outcome, OpKind f,
                   const std::string* key = nullptr, Output output = Output::none());

  History finish() { return recorder_.take(); }

  [[noreturn]] void fail(std::uint32_t line, const std::string& reason) const { throw ParseError(file_, line, reason); }
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  HistoryRecorder recorder_;
  std::optional<bool> kv_;  // the family of the first operation
};

}  // namespace store::history
