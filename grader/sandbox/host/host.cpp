#include "sandbox/host/host.h"

#include <tuple>
#include <type_traits>
#include <utility>

#include "node/quorum.h"
#include "node/server.h"
#include "sandbox/protocol/calls.h"
#include "sandbox/protocol/rng_state.h"

namespace store::sandbox {

namespace {

template <class Target>
void put_status_of(FieldWriter& out, const Target& target) {
  FieldWriter status;
  try {
    put(status, target.status());
  } catch (...) {
    put_failure(out, describe_current_exception());
    return;
  }
  out.u8(0);
  out.raw(status.bytes());
}

}  // namespace

Host::Hosted& Host::find(std::uint32_t object) {
  auto it = objects_.find(object);
  if (it == objects_.end()) throw ProtocolError("no hosted object " + std::to_string(object));
  return it->second;
}

std::string Host::answer(std::string_view payload) {
  FieldReader r(payload);
  FieldWriter out;
  const std::uint32_t seq = r.u32("the request's number");
  const std::uint8_t id = r.u8("the request's call");
  const std::uint32_t object = r.u32("the request's object");
  request_.now = r.i64("the request's time");
  set_state(request_.rng, get_as<RngState>(r));
  request_.stepping = kNoNode;
  request_.answer = &out;
  out.u32(seq);
  const std::size_t rng_at = out.bytes().size();
  put(out, state_of(request_.rng));  // a place for the state after the call

  Outcome outcome;
  Hosted* hosted = nullptr;
  switch (static_cast<CallId>(id)) {
    case CallId::kMakeRaft:
      hosted = create(kMakeRaft, object, r, outcome, [](Env& env, const RaftConfig& c) { return make_raft(env, c); });
      break;
    case CallId::kMakeKvServer:
      hosted = create(kMakeKvServer, object, r, outcome,
                      [](Env& env, const ServerConfig& c) { return make_kv_server(env, c); });
      break;
    case CallId::kMakeQuorumServer:
      hosted = create(kMakeQuorumServer, object, r, outcome,
                      [](Env& env, const QuorumConfig& c) { return make_quorum_server(env, c); });
      break;
    case CallId::kDestroy:
      r.expect_end("destroy");
      find(object);
      // The node's destructor runs here; what it does that needs a step is
      // refused, as in one process.
      objects_.erase(object);
      break;
    default: hosted = call(id, object, r, outcome); break;
  }
  request_.answer = nullptr;

  out.u8(static_cast<std::uint8_t>(Effect::kEnd));
  if (outcome.failure) {
    put_failure(out, *outcome.failure);
  } else {
    out.u8(0);
    out.raw(outcome.result.bytes());
  }
  if (hosted == nullptr) {
    out.u8(kStatusGone);
  } else if (hosted->consensus) {
    put_status_of(out, *hosted->consensus);
  } else {
    put_status_of(out, *hosted->node);
  }
  std::string answer = out.take();
  const RngState after = state_of(request_.rng);
  answer.replace(rng_at, after.size(), reinterpret_cast<const char*>(after.data()), after.size());
  return answer;
}

template <class Factory, class Make>
Host::Hosted* Host::create(const Factory& factory, std::uint32_t object, FieldReader& r, Outcome& outcome,
                           Make&& make) {
  if (objects_.contains(object)) throw ProtocolError("object " + std::to_string(object) + " exists already");
  const auto id = get_as<std::int32_t>(r);
  auto servers = get_as<std::vector<std::int32_t>>(r);
  const auto state = get_as<HardState>(r);
  const auto log = get_as<std::vector<LogEntry>>(r);
  const auto config = get_as<typename Factory::ConfigType>(r);
  r.expect_end(factory.name);

  Hosted hosted;
  hosted.env = std::make_unique<HostEnv>(request_, id, std::move(servers), state, log);
  request_.stepping = id;
  try {
    auto made = make(*hosted.env, config);
    if (!made) throw std::logic_error(std::string(factory.name) + " returned no object for server " + std::to_string(id));
    if constexpr (std::is_same_v<typename Factory::TargetType, Consensus>) {
      hosted.consensus = std::move(made);
    } else {
      hosted.node = std::move(made);
    }
  } catch (...) {
    outcome.failure = describe_current_exception();
  }
  request_.stepping = kNoNode;
  hosted.env->forget_written();
  if (outcome.failure) return nullptr;  // nothing is kept of an object that was not made
  return &objects_.emplace(object, std::move(hosted)).first->second;
}

Host::Hosted* Host::call(std::uint8_t id, std::uint32_t object, FieldReader& r, Outcome& outcome) {
  Hosted& hosted = find(object);
  bool found = false;
  auto run_if = [&](const auto& call) {
    using CallType = std::remove_cvref_t<decltype(call)>;
    using Target = typename CallType::TargetType;
    using Result = typename CallType::ResultType;
    if (found || static_cast<std::uint8_t>(call.id) != id) return;
    found = true;
    Target* target = nullptr;
    if constexpr (std::is_same_v<Target, Consensus>) {
      target = hosted.consensus.get();
    } else {
      target = hosted.node.get();
    }
    if (target == nullptr) throw ProtocolError(std::string(call.name) + " on an object of another kind");
    typename CallType::ArgsTuple args;
    std::apply([&](auto&... arg) { (get(r, arg), ...); }, args);
    r.expect_end(call.name);
    request_.stepping = hosted.env->id();
    try {
      if constexpr (std::is_void_v<Result>) {
        std::apply([&](auto&... arg) { call.run(*target, arg...); }, args);
      } else {
        put(outcome.result, std::apply([&](auto&... arg) { return call.run(*target, arg...); }, args));
      }
    } catch (...) {
      outcome.failure = describe_current_exception();
    }
    request_.stepping = kNoNode;
    hosted.env->forget_written();
  };
  std::apply([&](const auto&... calls) { (run_if(calls), ...); }, kCalls);
  if (!found) throw ProtocolError("unknown call " + std::to_string(id));
  return &hosted;
}

}  // namespace store::sandbox
