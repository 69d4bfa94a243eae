// store-floor: the floor the store's latency is measured against on this
// machine: one loopback TCP round trip and one small append + fdatasync on
// the data directory's filesystem, alone and with one writer per node of a
// local cluster syncing at the same time (they share one disk, and a local
// cluster's leader and followers all sync each write at once).
//
//   store-floor [--dir DIR] [--round-trips N] [--syncs N] [--nodes N] [--json FILE [--label KEY=VALUE]...]
//
// --json appends the p50s as one line to FILE, for store-bench-report.
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "runtime/address.h"
#include "runtime/file_util.h"

namespace {

using Clock = std::chrono::steady_clock;
using store::runtime::Fd;

double micros_since(Clock::time_point start) {
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

// Prints the line; returns the p50 in microseconds.
double print(const std::string& what, std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  const auto at = [&](double p) {
    return samples[std::min(samples.size() - 1,
                            static_cast<std::size_t>(p / 100.0 * static_cast<double>(samples.size())))];
  };
  std::cout << std::fixed << std::setprecision(1) << what << ": n=" << samples.size() << " p50=" << at(50)
            << "us p99=" << at(99) << "us min=" << samples.front() << "us\n";
  return at(50);
}

void full(int fd, char* data, std::size_t size, bool write_it) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = write_it ? ::write(fd, data + done, size - done) : ::read(fd, data + done, size - done);
    if (n <= 0) throw std::runtime_error("socket I/O failed");
    done += static_cast<std::size_t>(n);
  }
}

// A 64-byte message to an echo thread and back, like a small request/reply.
std::vector<double> round_trips(int count) {
  Fd listener(::socket(AF_INET, SOCK_STREAM, 0));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(listener.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listener.get(), 1) != 0 ||
      ::getsockname(listener.get(), reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error("cannot listen on loopback");
  }
  constexpr std::size_t kSize = 64;
  std::thread echo([&listener, count] {
    Fd peer(::accept(listener.get(), nullptr, nullptr));
    const int one = 1;
    ::setsockopt(peer.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    char buffer[kSize];
    for (int i = 0; i < count + 100; ++i) {
      full(peer.get(), buffer, kSize, false);
      full(peer.get(), buffer, kSize, true);
    }
  });
  Fd client(::socket(AF_INET, SOCK_STREAM, 0));
  const int one = 1;
  ::setsockopt(client.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (::connect(client.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    throw std::runtime_error("cannot connect on loopback");
  }
  char buffer[kSize] = {};
  std::vector<double> samples;
  for (int i = 0; i < count + 100; ++i) {
    const auto start = Clock::now();
    full(client.get(), buffer, kSize, true);
    full(client.get(), buffer, kSize, false);
    if (i >= 100) samples.push_back(micros_since(start));  // the first ones warm up
  }
  echo.join();
  return samples;
}

// Appends a log-record-sized write and syncs it, as the disk log does.
std::vector<double> syncs(const std::filesystem::path& dir, int count, std::size_t size, int writer = 0) {
  std::filesystem::create_directories(dir);
  const std::filesystem::path path = dir / ("store-floor-" + std::to_string(writer) + ".tmp");
  Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644));
  if (fd.get() < 0) throw std::runtime_error("cannot create " + path.string());
  const std::string record(size, 'r');
  std::vector<double> samples;
  for (int i = 0; i < count + 10; ++i) {
    const auto start = Clock::now();
    store::runtime::write_all(fd.get(), record, path);
    store::runtime::sync_fd(fd.get(), path);
    if (i >= 10) samples.push_back(micros_since(start));
  }
  std::filesystem::remove(path);
  return samples;
}

// `writers` threads at once, each appending and syncing its own file; all
// their samples together.
std::vector<double> concurrent_syncs(const std::filesystem::path& dir, int count, std::size_t size, int writers) {
  std::vector<std::vector<double>> each(static_cast<std::size_t>(writers));
  std::vector<std::string> errors(each.size());
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      try {
        each[static_cast<std::size_t>(w)] = syncs(dir, count, size, w);
      } catch (const std::exception& e) {
        errors[static_cast<std::size_t>(w)] = e.what();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::vector<double> all;
  for (std::size_t w = 0; w < each.size(); ++w) {
    if (!errors[w].empty()) throw std::runtime_error(errors[w]);
    all.insert(all.end(), each[w].begin(), each[w].end());
  }
  return all;
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path dir = ".store";
  int trips = 20000;
  int sync_count = 500;
  int nodes = 3;
  std::string json_file;
  nlohmann::json record = nlohmann::json::object();
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string a = argv[i];
      if (i + 1 >= argc && a != "-h" && a != "--help") throw std::invalid_argument(a + " needs a value");
      if (a == "--dir") {
        dir = argv[++i];
      } else if (a == "--round-trips") {
        trips = static_cast<int>(store::runtime::parse_number(argv[++i], 10'000'000, "--round-trips"));
      } else if (a == "--syncs") {
        sync_count = static_cast<int>(store::runtime::parse_number(argv[++i], 1'000'000, "--syncs"));
      } else if (a == "--nodes") {
        nodes = static_cast<int>(store::runtime::parse_number(argv[++i], 64, "--nodes"));
      } else if (a == "--json") {
        json_file = argv[++i];
      } else if (a == "--label") {
        const std::string pair = argv[++i];
        const std::size_t eq = pair.find('=');
        if (eq == std::string::npos || eq == 0) throw std::invalid_argument("--label takes KEY=VALUE");
        record[pair.substr(0, eq)] = pair.substr(eq + 1);
      } else if (a == "-h" || a == "--help") {
        std::cout << "usage: store-floor [--dir DIR] [--round-trips N] [--syncs N] [--nodes N] [--json FILE]\n"
                     "                   [--label KEY=VALUE]...\n";
        return 0;
      } else {
        throw std::invalid_argument("unknown option '" + a + "'");
      }
    }
    if (trips < 1 || sync_count < 1 || nodes < 1) throw std::invalid_argument("counts must be at least 1");
    record["tool"] = "store-floor";
    record["rtt_us"] = print("loopback TCP round trip (64 B)", round_trips(trips));
    record["fsync_us"] = print("append 128 B + fdatasync in " + dir.string(), syncs(dir, sync_count, 128));
    record["fsync_4k_us"] = print("append 4 KiB + fdatasync in " + dir.string(), syncs(dir, sync_count, 4096));
    record["fsync_concurrent_us"] = record["fsync_us"];
    if (nodes > 1) {
      record["fsync_concurrent_us"] = print("append 128 B + fdatasync, " + std::to_string(nodes) + " files at once",
                                            concurrent_syncs(dir, sync_count, 128, nodes));
    }
    record["nodes"] = nodes;
    if (!json_file.empty()) {
      std::ofstream out(json_file, std::ios::app);
      out << record.dump() << "\n";
      if (!out) throw std::runtime_error("cannot write " + json_file);
    }
  } catch (const std::exception& e) {
    std::cerr << "store-floor: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
