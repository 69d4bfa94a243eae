// The host process's side of the protocol (protocol/step.h): it owns the
// hosted objects (what make_raft and make_kv_server returned), answers each
// request by running the call on the object inside a try block, and writes
// the effects, the outcome, the object's status and the generator's state.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "node/consensus.h"
#include "node/node.h"
#include "sandbox/host/host_env.h"
#include "sandbox/protocol/fields.h"
#include "sandbox/protocol/step.h"

namespace store::sandbox {

class Host {
 public:
  // Answers one request payload; the answer's payload is returned. Throws
  // ProtocolError when the request is malformed (the trusted side never
  // sends one: the host then stops).
  std::string answer(std::string_view request);

 private:
  struct Hosted {
    std::unique_ptr<HostEnv> env;
    std::unique_ptr<Consensus> consensus;  // from make_raft
    std::unique_ptr<Node> node;            // from make_kv_server
  };

  // What a call produced besides its effects.
  struct Outcome {
    FieldWriter result;
    std::optional<Failure> failure;
  };

  // Each returns the object whose status the answer carries (null: none).
  template <class Factory, class Make>
  Hosted* create(const Factory& factory, std::uint32_t object, FieldReader& args, Outcome& outcome, Make&& make);
  Hosted* call(std::uint8_t id, std::uint32_t object, FieldReader& args, Outcome& outcome);
  Hosted& find(std::uint32_t object);

  Request request_;
  std::unordered_map<std::uint32_t, Hosted> objects_;
};

}  // namespace store::sandbox
