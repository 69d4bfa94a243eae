#include "history/operation.h"

#include <array>

namespace store::history {
namespace {

constexpr std::array<std::string_view, 8> kNames = {"get",  "put",   "delete", "append",
                                                    "read", "write", "cas",    "increment"};

// Values are quoted so that "" and absent read differently; long values (the
// Porcupine appends grow to kilobytes) keep their tail, where appends land.
std::string quote(std::string_view value) {
  constexpr std::size_t kMax = 40;
  std::string out = "\"";
  if (value.size() > kMax) {
    out += "…";
    value = value.substr(value.size() - kMax);
  }
  out += value;
  out += '"';
  return out;
}

}  // namespace

bool is_kv(OpKind kind) { return kind <= OpKind::kAppend || kind == OpKind::kIncrement; }

std::string_view op_kind_name(OpKind kind) { return kNames[static_cast<std::size_t>(kind)]; }

bool op_kind_from_name(std::string_view name, OpKind* kind) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) {
      *kind = static_cast<OpKind>(i);
      return true;
    }
  }
  return false;
}

std::string describe(const Operation& op) {
  std::string out(op_kind_name(op.kind));
  switch (op.kind) {
    case OpKind::kGet:
    case OpKind::kDelete: return out + " " + op.key;
    case OpKind::kPut:
    case OpKind::kAppend: return out + " " + op.key + " " + quote(op.value);
    case OpKind::kRead: return out;
    case OpKind::kWrite: return out + " " + std::to_string(op.number);
    case OpKind::kCas: return out + " " + std::to_string(op.number) + "→" + std::to_string(op.number2);
    case OpKind::kIncrement: return out + " " + op.key + " " + std::to_string(op.number);
  }
  return out;
}

std::string describe_output(OpKind kind, const Output& output) {
  if (kind != OpKind::kGet && kind != OpKind::kRead && kind != OpKind::kIncrement) return "";
  if (output.unknown) return "?";
  if (!output.found) return kind == OpKind::kIncrement ? "" : "absent";
  return kind == OpKind::kRead ? std::to_string(output.number) : quote(output.value);
}

}  // namespace store::history
