// The node binary's command line.
#pragma once

#include <string>
#include <vector>

#include "node/server.h"
#include "runtime/runtime_config.h"

namespace store::runtime {

struct NodeOptions {
  RuntimeConfig runtime;
  ServerConfig server;
  bool help = false;
};

std::string node_usage(const std::string& impl);
// Throws std::invalid_argument with a message for the user.
NodeOptions parse_node_options(const std::vector<std::string>& args);

}  // namespace store::runtime
