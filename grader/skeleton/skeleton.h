// Turns the reference solution into the student skeleton.
//
// solutions/ marks each piece of lab work with a pair of comment lines:
//
//     // BEGIN LAB 1 (#elections)            a region of code
//     ...
//     // END LAB 1
//
//     // BEGIN LAB 1 HIDDEN (#state) the state your Raft needs
//     ...                                    declarations or initialisers
//     // END LAB 1
//
// A code region becomes one STORE_TODO(1, "docs/labs/<handout>#elections")
// statement, which throws when reached and names the handout section. A
// hidden region becomes a TODO comment. Regions may nest; the outermost wins.
#pragma once

#include <stdexcept>
#include <string>

namespace store::skeleton {

class MarkerError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The handout of each lab, relative to the repository root.
std::string handout_path(int lab);

// Transforms one file's text; `name` is used in error messages (name:line).
std::string make_skeleton(const std::string& text, const std::string& name);

}  // namespace store::skeleton
