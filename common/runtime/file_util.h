// Small POSIX file helpers with errors that name the file: the disk log and
// the data directory use nothing else.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace store::runtime {

// A storage problem that stops the node: an I/O error, a damaged log, a data
// directory that belongs to someone else. The message says what to do.
class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "<what> <path>: <strerror(errno)>"
[[noreturn]] void throw_errno(std::string_view what, const std::filesystem::path& path);

// Reads the whole file.
std::string read_whole_file(const std::filesystem::path& path);
// Writes all of `bytes` at the file's current position (retrying short writes).
void write_all(int fd, std::string_view bytes, const std::filesystem::path& path);
// fdatasync, or fsync for a directory.
void sync_fd(int fd, const std::filesystem::path& path);
void sync_directory(const std::filesystem::path& dir);
// Replaces `path` with `bytes` atomically and durably: temp file, sync, rename, sync the directory.
void replace_file_durably(const std::filesystem::path& path, std::string_view bytes);

// An owned file descriptor.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd();
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&& other) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;

  int get() const { return fd_; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_ = -1;
};

}  // namespace store::runtime
