#include "runtime/resp.h"

#include <charconv>

namespace store::runtime::resp {

namespace {

// A decimal length after a type byte, up to the line end at `end`.
long long length_at(const std::string& buffer, std::size_t from, std::size_t end) {
  long long value = 0;
  const auto [ptr, ec] = std::from_chars(buffer.data() + from, buffer.data() + end, value);
  if (ec != std::errc() || ptr != buffer.data() + end) throw ProtocolError("bad length in the request");
  return value;
}

std::optional<std::vector<std::string>> take_inline(std::string& buffer, std::size_t max_bytes) {
  const std::size_t eol = buffer.find('\n');
  if (eol == std::string::npos) {
    if (buffer.size() > max_bytes) throw ProtocolError("inline command too long");
    return std::nullopt;
  }
  std::string line = buffer.substr(0, eol);
  buffer.erase(0, eol + 1);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    std::size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
    if (j > i) words.push_back(line.substr(i, j - i));
    i = j;
  }
  return words;  // an empty line is an empty command, which the caller skips
}

}  // namespace

std::optional<std::vector<std::string>> take_command(std::string& buffer, std::size_t max_bytes) {
  if (buffer.empty()) return std::nullopt;
  if (buffer[0] != '*') return take_inline(buffer, max_bytes);
  std::size_t eol = buffer.find("\r\n");
  if (eol == std::string::npos) {
    if (buffer.size() > 32) throw ProtocolError("bad array header in the request");
    return std::nullopt;
  }
  const long long count = length_at(buffer, 1, eol);
  if (count < 0 || count > 1024 * 1024) throw ProtocolError("bad number of arguments in the request");
  std::size_t at = eol + 2;
  std::vector<std::string> args;
  args.reserve(static_cast<std::size_t>(count));
  for (long long i = 0; i < count; ++i) {
    if (at >= buffer.size()) return std::nullopt;
    if (buffer[at] != '$') throw ProtocolError("expected a bulk string ('$') in the request");
    eol = buffer.find("\r\n", at);
    if (eol == std::string::npos) {
      if (buffer.size() - at > 32) throw ProtocolError("bad bulk length in the request");
      return std::nullopt;
    }
    const long long length = length_at(buffer, at + 1, eol);
    if (length < 0 || static_cast<std::size_t>(length) > max_bytes) {
      throw ProtocolError("a request argument over " + std::to_string(max_bytes) + " bytes");
    }
    const std::size_t data = eol + 2;
    if (buffer.size() < data + static_cast<std::size_t>(length) + 2) {
      if (data > max_bytes + 64 * static_cast<std::size_t>(count)) throw ProtocolError("request too large");
      return std::nullopt;
    }
    if (buffer.compare(data + static_cast<std::size_t>(length), 2, "\r\n") != 0) {
      throw ProtocolError("a bulk string is not followed by CRLF");
    }
    args.push_back(buffer.substr(data, static_cast<std::size_t>(length)));
    at = data + static_cast<std::size_t>(length) + 2;
    if (at > max_bytes + 64 * static_cast<std::size_t>(count)) throw ProtocolError("request too large");
  }
  buffer.erase(0, at);
  return args;
}

std::string simple(std::string_view text) { return "+" + std::string(text) + "\r\n"; }

std::string error(std::string_view text) {
  std::string line(text);
  for (char& c : line) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return "-" + line + "\r\n";
}

std::string integer(std::int64_t value) { return ":" + std::to_string(value) + "\r\n"; }

std::string bulk(std::string_view data) {
  return "$" + std::to_string(data.size()) + "\r\n" + std::string(data) + "\r\n";
}

std::string null_bulk() { return "$-1\r\n"; }

std::string array(const std::vector<std::string>& encoded_items) {
  std::string out = "*" + std::to_string(encoded_items.size()) + "\r\n";
  for (const std::string& item : encoded_items) out += item;
  return out;
}

int key_slot(std::string_view key) {
  // Redis Cluster: a non-empty {tag} hashes alone.
  if (const std::size_t open = key.find('{'); open != std::string_view::npos) {
    const std::size_t close = key.find('}', open + 1);
    if (close != std::string_view::npos && close > open + 1) key = key.substr(open + 1, close - open - 1);
  }
  std::uint16_t crc = 0;  // CRC16-CCITT (XMODEM), as Redis's crc16.c
  for (const char c : key) {
    crc = static_cast<std::uint16_t>(crc ^ (static_cast<std::uint16_t>(static_cast<unsigned char>(c)) << 8));
    for (int bit = 0; bit < 8; ++bit) {
      crc = (crc & 0x8000) != 0 ? static_cast<std::uint16_t>((crc << 1) ^ 0x1021) : static_cast<std::uint16_t>(crc << 1);
    }
  }
  return crc & 16383;
}

}  // namespace store::runtime::resp
