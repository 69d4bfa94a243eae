// The table of scenarios and labs the grader can run.
//
// Scenarios register themselves from static initialisers, so the global
// registry is filled before main() runs. Problems found while registering
// (duplicate names, bad fields) are collected rather than thrown — throwing
// from a static initialiser would terminate without a message — and the
// grader reports them at startup.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "framework/scenario.h"

namespace store::grader {

struct Scenario {
  ScenarioInfo info;
  ScenarioFn run;
  std::string file;  // where it was registered, for messages and ordering
  int line = 0;
};

class Registry {
 public:
  // The process-wide registry the macros fill.
  static Registry& global();

  void add(ScenarioInfo info, ScenarioFn run, std::string file = {}, int line = 0);
  void add_lab(int lab, std::string title, std::string file = {}, int line = 0);

  // Every scenario in listing order: by lab, then ScenarioInfo::order, then
  // source file, then line.
  const std::vector<const Scenario*>& scenarios() const { return ordered_; }
  const Scenario* find(std::string_view name) const;
  std::vector<std::string> names() const;
  bool empty() const { return ordered_.empty(); }

  // Labs that have scenarios or were declared with STORE_LAB, ascending.
  std::vector<int> labs() const;
  bool lab_known(int lab) const;
  bool lab_has_scenarios(int lab) const;
  std::string lab_title(int lab) const;  // empty when none was declared

  // Registration problems; the grader refuses to run while there are any.
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  std::vector<std::unique_ptr<Scenario>> owned_;
  std::vector<const Scenario*> ordered_;
  std::map<int, std::string> titles_;
  std::map<int, std::string> title_sites_;
  std::vector<std::string> errors_;
};

// True for lowercase letters and digits in groups joined by single hyphens.
bool is_kebab_case(std::string_view name);

}  // namespace store::grader
