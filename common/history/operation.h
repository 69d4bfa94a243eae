// What a client asked the system to do, and what came back.
//
// Two families of operations share these types: the project's key-value store
// (get, put, delete, append on string keys and values) and a single
// compare-and-set register (read, write, cas on integers), the model of the
// Jepsen etcd histories. A history holds operations of one family only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace store::history {

enum class OpKind : std::uint8_t {
  kGet,     // kv: the key's value, or absent
  kPut,     // kv: set the key's value
  kDelete,  // kv: make the key absent
  kAppend,  // kv: concatenate onto the key's value (an absent key counts as "")
  kRead,    // register: its value, or absent
  kWrite,   // register: set its value
  kCas,     // register: if the value is `from`, make it `to`
  kIncrement,  // kv: add `number` to the key's value, a decimal integer (absent counts as 0); returns the sum
};

bool is_kv(OpKind kind);
std::string_view op_kind_name(OpKind kind);  // "get", "put", "delete", "append", "read", "write", "cas", "increment"
bool op_kind_from_name(std::string_view name, OpKind* kind);

// The call: which operation and its arguments.
struct Operation {
  OpKind kind = OpKind::kGet;
  std::string key;           // kv only; the register has no key
  std::string value;         // put, append
  std::int64_t number = 0;   // write: the value; cas: `from`; increment: the amount
  std::int64_t number2 = 0;  // cas: `to`

  static Operation get(std::string key) { return {OpKind::kGet, std::move(key), {}, 0, 0}; }
  static Operation put(std::string key, std::string value) {
    return {OpKind::kPut, std::move(key), std::move(value), 0, 0};
  }
  static Operation del(std::string key) { return {OpKind::kDelete, std::move(key), {}, 0, 0}; }
  static Operation append(std::string key, std::string value) {
    return {OpKind::kAppend, std::move(key), std::move(value), 0, 0};
  }
  static Operation increment(std::string key, std::int64_t amount) {
    return {OpKind::kIncrement, std::move(key), {}, amount, 0};
  }
  static Operation read() { return {OpKind::kRead, {}, {}, 0, 0}; }
  static Operation write(std::int64_t value) { return {OpKind::kWrite, {}, {}, value, 0}; }
  static Operation cas(std::int64_t from, std::int64_t to) { return {OpKind::kCas, {}, {}, from, to}; }

  bool operator==(const Operation&) const = default;
};

// What an `ok` completion returned. Reads carry information: get and read say
// whether there was a value and which; an increment returns the key's new
// value (found, as a decimal string); the other operations return nothing
// (a cas's swapped/not-swapped is its ok/fail outcome, not an output).
struct Output {
  bool found = false;       // get, read: the key/register had a value
  bool unknown = false;     // get, read: the reply carried nothing usable (constrains nothing)
  std::string value;        // get: the value read, when found
  std::int64_t number = 0;  // read: the value read, when found

  static Output none() { return {}; }
  static Output absent() { return {}; }
  static Output found_value(std::string value) { return {true, false, std::move(value), 0}; }
  static Output read_value(std::int64_t number) { return {true, false, {}, number}; }
  static Output unknown_value() { return {false, true, {}, 0}; }

  bool operator==(const Output&) const = default;
};

// Short human-readable forms for messages and the HTML view, e.g.
// `put k "v"`, `cas 1→2`, and `"v"` / `absent` / `?` for outputs.
std::string describe(const Operation& op);
std::string describe_output(OpKind kind, const Output& output);

}  // namespace store::history
