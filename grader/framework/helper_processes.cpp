#include "framework/helper_processes.h"

namespace store::grader {

namespace {

std::optional<ChildLimits> g_limits;
ProgressCell* g_cell = nullptr;

}  // namespace

void enter_child(const ChildLimits& limits, ProgressCell* cell) {
  g_limits = limits;
  g_cell = cell;
}

std::optional<ChildLimits> child_limits() { return g_limits; }

bool watch_helper_process(pid_t pid) {
  if (g_cell == nullptr) return false;
  for (auto& slot : g_cell->helpers) {
    std::int32_t free_slot = 0;
    if (slot.compare_exchange_strong(free_slot, static_cast<std::int32_t>(pid), std::memory_order_relaxed)) return true;
  }
  return false;
}

void unwatch_helper_process(pid_t pid) {
  if (g_cell == nullptr) return;
  for (auto& slot : g_cell->helpers) {
    std::int32_t watched = static_cast<std::int32_t>(pid);
    slot.compare_exchange_strong(watched, 0, std::memory_order_relaxed);
  }
}

}  // namespace store::grader
