// Format detection and reading a history from a file.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "history/formats.h"
#include "history/jepsen_line.h"
#include "history/text_lines.h"

namespace store::history {

Format detect_format(std::string_view text, const std::string& file) {
  std::uint32_t number = 0;
  std::string_view first;
  for_each_line(text, [&](std::uint32_t n, std::string_view line) {
    if (number == 0 && !is_blank(line)) {
      number = n;
      first = line;
    }
  });
  if (number == 0) return Format::kOwn;  // nothing but blank lines: an empty history
  const std::size_t begin = first.find_first_not_of(" \t");
  if (first[begin] == '{') {
    const std::size_t next = first.find_first_not_of(" \t", begin + 1);
    if (next != std::string_view::npos && first[next] == '"') return Format::kOwn;
    if (next != std::string_view::npos && first[next] == ':') return Format::kEdn;
  } else {
    JepsenLine fields;
    if (split_jepsen_line(first, &fields)) return Format::kJepsen;
  }
  throw ParseError(file, number,
                   "cannot tell the history format: expected JSON lines ({\"t\":...}), EDN maps ({:process ...}) "
                   "or Jepsen log lines (INFO  jepsen.util - 0\\t:invoke\\t:read\\tnil)");
}

History parse_history(std::string_view text, const std::string& file) {
  switch (detect_format(text, file)) {
    case Format::kJepsen: return parse_jepsen_log(text, file);
    case Format::kEdn: return parse_edn(text, file);
    default: return parse_own_format(text, file);
  }
}

std::string read_input_file(const std::string& path, std::size_t max_bytes) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer before it is refused.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) throw ParseError(path, 0, std::string("cannot open the file: ") + std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat info {};
  if (::fstat(fd, &info) != 0) throw ParseError(path, 0, std::string("cannot read the file: ") + std::strerror(errno));
  if (S_ISDIR(info.st_mode)) throw ParseError(path, 0, "is a directory, not a file");
  if (!S_ISREG(info.st_mode)) {
    throw ParseError(path, 0, "is not a regular file (a device, a pipe or a socket); save it to a file first");
  }
  const auto too_large = [&](std::size_t bytes) {
    return ParseError(path, 0,
                      "the file has " + std::to_string(bytes) + " bytes, over the limit of " +
                          std::to_string(max_bytes) + " that this reader takes");
  };
  if (static_cast<std::uint64_t>(info.st_size) > max_bytes) throw too_large(static_cast<std::size_t>(info.st_size));
  std::string bytes;
  bytes.reserve(static_cast<std::size_t>(info.st_size));
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw ParseError(path, 0, std::string("cannot read the file: ") + std::strerror(errno));
    }
    if (n == 0) break;
    bytes.append(buffer, static_cast<std::size_t>(n));
    if (bytes.size() > max_bytes) throw too_large(bytes.size());  // it grew while being read
  }
  return bytes;
}

History read_history_file(const std::string& path) {
  History history = parse_history(read_input_file(path, kMaxHistoryFileBytes), path);
  if (history.records.empty()) {
    throw ParseError(path, 0,
                     "no operations: the file is empty or holds only blank lines, and an empty history proves "
                     "nothing (it is not reported as linearizable)");
  }
  return history;
}

}  // namespace store::history
