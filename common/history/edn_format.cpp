// EDN histories: one flat map per line, e.g.
//   {:process 0, :type :invoke, :f :append, :key "0", :value "x 0 0 y"}
// The reader knows just enough EDN for these maps: keywords, strings,
// integers, nil, booleans and flat vectors; commas are whitespace. Events of
// a non-numeric process (Jepsen's :nemesis) are not client operations and are
// skipped. An event's time is its line number.
#include <charconv>
#include <vector>

#include "history/formats.h"
#include "history/history_builder.h"
#include "history/text_lines.h"

namespace store::history {
namespace {

struct EdnValue {
  enum Kind { kNil, kBool, kInt, kString, kKeyword, kVector } kind = kNil;
  std::int64_t number = 0;         // kInt, kBool
  std::string text;                // kString, kKeyword (without the colon)
  std::vector<EdnValue> elements;  // kVector
};

class EdnLine {
 public:
  EdnLine(std::string_view text, const HistoryBuilder& builder, std::uint32_t number)
      : text_(text), builder_(builder), number_(number) {}

  // Parses `{k v, k v ...}` into (keyword, value) pairs.
  std::vector<std::pair<std::string, EdnValue>> map() {
    skip_space();
    if (!consume('{')) error("expected an EDN map starting with '{'");
    std::vector<std::pair<std::string, EdnValue>> pairs;
    while (true) {
      skip_space();
      if (consume('}')) break;
      EdnValue key = value();
      if (key.kind != EdnValue::kKeyword) error("map keys must be keywords such as :type");
      skip_space();
      if (at_end() || peek() == '}') error("key :" + key.text + " has no value");
      pairs.emplace_back(std::move(key.text), value());
    }
    skip_space();
    if (!at_end()) error("text after the closing '}'");
    return pairs;
  }

 private:
  [[noreturn]] void error(const std::string& reason) const {
    builder_.fail(number_, reason + " (column " + std::to_string(pos_ + 1) + ")");
  }
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }
  bool consume(char c) {
    if (at_end() || peek() != c) return false;
    ++pos_;
    return true;
  }
  void skip_space() {
    while (!at_end() && (peek() == ' ' || peek() == ',' || peek() == '\t')) ++pos_;
  }
  static bool is_delimiter(char c) {
    return c == ' ' || c == ',' || c == '\t' || c == '}' || c == ']' || c == '{' || c == '[';
  }
  std::string_view word() {
    const std::size_t begin = pos_;
    while (!at_end() && !is_delimiter(peek())) ++pos_;
    return text_.substr(begin, pos_ - begin);
  }

  EdnValue value() {
    skip_space();
    if (at_end()) error("unexpected end of line");
    EdnValue out;
    const char c = peek();
    if (c == '"') {
      ++pos_;
      out.kind = EdnValue::kString;
      while (true) {
        if (at_end()) error("unterminated string");
        char ch = text_[pos_++];
        if (ch == '"') break;
        if (ch == '\\') {
          if (at_end()) error("unterminated string");
          ch = text_[pos_++];
          switch (ch) {
            case 'n': ch = '\n'; break;
            case 't': ch = '\t'; break;
            case 'r': ch = '\r'; break;
            case '"':
            case '\\': break;
            default: error(std::string("unsupported escape \\") + ch);
          }
        }
        out.text += ch;
      }
    } else if (c == ':') {
      ++pos_;
      out.kind = EdnValue::kKeyword;
      out.text = std::string(word());
      if (out.text.empty()) error("empty keyword");
    } else if (c == '[') {
      ++pos_;
      out.kind = EdnValue::kVector;
      while (true) {
        skip_space();
        if (consume(']')) break;
        out.elements.push_back(value());
      }
    } else {
      const std::string_view token = word();
      if (token == "nil") {
        out.kind = EdnValue::kNil;
      } else if (token == "true" || token == "false") {
        out.kind = EdnValue::kBool;
        out.number = token == "true";
      } else {
        out.kind = EdnValue::kInt;
        auto [end, err] = std::from_chars(token.data(), token.data() + token.size(), out.number);
        if (token.empty() || err != std::errc() || end != token.data() + token.size()) {
          error("cannot read value \"" + std::string(token) + "\"");
        }
      }
    }
    return out;
  }

