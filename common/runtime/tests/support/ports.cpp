#include "support/ports.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

#include "core/rng.h"

namespace store::runtime::testing {

namespace {

constexpr std::uint16_t kLowest = 20000;
constexpr std::uint16_t kHighest = 32000;  // the ephemeral range starts at 32768 here

bool can_bind(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

std::vector<std::uint16_t> pick_ports(int count) {
  static Rng rng(static_cast<std::uint64_t>(::getpid()) * 0x9E3779B97F4A7C15ULL ^
                 static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
  std::vector<std::uint16_t> ports;
  for (int attempt = 0; attempt < 10000 && static_cast<int>(ports.size()) < count; ++attempt) {
    const auto port = static_cast<std::uint16_t>(rng.between(kLowest, kHighest));
    bool taken = false;
    for (std::uint16_t p : ports) taken = taken || p == port;
    if (!taken && can_bind(port)) ports.push_back(port);
  }
  if (static_cast<int>(ports.size()) < count) throw std::runtime_error("no free loopback ports found");
  return ports;
}

}  // namespace store::runtime::testing
