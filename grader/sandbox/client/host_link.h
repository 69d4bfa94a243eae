// The trusted side of the calls in calls.h. Each test-seed has one host
// process (started on first use, with the test-seed's limits), in which all
// of its nodes live, as they would share one process without the sandbox. A
// call sends one request and replays the answer through the node's own Env:
// the generator moved on to where the node's draws left it, then the node's
// sends, storage writes, applies and trace lines in order, then the node's
// status, kept for status() until the next call. An exception the node's
// code threw in the host is thrown again here.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>

#include "node/env.h"
#include "sandbox/client/host_process.h"
#include "sandbox/protocol/calls.h"
#include "sandbox/protocol/fields.h"
#include "sandbox/protocol/step.h"

namespace store::sandbox {

// The host program this grader runs nodes in (store-grade-sandbox --host).
void set_host_program(std::string path);

class HostLink {
 public:
  // The test-seed's host process, started on first use (and again once a
  // dead one has no objects left: a unit test may run many simulations).
  static HostLink& current();

  std::uint32_t new_object() { return ++objects_; }
  void made() { ++alive_; }
  void destroyed() { --alive_; }
  bool dead() const { return process_.dead(); }
  // A request: the header (protocol/step.h) for `object`, with the node's clock and the generator.
  FieldWriter begin(CallId call, std::uint32_t object, Env& env);
  // Sends it and replays the answer's generator state and effects into `env`;
  // the answer's outcome and status are left in `answer` to read.
  void exchange(const FieldWriter& request, Env& env, const std::string& doing, std::string& answer,
                std::optional<FieldReader>& rest);
  // The host broke the protocol in an answer (a value that does not decode).
  [[noreturn]] void refuse(const std::string& doing, const std::string& why) { process_.refuse(doing, why); }

 private:
  explicit HostLink(const std::string& program);
  void replay(FieldReader& r, Env& env, const std::string& doing);

  HostProcess process_;
  std::uint32_t seq_ = 0;
  std::uint32_t objects_ = 0;
  std::size_t alive_ = 0;
};

template <class Target>
using StatusOf = std::conditional_t<std::is_same_v<Target, Consensus>, RaftStatus, NodeStatus>;

// One hosted object, seen from the trusted side: made by a factory of
// calls.h, called through its calls, destroyed with this.
template <class Target>
class Remote {
 public:
  using Status = StatusOf<Target>;

  template <class Config>
  Remote(Env& env, const Factory<Target, Config>& factory, const Config& config)
      : env_(env), link_(HostLink::current()), object_(link_.new_object()) {
    FieldWriter request = link_.begin(factory.id, object_, env);
    put(request, env.id());
    put(request, env.servers());
    put(request, env.storage().hard_state());
    put(request, env.storage().log());
    put(request, config);
    run<void>(request, factory.name);
    link_.made();
  }

  ~Remote() {
    // A destructor cannot fail: a host that died here fails the test at its next call.
    try {
      run<void>(link_.begin(CallId::kDestroy, object_, env_), "destruction");
    } catch (...) {
    }
    link_.destroyed();
  }
  Remote(const Remote&) = delete;
  Remote& operator=(const Remote&) = delete;

  template <class Result, class... Args, class... Given>
  Result call(const Call<Target, Result, Args...>& call, const Given&... args) {
    FieldWriter request = link_.begin(call.id, object_, env_);
    (put(request, args), ...);
    return run<Result>(request, call.name);
  }

  // What status() said after the last call, or what it threw then.
  Status status() const {
    if (status_failure_) rethrow(*status_failure_);
    return status_;
  }

 private:
  template <class Result>
  Result run(const FieldWriter& request, const char* name) {
    const std::string doing = "node " + std::to_string(env_.id()) + "'s " + name;
    std::string answer;
    std::optional<FieldReader> r;
    link_.exchange(request, env_, doing, answer, r);
    std::optional<Failure> failure;
    std::conditional_t<std::is_void_v<Result>, std::tuple<>, Result> result{};
    try {
      if (const std::uint8_t outcome = r->u8("the outcome"); outcome != 0) {
        failure = get_failure(*r, outcome);
      } else if constexpr (!std::is_void_v<Result>) {
        get(*r, result);
      }
      if (const std::uint8_t status = r->u8("the status"); status == 0) {
        get(*r, status_);
        status_failure_.reset();
      } else if (status != kStatusGone) {
        status_failure_ = get_failure(*r, status);
      }
      r->expect_end("the answer");
    } catch (const ProtocolError& e) {
      link_.refuse(doing, e.what());
    }
    if (failure) rethrow(*failure);
    if constexpr (!std::is_void_v<Result>) return result;
  }

  Env& env_;
  HostLink& link_;
  std::uint32_t object_;
  Status status_{};
  std::optional<Failure> status_failure_;
};

}  // namespace store::sandbox
