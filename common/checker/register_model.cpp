#include "checker/register_model.h"

namespace store::checker {

StateId RegisterModel::intern(std::int64_t value) {
  const auto key = static_cast<std::uint64_t>(value);
  if (const std::uint32_t* id = ids_.find(key)) return *id;
  const auto id = static_cast<StateId>(values_.size());
  values_.push_back(value);
  ids_.insert(key, id);
  return id;
}

SearchOp RegisterModel::compile(const history::Record& record) {
  using history::OpKind;
  using history::Outcome;
  SearchOp op;
  switch (record.op.kind) {
    case OpKind::kRead:
      op.code = kRead;
      if (record.outcome != Outcome::kOk || record.output.unknown) {
        op.result = kUnknown;
      } else if (record.output.found) {
        op.expect = intern(record.output.number);
      }
      break;
    case OpKind::kWrite:
      op.code = kWrite;
      op.arg = intern(record.op.number);
      break;
    default:
      op.code = kCas;
      op.arg = intern(record.op.number);
      op.arg2 = intern(record.op.number2);
      op.result = record.outcome == Outcome::kOk ? kChecked : record.outcome == Outcome::kFail ? kNotSwapped : kUnknown;
      break;
  }
  return op;
}

std::string RegisterModel::describe(StateId state) const {
  return state == kAbsent ? "absent" : std::to_string(values_[state]);
}

}  // namespace store::checker
