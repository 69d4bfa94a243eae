#include "sim/trace_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace store::sim {

namespace {

constexpr std::size_t kChunk = 64 * 1024;
std::atomic<std::uint64_t> default_max_bytes{kDefaultTraceMaxBytes};

}  // namespace

std::uint64_t default_trace_max_bytes() { return default_max_bytes.load(std::memory_order_relaxed); }

void set_default_trace_max_bytes(std::uint64_t bytes) {
  if (bytes < kMinTraceMaxBytes) {
    throw std::invalid_argument("the trace size limit must be at least " + std::to_string(kMinTraceMaxBytes) +
                                " bytes");
  }
  default_max_bytes.store(bytes, std::memory_order_relaxed);
}

TraceFile::TraceFile(const std::string& path, std::uint64_t max_bytes) : max_bytes_(max_bytes) {
  if (max_bytes_ < kMinTraceMaxBytes) {
    throw std::invalid_argument("the trace size limit must be at least " + std::to_string(kMinTraceMaxBytes) +
                                " bytes");
  }
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error("cannot create the trace file " + path + ": " + std::strerror(errno));
  buffer_.reserve(2 * kChunk);
}

TraceFile::~TraceFile() {
  flush();
  ::close(fd_);
}

std::string& TraceFile::begin_line() {
  line_start_ = buffer_.size();
  return buffer_;
}

void TraceFile::end_line(Micros t) {
  buffer_ += '\n';
  if (written_ + buffer_.size() + kTraceClosingReserve > max_bytes_) {
    buffer_.resize(line_start_);  // this line does not fit: the file ends before it
    cut_ = true;
    buffer_ += "{\"t\":" + std::to_string(t) +
               ",\"ev\":\"trace-cut\",\"bytes\":" + std::to_string(written_ + buffer_.size()) +
               ",\"limit\":" + std::to_string(max_bytes_) + "}\n";
    flush();
    return;
  }
  if (buffer_.size() >= kChunk) flush();
}

void TraceFile::closing_line(std::string line) {
  // The reserve makes room for these; the check keeps the cap whatever a caller writes.
  if (failed_ || written_ + buffer_.size() + line.size() + 1 > max_bytes_) return;
  buffer_ += line;
  buffer_ += '\n';
  flush();
}

void TraceFile::flush() {
  if (buffer_.empty()) return;
  write_out(buffer_);
  buffer_.clear();
  line_start_ = 0;
}

void TraceFile::write_out(std::string_view bytes) {
  while (!bytes.empty() && !failed_) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      failed_ = true;  // a full disk, say: the trace ends here, without an end line
      return;
    }
    written_ += static_cast<std::uint64_t>(n);
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace store::sim
