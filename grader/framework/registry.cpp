#include "framework/registry.h"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

namespace store::grader {

namespace {

std::string site(const std::string& file, int line) {
  if (file.empty()) return "(unknown place)";
  return file + ":" + std::to_string(line);
}

bool listed_before(const Scenario* a, const Scenario* b) {
  return std::tie(a->info.lab, a->info.order, a->file, a->line) <
         std::tie(b->info.lab, b->info.order, b->file, b->line);
}

}  // namespace

bool is_kebab_case(std::string_view name) {
  if (name.empty() || name.front() == '-' || name.back() == '-') return false;
  char previous = 0;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && previous != '-');
    if (!ok) return false;
    previous = c;
  }
  return true;
}

Registry& Registry::global() {
  // A function-local static: initialised on first use, so registration from
  // any translation unit's static initialisers is safe.
  static Registry registry;
  return registry;
}

void Registry::add(ScenarioInfo info, ScenarioFn run, std::string file, int line) {
  std::string where = site(file, line);
  const std::string label = "scenario '" + info.name + "' at " + where;
  if (!is_kebab_case(info.name)) {
    errors_.push_back(label + ": the name must be kebab-case (lowercase letters and digits joined by single hyphens)");
  }
  if (const Scenario* other = find(info.name)) {
    errors_.push_back("duplicate scenario name '" + info.name + "': registered at " + site(other->file, other->line) +
                      " and at " + where);
  }
  if (info.lab < 0) errors_.push_back(label + ": lab must be 0 or more");
  if (info.points < 0) errors_.push_back(label + ": points must be 0 or more");
  if (info.default_seeds < 1) errors_.push_back(label + ": default_seeds must be at least 1");
  if (!(info.stall_limit_s > 0) || !std::isfinite(info.stall_limit_s)) {
    errors_.push_back(label + ": stall_limit_s must be a positive number of seconds");
  }
  if (!(info.time_limit_s > 0) || !std::isfinite(info.time_limit_s)) {
    errors_.push_back(label + ": time_limit_s must be a positive number of seconds");
  }
  if (info.memory_limit_mb == 0) errors_.push_back(label + ": memory_limit_mb must be at least 1");
  if (!run) errors_.push_back(label + ": no function to run");

  auto scenario = std::make_unique<Scenario>(Scenario{std::move(info), std::move(run), std::move(file), line});
  const Scenario* raw = scenario.get();
  owned_.push_back(std::move(scenario));
  ordered_.insert(std::upper_bound(ordered_.begin(), ordered_.end(), raw, listed_before), raw);
}

void Registry::add_lab(int lab, std::string title, std::string file, int line) {
  std::string where = site(file, line);
  if (lab < 0) {
    errors_.push_back("lab " + std::to_string(lab) + " declared at " + where + ": lab must be 0 or more");
    return;
  }
  auto [it, inserted] = titles_.emplace(lab, title);
  if (!inserted && it->second != title) {
    errors_.push_back("lab " + std::to_string(lab) + " has two titles: '" + it->second + "' (" + title_sites_[lab] +
                      ") and '" + title + "' (" + where + ")");
  }
  if (inserted) title_sites_[lab] = where;
}

const Scenario* Registry::find(std::string_view name) const {
  for (const Scenario* s : ordered_) {
    if (s->info.name == name) return s;
  }
  return nullptr;
}

std::vector<std::string> Registry::names() const {
  std::vector<std::string> names;
  for (const Scenario* s : ordered_) names.push_back(s->info.name);
  return names;
}

std::vector<int> Registry::labs() const {
  std::vector<int> labs;
  for (const auto& [lab, title] : titles_) labs.push_back(lab);
  for (const Scenario* s : ordered_) labs.push_back(s->info.lab);
  std::sort(labs.begin(), labs.end());
  labs.erase(std::unique(labs.begin(), labs.end()), labs.end());
  return labs;
}

bool Registry::lab_known(int lab) const { return titles_.count(lab) > 0 || lab_has_scenarios(lab); }

bool Registry::lab_has_scenarios(int lab) const {
  return std::any_of(ordered_.begin(), ordered_.end(), [lab](const Scenario* s) { return s->info.lab == lab; });
}

std::string Registry::lab_title(int lab) const {
  auto it = titles_.find(lab);
  return it == titles_.end() ? std::string() : it->second;
}

bool register_scenario(ScenarioInfo info, ScenarioFn run, const char* file, int line) {
  Registry::global().add(std::move(info), std::move(run), file ? file : "", line);
  return true;
}

bool register_lab(int lab, std::string title, const char* file, int line) {
  Registry::global().add_lab(lab, std::move(title), file ? file : "", line);
  return true;
}

}  // namespace store::grader
