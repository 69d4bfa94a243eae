#include "sandbox/protocol/step.h"

#include <new>
#include <stdexcept>

#include "core/todo.h"

namespace store::sandbox {

namespace {

// Thrown for a host exception that was not a std::exception: the grader's
// catch (...) words it the same as in one process.
struct ForeignException {};

std::string cut(std::string text) {
  if (text.size() > kMaxFailureText) text.resize(kMaxFailureText);
  return text;
}

}  // namespace

Failure describe_current_exception() {
  try {
    throw;
  } catch (const TodoReached& todo) {
    return {FailureKind::kTodo, todo.lab(), cut(todo.what())};
  } catch (const std::bad_alloc&) {
    return {FailureKind::kBadAlloc, 0, {}};
  } catch (const std::invalid_argument& e) {
    return {FailureKind::kInvalidArgument, 0, cut(e.what())};
  } catch (const std::exception& e) {
    return {FailureKind::kStd, 0, cut(e.what())};
  } catch (...) {
    return {FailureKind::kForeign, 0, {}};
  }
}

void put_failure(FieldWriter& w, const Failure& failure) {
  w.u8(static_cast<std::uint8_t>(failure.kind));
  w.i32(failure.lab);
  w.string(failure.what);
}

Failure get_failure(FieldReader& r, std::uint8_t kind) {
  if (kind < static_cast<std::uint8_t>(FailureKind::kTodo) || kind > static_cast<std::uint8_t>(FailureKind::kInvalidArgument)) {
    throw ProtocolError("unknown failure kind " + std::to_string(kind));
  }
  Failure failure;
  failure.kind = static_cast<FailureKind>(kind);
  failure.lab = r.i32("a failure's lab");
  failure.what = r.string("a failure's text");
  if (failure.what.size() > kMaxFailureText) throw ProtocolError("a failure's text is longer than the protocol allows");
  return failure;
}

void rethrow(const Failure& failure) {
  switch (failure.kind) {
    case FailureKind::kTodo: throw TodoReached(failure.lab, failure.what);
    case FailureKind::kBadAlloc: throw std::bad_alloc();
    case FailureKind::kStd: throw std::runtime_error(failure.what);
    case FailureKind::kInvalidArgument: throw std::invalid_argument(failure.what);
    case FailureKind::kForeign:
    case FailureKind::kNone: break;
  }
  throw ForeignException{};
}

}  // namespace store::sandbox
