#include "runtime/logger.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "core/printable.h"

namespace store::runtime {

namespace {

std::string timestamp() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(millis));
  return text;
}

}  // namespace

void Logger::write(std::string_view level, std::string_view text) const {
  std::string line = timestamp();
  line += ' ';
  line += prefix_;
  line += ": ";
  line += level;
  line += printable(text);  // a peer's words may hold newlines or terminal escapes
  if (sink_) {
    sink_(line);
    return;
  }
  line += '\n';
  // One fwrite per line, so that lines of several threads do not interleave.
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace store::runtime
