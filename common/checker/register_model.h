// The model of a single compare-and-set register (the Jepsen etcd histories):
// read, write, cas. The register starts absent. Values are interned as small
// ids so that states compare and hash as integers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checker/flat_map.h"
#include "checker/search_op.h"
#include "history/history.h"

namespace store::checker {

class RegisterModel {
 public:
  enum Code : std::uint8_t { kRead, kWrite, kCas };
  enum Result : std::uint8_t {
    kChecked,     // read: the value read; cas: swapped (ok)
    kNotSwapped,  // cas: fail, the value was not `from`
    kUnknown,     // read with nothing usable; cas/write that may or may not have happened
  };

  StateId initial() const { return kAbsent; }

  // The record must be a register operation that takes part in the check.
  SearchOp compile(const history::Record& record);

  bool step(StateId state, const SearchOp& op, StateId* next) const {
    switch (op.code) {
      case kRead: *next = state; return op.result == kUnknown || state == op.expect;
      case kWrite: *next = op.arg; return true;
      default:
        if (op.result == kChecked) {
          *next = op.arg2;
          return state == op.arg;
        }
        if (op.result == kNotSwapped) {
          *next = state;
          return state != op.arg;
        }
        *next = state == op.arg ? op.arg2 : state;
        return true;
    }
  }

  bool is_read_only(const SearchOp& op) const {
    return op.code == kRead || (op.code == kCas && op.result == kNotSwapped);
  }

  // Lookahead (see wgl_search.h): a read can still see `expect` only if the
  // register holds it now or one of the writes and cases that may come
  // before the read can put it there. (Nothing makes the register absent.)
  bool is_reset(const SearchOp& op) const { return op.code != kRead; }
  bool viable(StateId state, const SearchOp& pending, const std::vector<const SearchOp*>& resets) const {
    if (pending.code != kRead || pending.result == kUnknown || state == pending.expect) return true;
    for (const SearchOp* reset : resets) {
      if ((reset->code == kWrite ? reset->arg : reset->arg2) == pending.expect) return true;
    }
    return false;
  }

  std::string describe(StateId state) const;  // "3" or "absent"

 private:
  StateId intern(std::int64_t value);

  std::vector<std::int64_t> values_{0};  // id -> value; id 0 is absent
  FlatMap64 ids_;                        // value -> id
};

}  // namespace store::checker
