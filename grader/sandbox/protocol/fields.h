// The values that cross the sandbox boundary, as bytes: fixed-width
// little-endian integers, length-prefixed strings, and the node API's types
// (messages through the project's one codec, log entries, hard state,
// statuses, proposals, the Raft, KV and quorum configurations).
//
// The reader never trusts its input (it is what an untrusted host process
// wrote): a value that runs past the end, a length that does not fit, a
// message the codec rejects is a ProtocolError naming what was being read.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"
#include "node/consensus.h"
#include "node/node.h"
#include "node/quorum.h"
#include "node/server.h"
#include "node/storage.h"
#include "protocol/messages.h"

namespace store::sandbox {

class ProtocolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The simulator's generator, as the 32 bytes of its state (see rng_state.h).
using RngState = std::array<std::uint8_t, 32>;

class FieldWriter {
 public:
  void u8(std::uint8_t value) { bytes_.push_back(static_cast<char>(value)); }
  void u32(std::uint32_t value);
  void u64(std::uint64_t value);
  void i32(std::int32_t value) { u32(static_cast<std::uint32_t>(value)); }
  void i64(std::int64_t value) { u64(static_cast<std::uint64_t>(value)); }
  void boolean(bool value) { u8(value ? 1 : 0); }
  void f64(double value);  // its bits, exactly
  void string(std::string_view value);
  void raw(std::string_view value) { bytes_.append(value); }

  const std::string& bytes() const { return bytes_; }
  std::string take() { return std::move(bytes_); }
  void clear() { bytes_.clear(); }

 private:
  std::string bytes_;
};

class FieldReader {
 public:
  explicit FieldReader(std::string_view bytes) : bytes_(bytes) {}

  std::uint8_t u8(const char* what);
  std::uint32_t u32(const char* what);
  std::uint64_t u64(const char* what);
  std::int32_t i32(const char* what) { return static_cast<std::int32_t>(u32(what)); }
  std::int64_t i64(const char* what) { return static_cast<std::int64_t>(u64(what)); }
  bool boolean(const char* what);
  double f64(const char* what);
  std::string string(const char* what);
  std::string_view raw(std::size_t size, const char* what);
  // A count of items that each take at least `min_item_bytes`: refused when
  // the rest of the input could not hold that many, so that a forged count
  // never makes the reader reserve memory.
  std::size_t count(const char* what, std::size_t min_item_bytes);

  bool at_end() const { return at_ == bytes_.size(); }
  // Throws unless every byte was read: trailing bytes mean a malformed frame.
  void expect_end(const char* what) const;

 private:
  void need(std::size_t size, const char* what) const;

  std::string_view bytes_;
  std::size_t at_ = 0;
};

// ---------------------------------------------------------------- the API's types
//
// put(writer, value) and get(reader, value) for each type that crosses, so
// that the call table (calls.h) can encode any argument list generically.

void put(FieldWriter& w, std::uint8_t value);
void put(FieldWriter& w, std::int32_t value);
void put(FieldWriter& w, std::uint64_t value);
void put(FieldWriter& w, bool value);
void put(FieldWriter& w, const std::string& value);
void put(FieldWriter& w, const Message& message);
void put(FieldWriter& w, const LogEntry& entry);
void put(FieldWriter& w, const HardState& state);
void put(FieldWriter& w, const NodeStatus& status);
void put(FieldWriter& w, const RaftStatus& status);
void put(FieldWriter& w, const Proposal& proposal);
void put(FieldWriter& w, const ReadIndexResult& result);
void put(FieldWriter& w, const RaftConfig& config);
void put(FieldWriter& w, const ServerConfig& config);
void put(FieldWriter& w, const QuorumConfig& config);
void put(FieldWriter& w, const RngState& state);
template <class T>
void put(FieldWriter& w, const std::vector<T>& items) {
  w.u32(static_cast<std::uint32_t>(items.size()));
  for (const T& item : items) put(w, item);
}

void get(FieldReader& r, std::uint8_t& value);
void get(FieldReader& r, std::int32_t& value);
void get(FieldReader& r, std::uint64_t& value);
void get(FieldReader& r, bool& value);
void get(FieldReader& r, std::string& value);
void get(FieldReader& r, Message& message);
void get(FieldReader& r, LogEntry& entry);
void get(FieldReader& r, HardState& state);
void get(FieldReader& r, NodeStatus& status);
void get(FieldReader& r, RaftStatus& status);
void get(FieldReader& r, Proposal& proposal);
void get(FieldReader& r, ReadIndexResult& result);
void get(FieldReader& r, RaftConfig& config);
void get(FieldReader& r, ServerConfig& config);
void get(FieldReader& r, QuorumConfig& config);
void get(FieldReader& r, RngState& state);
template <class T>
void get(FieldReader& r, std::vector<T>& items) {
  const std::size_t n = r.count("a list", 1);
  items.clear();
  items.reserve(n);
  for (std::size_t i = 0; i < n; ++i) get(r, items.emplace_back());
}

template <class T>
T get_as(FieldReader& r) {
  T value{};
  get(r, value);
  return value;
}

}  // namespace store::sandbox
