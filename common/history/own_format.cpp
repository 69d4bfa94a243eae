// The project's own history format: see formats.h for the fields.
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "history/formats.h"
#include "history/history_builder.h"
#include "history/text_lines.h"

namespace store::history {
namespace {

using nlohmann::json;

// Field access with a reason on every way a field can be wrong.
class Line {
 public:
  Line(const json& object, const HistoryBuilder& builder, std::uint32_t number)
      : object_(object), builder_(builder), number_(number) {}

  const json* find(const char* name) const {
    auto it = object_.find(name);
    return it == object_.end() ? nullptr : &*it;
  }
  std::int64_t integer(const char* name) const {
    const json* field = find(name);
    if (field == nullptr) builder_.fail(number_, std::string("missing field \"") + name + "\"");
    if (!field->is_number_integer()) builder_.fail(number_, std::string("field \"") + name + "\" must be an integer");
    return field->get<std::int64_t>();
  }
  std::string string(const char* name) const {
    const json* field = find(name);
    if (field == nullptr) builder_.fail(number_, std::string("missing field \"") + name + "\"");
    if (!field->is_string()) builder_.fail(number_, std::string("field \"") + name + "\" must be a string");
    return field->get<std::string>();
  }
  bool flag(const char* name) const {  // absent means false
    const json* field = find(name);
    if (field == nullptr) return false;
    if (!field->is_boolean()) builder_.fail(number_, std::string("field \"") + name + "\" must be true or false");
    return field->get<bool>();
  }

 private:
  const json& object_;
  const HistoryBuilder& builder_;
  std::uint32_t number_;
};

Operation read_call(const Line& line, OpKind kind) {
  switch (kind) {
    case OpKind::kGet: return Operation::get(line.string("key"));
    case OpKind::kPut: return Operation::put(line.string("key"), line.string("value"));
    case OpKind::kDelete: return Operation::del(line.string("key"));
    case OpKind::kAppend: return Operation::append(line.string("key"), line.string("value"));
    case OpKind::kRead: return Operation::read();
    case OpKind::kWrite: return Operation::write(line.integer("value"));
    case OpKind::kCas: return Operation::cas(line.integer("from"), line.integer("to"));
    case OpKind::kIncrement: return Operation::increment(line.string("key"), line.integer("amount"));
  }
  return {};
}

Output read_output(const Line& line, OpKind kind, const HistoryBuilder& builder, std::uint32_t number) {
  if (kind == OpKind::kIncrement) {
    return line.find("value") == nullptr ? Output::none() : Output::found_value(line.string("value"));
  }
  if (kind != OpKind::kGet && kind != OpKind::kRead) return Output::none();
  if (line.flag("unknown")) return Output::unknown_value();
  if (line.find("found") == nullptr)
    builder.fail(number, "an ok " + std::string(op_kind_name(kind)) + " needs \"found\"");
  if (!line.flag("found")) return Output::absent();
  return kind == OpKind::kGet ? Output::found_value(line.string("value")) : Output::read_value(line.integer("value"));
}

void parse_event(HistoryBuilder& builder, std::uint32_t number, std::string_view text) {
  json object = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (object.is_discarded()) builder.fail(number, "not a JSON object");
  if (!object.is_object()) builder.fail(number, "not a JSON object");
  Line line(object, builder, number);
  const Micros t = line.integer("t");
  const std::int64_t client = line.integer("client");
  const std::string type = line.string("type");
  const std::string f = line.string("f");
  OpKind kind{};
  if (!op_kind_from_name(f, &kind)) builder.fail(number, "unknown operation \"" + f + "\"");

  if (type == "invoke") {
    builder.invoke(number, t, client, read_call(line, kind));
    return;
  }
  std::string key_storage;
  const std::string* key = nullptr;
  if (line.find("key") != nullptr) {
    key_storage = line.string("key");
    key = &key_storage;
  }
  if (type == "ok") {
    builder.complete(number, t, client, Outcome::kOk, kind, key, read_output(line, kind, builder, number));
  } else if (type == "fail") {
    builder.complete(number, t, client, Outcome::kFail, kind, key);
  } else if (type == "info") {
    builder.complete(number, t, client, Outcome::kInfo, kind, key);
  } else {
    builder.fail(number, "unknown event type \"" + type + "\" (expected invoke, ok, fail or info)");
  }
}

void write_string(std::ostream& out, std::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  out << '"';
  for (char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out << '\\' << c;
    } else if (byte < 0x20) {
      out << "\\u00" << kHex[byte >> 4] << kHex[byte & 15];
    } else {
      out << c;
    }
  }
  out << '"';
}

void write_event(std::ostream& out, const Record& record, bool completion) {
  const OpKind kind = record.op.kind;
  out << "{\"t\":" << (completion ? record.return_time : record.call_time) << ",\"client\":" << record.client
      << ",\"type\":\"" << (completion ? outcome_name(record.outcome) : "invoke") << "\",\"f\":\"" << op_kind_name(kind)
      << '"';
  if (is_kv(kind)) {
    out << ",\"key\":";
    write_string(out, record.op.key);
  }
  if (!completion) {
    if (kind == OpKind::kPut || kind == OpKind::kAppend) {
      out << ",\"value\":";
      write_string(out, record.op.value);
    } else if (kind == OpKind::kWrite) {
      out << ",\"value\":" << record.op.number;
    } else if (kind == OpKind::kCas) {
      out << ",\"from\":" << record.op.number << ",\"to\":" << record.op.number2;
    } else if (kind == OpKind::kIncrement) {
      out << ",\"amount\":" << record.op.number;
    }
  } else if (record.outcome == Outcome::kOk && kind == OpKind::kIncrement && record.output.found) {
    out << ",\"value\":";
    write_string(out, record.output.value);
  } else if (record.outcome == Outcome::kOk && (kind == OpKind::kGet || kind == OpKind::kRead)) {
    const Output& output = record.output;
    if (output.unknown) {
      out << ",\"unknown\":true";
    } else if (!output.found) {
      out << ",\"found\":false";
    } else if (kind == OpKind::kGet) {
      out << ",\"found\":true,\"value\":";
      write_string(out, output.value);
    } else {
      out << ",\"found\":true,\"value\":" << output.number;
    }
  }
  out << "}\n";
}

}  // namespace

History parse_own_format(std::string_view text, const std::string& file) {
  HistoryBuilder builder(file, Format::kOwn);
  for_each_line(text, [&](std::uint32_t number, std::string_view line) {
    if (!is_blank(line)) parse_event(builder, number, line);
  });
  return builder.finish();
}

void write_own_format(std::ostream& out, const History& history) {
  // Each event position belongs to one record's invoke or completion; lay
  // them out by position (record index * 2 + is_completion, or -1 for none).
  std::vector<std::int64_t> events(history.event_count, -1);
  for (std::size_t i = 0; i < history.records.size(); ++i) {
    const Record& record = history.records[i];
    if (record.call_event < events.size()) events[record.call_event] = static_cast<std::int64_t>(2 * i);
    if (record.completion_event < events.size()) events[record.completion_event] = static_cast<std::int64_t>(2 * i + 1);
  }
  for (std::int64_t event : events) {
    if (event >= 0) write_event(out, history.records[static_cast<std::size_t>(event / 2)], event % 2 == 1);
  }
}

std::string to_own_format(const History& history) {
  std::ostringstream out;
  write_own_format(out, history);
  return out.str();
}

}  // namespace store::history
