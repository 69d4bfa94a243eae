// What the store-cli commands share: the parsed options and usage errors.
#pragma once

#include <istream>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/types.h"
#include "runtime/cluster_file.h"

namespace store::runtime {

class UsageError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct CliOptions {
  std::optional<std::string> servers;
  std::string cluster_dir = ".store/cluster";
  bool cluster_dir_given = false;
  std::optional<std::string> cluster_id;
  Micros timeout = 5 * kSecond;
  bool verbose = false;
  bool sessions = false;            // --sessions: every write in a client session (lab 5)
  std::optional<std::string> node;  // --node: where a get goes first
  std::vector<std::string> command;
};

// Throws UsageError unless the command has exactly `count` arguments.
void expect_args(const std::vector<std::string>& command, std::size_t count, const std::string& shape);
// A node id of the cluster, or a UsageError.
NodeId node_arg(const std::string& text, const ClusterFile& cluster);

// get, put, delete, append, incr: one operation through the clerk (cli_kv.cpp).
int run_kv(const CliOptions& o, const ClusterFile& cluster, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace store::runtime
