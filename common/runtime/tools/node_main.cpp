// store-node: one server of a real cluster, hosting the lab code (solutions/
// or labs/, as built) in the real runtime (runtime/node_host.h).
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "node/server.h"
#include "node_options.h"
#include "runtime/node_host.h"

int main(int argc, char** argv) {
  using namespace store::runtime;
  const std::string impl = STORE_IMPL_NAME;
  NodeOptions options;
  try {
    options = parse_node_options(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::invalid_argument& e) {
    std::cerr << "store-node: " << e.what() << "\n\n" << node_usage(impl);
    return kExitUsage;
  }
  if (options.help) {
    std::cout << node_usage(impl);
    return 0;
  }
  // Lines written by a killed process must not sit in a buffer.
  std::setvbuf(stderr, nullptr, _IOLBF, 0);

  const store::ServerConfig server = options.server;
  NodeHost host(
      options.runtime, [server](store::Env& env) { return store::make_kv_server(env, server); },
      Logger("node " + std::to_string(options.runtime.id)));
  try {
    host.start();
  } catch (const StartupError& e) {
    std::cerr << "store-node: node " << options.runtime.id << ": " << e.what() << "\n";
    return e.exit_code();
  }
  return host.run();
}
