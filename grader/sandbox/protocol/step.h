// One step across the boundary: a request to the host, and its answer.
//
//   request  = seq:u32 call:u8 object:u32 now:i64 rng:32B args...
//   answer   = seq:u32 rng:32B effect* end:u8(0) outcome status
//   effect   = kind:u8 fields (Effect below)
//   outcome  = 0 result... | failure
//   status   = 0 status-of-the-object... | failure | 255 (the object is gone)
//   failure  = kind:u8 (FailureKind) [lab:i32 for a TODO] what:string
//
// Each is the payload of one length-prefixed frame (runtime/frame.h). A host
// answers every request with exactly one answer carrying the same seq; the
// first frame it writes is the hello (kHostHello, kProtocolVersion).
//
// Effects are what the node did through its Env during the step, in order:
// the trusted side replays them through the simulator's Env, which is what
// makes the trace the same as in one process. `now` is the node's local
// clock for the step; `rng` is the simulator's generator before the step
// (in the request) and after the node's draws (in the answer, ahead of the
// effects, so that the trusted side moves its generator on before it replays
// them, as the node's draws came before the end of its step).
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

#include "sandbox/protocol/fields.h"

namespace store::sandbox {

inline constexpr std::uint32_t kProtocolVersion = 1;
inline constexpr std::string_view kHostHello = "store-sandbox-host";
// No frame in either direction may be larger: a host that writes more is
// broken or hostile, and the grader refuses it before buffering it.
inline constexpr std::size_t kMaxFrameBytes = 64 * 1024 * 1024;
// An exception's text from the host is cut to this before it is sent (the
// reports cap it further).
inline constexpr std::size_t kMaxFailureText = 64 * 1024;

// The descriptors a host process is started with.
inline constexpr int kHostRequestFd = 0;   // requests in
inline constexpr int kHostAnswerFd = 3;    // answers out; 1 and 2 are the test-seed's output

// How a host process ends on its own, for the trusted side's message.
inline constexpr int kHostExitNoExecBan = 120;   // could not add its own filter (no exec)
inline constexpr int kHostExitOutOfMemory = 121; // the memory limit, outside the node's code
inline constexpr int kHostExitProtocol = 122;    // a request it could not read (never from the grader)

enum class Effect : std::uint8_t {
  kEnd = 0,
  kSend = 1,       // to:i32 message
  kSave = 2,       // hard state
  kAppend = 3,     // entries
  kTruncate = 4,   // from:u64
  kApply = 5,      // entry
  kTrace = 6,      // text
};

enum class FailureKind : std::uint8_t {
  kNone = 0,
  kTodo = 1,       // store::TodoReached: the skeleton's stub, with its lab
  kBadAlloc = 2,   // std::bad_alloc: the memory limit, inside the host
  kStd = 3,        // another std::exception: its what()
  kForeign = 4,    // an exception of a type not derived from std::exception
  // std::invalid_argument: make_quorum_server's refusal of a configuration
  // (node/quorum.h), which lab 6's grader catches by its type.
  kInvalidArgument = 5,
};
inline constexpr std::uint8_t kStatusGone = 255;

// An exception caught in the host, as it crosses.
struct Failure {
  FailureKind kind = FailureKind::kNone;
  std::int32_t lab = 0;
  std::string what;
};

// What the host caught, from inside a catch block (std::current_exception()).
Failure describe_current_exception();
void put_failure(FieldWriter& w, const Failure& failure);  // writes kind, lab, what
// Reads the rest of a failure whose kind byte was already read.
Failure get_failure(FieldReader& r, std::uint8_t kind);
// Throws the trusted side's equivalent of the host's exception: TodoReached,
// std::bad_alloc and std::invalid_argument as themselves, any other std::exception as a
// std::runtime_error with the same what(), and anything else as a type that
// is not a std::exception, so that the grader words them as it would in one
// process.
[[noreturn]] void rethrow(const Failure& failure);

}  // namespace store::sandbox
