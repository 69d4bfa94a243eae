#include "sandbox/host/host_env.h"

#include <stdexcept>
#include <string>

#include "sandbox/protocol/step.h"

namespace store::sandbox {

HostEnv::HostEnv(Request& request, NodeId id, std::vector<NodeId> servers, const HardState& state,
                 const std::vector<LogEntry>& log)
    : request_(request), id_(id), servers_(std::move(servers)), storage_(id, this) {
  storage_.save_hard_state(state);
  storage_.append(log);
  forget_written();
  loading_ = false;
}

// The simulator's words for the same mistakes (common/sim/world_*.cpp).
FieldWriter& HostEnv::effects_in_step(const char* what) const {
  if (request_.stepping != id_) {
    throw std::logic_error("node " + std::to_string(id_) + " " + what + " outside one of its steps; " +
                           "act on a node from the harness with Simulator::call");
  }
  return *request_.answer;
}

void HostEnv::send(NodeId to, Message message) {
  FieldWriter& w = effects_in_step("called Env::send");
  w.u8(static_cast<std::uint8_t>(Effect::kSend));
  w.i32(to);
  put(w, message);
}

void HostEnv::apply(LogEntry entry) {
  FieldWriter& w = effects_in_step("called Env::apply");
  w.u8(static_cast<std::uint8_t>(Effect::kApply));
  put(w, entry);
}

void HostEnv::trace(std::string_view note) {
  FieldWriter& w = *request_.answer;
  w.u8(static_cast<std::uint8_t>(Effect::kTrace));
  w.string(note);
}

void HostEnv::storage_writing(NodeId) {
  if (!loading_) effects_in_step("wrote to its storage");
}

void HostEnv::storage_saved(NodeId, const HardState& state) {
  if (loading_) return;
  FieldWriter& w = *request_.answer;
  w.u8(static_cast<std::uint8_t>(Effect::kSave));
  put(w, state);
}

void HostEnv::storage_appended(NodeId, std::span<const LogEntry> entries) {
  if (loading_) return;
  FieldWriter& w = *request_.answer;
  w.u8(static_cast<std::uint8_t>(Effect::kAppend));
  w.u32(static_cast<std::uint32_t>(entries.size()));
  for (const LogEntry& entry : entries) put(w, entry);
}

void HostEnv::storage_truncated(NodeId, Index from) {
  if (loading_) return;
  FieldWriter& w = *request_.answer;
  w.u8(static_cast<std::uint8_t>(Effect::kTruncate));
  w.u64(from);
}

}  // namespace store::sandbox
