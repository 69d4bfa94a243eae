// store-cli: get, put and delete through the clerk (leader discovery and
// redirects included), and status / partitions through admin requests.
#include <iostream>
#include <string>
#include <vector>

#include "cli_commands.h"

int main(int argc, char** argv) {
  return store::runtime::run_cli(std::vector<std::string>(argv + 1, argv + argc), std::cin, std::cout, std::cerr);
}
