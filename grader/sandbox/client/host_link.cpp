#include "sandbox/client/host_link.h"

#include <utility>

#include "framework/helper_processes.h"
#include "sandbox/protocol/rng_state.h"

namespace store::sandbox {

namespace {

std::string& host_program() {
  static std::string program;
  return program;
}

HostLimits limits_of_this_test_seed() {
  HostLimits limits;
  if (auto child = grader::child_limits()) {
    limits.memory_mb = child->memory_limit_mb;
    limits.cpu_s = child->time_limit_s;
  }
  return limits;
}

}  // namespace

void set_host_program(std::string path) { host_program() = std::move(path); }

HostLink& HostLink::current() {
  static std::unique_ptr<HostLink> link;
  if (!link || (link->dead() && link->alive_ == 0)) {
    if (host_program().empty()) throw HostFailure("no host program to run nodes in (store-grade-sandbox --host PATH)");
    link.reset();
    link.reset(new HostLink(host_program()));
  }
  return *link;
}

HostLink::HostLink(const std::string& program) : process_(program, limits_of_this_test_seed()) {}

FieldWriter HostLink::begin(CallId call, std::uint32_t object, Env& env) {
  FieldWriter w;
  w.u32(++seq_);
  w.u8(static_cast<std::uint8_t>(call));
  w.u32(object);
  w.i64(env.now());
  put(w, state_of(env.rng()));
  return w;
}

void HostLink::exchange(const FieldWriter& request, Env& env, const std::string& doing, std::string& answer,
                        std::optional<FieldReader>& rest) {
  answer = process_.exchange(request.bytes(), doing);
  FieldReader& r = rest.emplace(answer);
  try {
    if (r.u32("the answer's number") != seq_) refuse(doing, "it answered another request");
    const auto after = get_as<RngState>(r);
    if (!advance_to(env.rng(), after)) {
      refuse(doing, "the random generator's state it reported is not one the node's draws could reach (a step may "
                    "draw at most " + std::to_string(kMaxDrawsPerStep) + " numbers)");
    }
  } catch (const ProtocolError& e) {
    refuse(doing, e.what());
  }
  replay(r, env, doing);
}

// The node's effects, in order, through its own Env: each is checked,
// traced and observed as the simulator does for a node in its process. An
// exception from there (a monitor that saw a violation) leaves at once.
void HostLink::replay(FieldReader& r, Env& env, const std::string& doing) {
  while (true) {
    Effect effect;
    NodeId to = kNoNode;
    Message message;
    HardState state;
    std::vector<LogEntry> entries;
    LogEntry entry;
    Index from = 0;
    std::string text;
    try {
      effect = static_cast<Effect>(r.u8("an effect"));
      switch (effect) {
        case Effect::kEnd: return;
        case Effect::kSend:
          to = r.i32("a message's destination");
          get(r, message);
          break;
        case Effect::kSave: get(r, state); break;
        case Effect::kAppend: get(r, entries); break;
        case Effect::kTruncate: from = r.u64("a truncation's index"); break;
        case Effect::kApply: get(r, entry); break;
        case Effect::kTrace: text = r.string("a trace line"); break;
        default: throw ProtocolError("unknown effect " + std::to_string(static_cast<int>(effect)));
      }
    } catch (const ProtocolError& e) {
      refuse(doing, e.what());
    }
    switch (effect) {
      case Effect::kSend: env.send(to, std::move(message)); break;
      case Effect::kSave: env.storage().save_hard_state(state); break;
      case Effect::kAppend: env.storage().append(entries); break;
      case Effect::kTruncate: env.storage().truncate(from); break;
      case Effect::kApply: env.apply(std::move(entry)); break;
      case Effect::kTrace: env.trace(text); break;
      case Effect::kEnd: break;
    }
  }
}

}  // namespace store::sandbox