  std::string_view text_;
  const HistoryBuilder& builder_;
  std::uint32_t number_;
  std::size_t pos_ = 0;
};

const EdnValue* find(const std::vector<std::pair<std::string, EdnValue>>& pairs, std::string_view key) {
  for (const auto& [name, value] : pairs) {
    if (name == key) return &value;
  }
  return nullptr;
}

void parse_event(HistoryBuilder& builder, std::uint32_t number, std::string_view text) {
  EdnLine line(text, builder, number);
  const auto pairs = line.map();
  auto required = [&](std::string_view key) -> const EdnValue& {
    const EdnValue* value = find(pairs, key);
    if (value == nullptr) builder.fail(number, "missing :" + std::string(key));
    return *value;
  };
  const EdnValue& process = required("process");
  if (process.kind == EdnValue::kKeyword) return;  // :nemesis and the like
  if (process.kind != EdnValue::kInt) builder.fail(number, ":process must be an integer");
  const EdnValue& type = required("type");
  const EdnValue& f = required("f");
  if (type.kind != EdnValue::kKeyword) builder.fail(number, ":type must be a keyword such as :invoke");
  OpKind kind{};
  if (f.kind != EdnValue::kKeyword || !op_kind_from_name(f.text, &kind) || kind == OpKind::kIncrement) {
    builder.fail(number, "unknown :f (expected :get, :put, :delete, :append, :read, :write or :cas)");
  }
  const EdnValue* key_value = find(pairs, "key");
  std::string key;
  if (is_kv(kind)) {
    if (key_value == nullptr) builder.fail(number, "a :" + f.text + " needs a :key");
    if (key_value->kind == EdnValue::kString) {
      key = key_value->text;
    } else if (key_value->kind == EdnValue::kInt) {
      key = std::to_string(key_value->number);
    } else {
      builder.fail(number, ":key must be a string or an integer");
    }
  }
  static const EdnValue kNil;
  const EdnValue* found = find(pairs, "value");
  const EdnValue& value = found != nullptr ? *found : kNil;
  auto expect = [&](bool ok, const char* what) {
    if (!ok) builder.fail(number, "the :value of this :" + f.text + " must be " + what);
  };
  auto is_pair = [](const EdnValue& v) {
    return v.kind == EdnValue::kVector && v.elements.size() == 2 && v.elements[0].kind == EdnValue::kInt &&
           v.elements[1].kind == EdnValue::kInt;
  };
  const Micros t = number;
  const std::int64_t client = process.number;

  if (type.text == "invoke") {
    Operation op;
    switch (kind) {
      case OpKind::kGet: op = Operation::get(key); break;
      case OpKind::kDelete: op = Operation::del(key); break;
      case OpKind::kPut:
      case OpKind::kAppend:
        expect(value.kind == EdnValue::kString, "a string");
        op = kind == OpKind::kPut ? Operation::put(key, value.text) : Operation::append(key, value.text);
        break;
      case OpKind::kRead: op = Operation::read(); break;
      case OpKind::kWrite:
        expect(value.kind == EdnValue::kInt, "an integer");
        op = Operation::write(value.number);
        break;
      case OpKind::kCas:
        expect(is_pair(value), "[FROM TO]");
        op = Operation::cas(value.elements[0].number, value.elements[1].number);
        break;
      case OpKind::kIncrement: break;  // refused above
    }
    builder.invoke(number, t, client, std::move(op));
  } else if (type.text == "ok") {
    Output output = Output::none();
    if (kind == OpKind::kGet) {
      expect(value.kind == EdnValue::kString || value.kind == EdnValue::kNil, "a string or nil");
      output = value.kind == EdnValue::kNil ? Output::absent() : Output::found_value(value.text);
    } else if (kind == OpKind::kRead) {
      expect(value.kind == EdnValue::kInt || value.kind == EdnValue::kNil, "an integer or nil");
      output = value.kind == EdnValue::kNil ? Output::absent() : Output::read_value(value.number);
    }
    builder.complete(number, t, client, Outcome::kOk, kind, is_kv(kind) ? &key : nullptr, std::move(output));
  } else if (type.text == "fail") {
    builder.complete(number, t, client, Outcome::kFail, kind, is_kv(kind) ? &key : nullptr);
  } else if (type.text == "info") {
    builder.complete(number, t, client, Outcome::kInfo, kind, is_kv(kind) ? &key : nullptr);
  } else {
    builder.fail(number, "unknown :type :" + type.text + " (expected :invoke, :ok, :fail or :info)");
  }
}

}  // namespace

History parse_edn(std::string_view text, const std::string& file) {
  HistoryBuilder builder(file, Format::kEdn);
  for_each_line(text, [&](std::uint32_t number, std::string_view line) {
    if (!is_blank(line)) parse_event(builder, number, line);
  });
  History history = builder.finish();
  history.keys_start_empty = true;
  return history;
}

}  // namespace store::history
