// store-demo-<impl>: the ungraded demonstrations behind `./track demo NAME`.
//
//   store-demo-labs lease-drift [--seed S] [--out DIR]
//   store-demo-labs clock-jump  [--seed S] [--out DIR]
//
// Exit status: 0 when the demonstration showed what it should (a stale read
// where the assumption breaks, none where it holds), 1 when not, 2 on bad
// usage.
#include <charconv>
#include <iostream>
#include <string>
#include <vector>

#include "core/todo.h"
#include "demo/lease_demos.h"

namespace {

const char* kUsage =
    "usage: store-demo NAME [--seed S] [--out DIR]\n"
    "  lease-drift   lease reads with clocks beyond, then within, the drift bound\n"
    "  clock-jump    lease reads when the followers' clocks jump forward\n";

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  store::demo::DemoOptions options;
  for (std::size_t i = 1; i < args.size(); ++i) {
    std::string flag = args[i];
    std::string value;
    if (const auto eq = flag.find('='); eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag.resize(eq);
    } else if ((flag == "--seed" || flag == "--out") && i + 1 < args.size()) {
      value = args[++i];
    }
    if (flag == "--out" && !value.empty()) {
      options.out_dir = value;
    } else if (flag == "--seed" && !value.empty()) {
      auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), options.seed);
      if (error != std::errc() || end != value.data() + value.size()) {
        std::cerr << "store-demo: --seed: '" << value << "' is not a seed\n";
        return 2;
      }
    } else {
      std::cerr << "store-demo: unexpected argument '" << args[i] << "'\n" << kUsage;
      return 2;
    }
  }
  try {
    bool shown = false;
    if (args[0] == "lease-drift") {
      shown = store::demo::lease_drift(options, std::cout);
    } else if (args[0] == "clock-jump") {
      shown = store::demo::clock_jump(options, std::cout);
    } else {
      std::cerr << "store-demo: unknown demonstration '" << args[0] << "'\n" << kUsage;
      return 2;
    }
    std::cout << (shown ? "The demonstration showed what the handout describes.\n"
                        : "The demonstration did NOT show what the handout describes (see above).\n");
    return shown ? 0 : 1;
  } catch (const store::TodoReached& todo) {
    std::cerr << "store-demo: " << todo.what() << "\n";
    return 1;
  }
}
