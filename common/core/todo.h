// The one macro the student skeleton uses for work not yet done.
//
// The skeleton generator (grader/skeleton) replaces each marked region of
// solutions/ with STORE_TODO(lab, "handout#section"). Reaching it throws, so a
// test that needs the missing code fails at once and names the place to start.
#pragma once

#include <source_location>
#include <stdexcept>
#include <string>
#include <string_view>

namespace store {

class TodoReached : public std::logic_error {
 public:
  TodoReached(int lab, std::string message) : std::logic_error(std::move(message)), lab_(lab) {}
  int lab() const { return lab_; }

 private:
  int lab_;
};

[[noreturn]] void todo_reached(int lab, std::string_view handout_section,
                               std::source_location where = std::source_location::current());

}  // namespace store

#define STORE_TODO(lab, handout_section) ::store::todo_reached((lab), (handout_section))
