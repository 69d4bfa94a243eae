// The store-cli commands, callable with any streams (for tests).
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

namespace store::runtime {

inline constexpr int kCliOk = 0;
inline constexpr int kCliFailed = 1;
inline constexpr int kCliUsage = 2;
inline constexpr int kCliNotFound = 3;

std::string cli_usage();
// `in` is read only for `put KEY -` (the value from standard input).
int run_cli(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace store::runtime
