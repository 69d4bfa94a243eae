#include "history/history.h"

namespace store::history {

std::string_view outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::kOk: return "ok";
    case Outcome::kFail: return "fail";
    case Outcome::kInfo: return "info";
    case Outcome::kOpen: return "open";
  }
  return "?";
}

std::string_view format_name(Format format) {
  switch (format) {
    case Format::kMemory: return "memory";
    case Format::kOwn: return "own";
    case Format::kJepsen: return "jepsen";
    case Format::kEdn: return "edn";
  }
  return "?";
}

std::string_view family_name(Family family) {
  switch (family) {
    case Family::kEmpty: return "empty";
    case Family::kKv: return "kv";
    case Family::kRegister: return "cas-register";
  }
  return "?";
}

Family History::family() const {
  if (records.empty()) return Family::kEmpty;
  return is_kv(records.front().op.kind) ? Family::kKv : Family::kRegister;
}

}  // namespace store::history
