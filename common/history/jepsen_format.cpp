// Jepsen etcd logs: `INFO  jepsen.util - <process>\t:<type>\t:<f>\t<value>`
// (tabs or spaces),
// one event per line, for a single compare-and-set register. There are no
// timestamps: an event's time is its line number.
#include <charconv>

#include "history/formats.h"
#include "history/history_builder.h"
#include "history/jepsen_line.h"
#include "history/text_lines.h"

namespace store::history {
namespace {

bool parse_int(std::string_view text, std::int64_t* value) {
  if (text.empty()) return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return error == std::errc() && end == text.data() + text.size();
}

std::string_view trim(std::string_view text) {
  const std::size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

// A value field: nil, an integer, [A B], or a keyword such as :timed-out.
struct Value {
  enum Kind { kNil, kInt, kPair, kKeyword, kOther } kind = kOther;
  std::int64_t a = 0, b = 0;
};

Value parse_value(std::string_view text) {
  Value value;
  text = trim(text);
  if (text == "nil") {
    value.kind = Value::kNil;
  } else if (parse_int(text, &value.a)) {
    value.kind = Value::kInt;
  } else if (!text.empty() && text.front() == ':') {
    value.kind = Value::kKeyword;
  } else if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    std::string_view inside = trim(text.substr(1, text.size() - 2));
    const std::size_t gap = inside.find_first_of(" ,");
    if (gap != std::string_view::npos && parse_int(inside.substr(0, gap), &value.a) &&
        parse_int(trim(inside.substr(gap + 1)), &value.b)) {
      value.kind = Value::kPair;
    }
  }
  return value;
}

void parse_event(HistoryBuilder& builder, std::uint32_t number, std::string_view line) {
  JepsenLine fields;
  if (!split_jepsen_line(line, &fields)) {
    builder.fail(number,
                 "expected `<prefix> <process> :<type> :<f> <value>`, e.g. `INFO  jepsen.util - 3  :ok  :read  4`");
  }
  const std::int64_t process = fields.process;
  const std::string_view type = fields.type;
  const std::string_view f = fields.f;
  const Value value = parse_value(fields.value);
  const Micros t = number;

  OpKind kind{};
  if (f.empty() || f.front() != ':' || !op_kind_from_name(f.substr(1), &kind) || is_kv(kind)) {
    builder.fail(number, "unknown operation \"" + std::string(f) + "\" (expected :read, :write or :cas)");
  }
  auto expect = [&](bool ok, const char* what) {
    if (!ok)
      builder.fail(number,
                   "a " + std::string(f) + " here takes " + what + ", not \"" + std::string(fields.value) + "\"");
  };
  // A completion's arguments must repeat the invoke's.
  auto same_arguments = [&](const Record& record) {
    if ((kind == OpKind::kWrite && value.kind == Value::kInt && value.a != record.op.number) ||
        (kind == OpKind::kCas && value.kind == Value::kPair &&
         (value.a != record.op.number || value.b != record.op.number2))) {
      builder.fail(number, "completion's value differs from the invoke's on line " + std::to_string(record.line));
    }
  };

  if (type == ":invoke") {
    switch (kind) {
      case OpKind::kRead:
        expect(value.kind == Value::kNil, "nil");
        builder.invoke(number, t, process, Operation::read());
        break;
      case OpKind::kWrite:
        expect(value.kind == Value::kInt, "an integer");
        builder.invoke(number, t, process, Operation::write(value.a));
        break;
      default:
        expect(value.kind == Value::kPair, "[FROM TO]");
        builder.invoke(number, t, process, Operation::cas(value.a, value.b));
        break;
    }
  } else if (type == ":ok") {
    Output output = Output::none();
    if (kind == OpKind::kRead) {
      expect(value.kind == Value::kNil || value.kind == Value::kInt, "nil or an integer");
      output = value.kind == Value::kNil ? Output::absent() : Output::read_value(value.a);
    } else {
      expect(value.kind == (kind == OpKind::kWrite ? Value::kInt : Value::kPair),
             kind == OpKind::kWrite ? "an integer" : "[FROM TO]");
    }
    same_arguments(builder.complete(number, t, process, Outcome::kOk, kind, nullptr, std::move(output)));
  } else if (type == ":fail") {
    // A failed read (:timed-out) returned nothing usable: a read whose result
    // is unknown. A failed cas found a value other than FROM.
    if (kind == OpKind::kRead) {
      builder.complete(number, t, process, Outcome::kOk, kind, nullptr, Output::unknown_value());
    } else {
      same_arguments(builder.complete(number, t, process, Outcome::kFail, kind));
    }
  } else if (type == ":info") {
    same_arguments(builder.complete(number, t, process, Outcome::kInfo, kind));
  } else {
    builder.fail(number, "unknown event type \"" + std::string(type) + "\" (expected :invoke, :ok, :fail or :info)");
  }
}

}  // namespace

History parse_jepsen_log(std::string_view text, const std::string& file) {
  HistoryBuilder builder(file, Format::kJepsen);
  for_each_line(text, [&](std::uint32_t number, std::string_view line) {
    if (!is_blank(line)) parse_event(builder, number, line);
  });
  return builder.finish();
}

}  // namespace store::history
