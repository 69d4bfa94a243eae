// A history: every operation the clients ran, with when it was called and
// when (and how) it completed.
//
// Order. Events (invokes and completions) are numbered 0, 1, 2, ... in the
// order they happened; `call_event` and `return_event` are these positions,
// and they, not the timestamps, decide which operations were concurrent (two
// events at the same virtual microsecond still happened one after the other).
// The timestamps are kept for people: messages and the HTML view.
//
// Outcomes, as Jepsen defines them:
//   ok    the operation took effect, once, between its call and its return;
//   fail  it definitely did not take effect -- except for cas, where fail
//         means it ran and found a value other than `from` (so it did not swap);
//   info  unknown: it may have taken effect at any time after its call, or never;
//   open  the history ended before it completed: the same as info.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"
#include "history/operation.h"

namespace store::history {

enum class Outcome : std::uint8_t { kOk, kFail, kInfo, kOpen };
std::string_view outcome_name(Outcome outcome);  // "ok", "fail", "info", "open"

inline constexpr std::uint32_t kNever = std::numeric_limits<std::uint32_t>::max();

// One operation of the history.
struct Record {
  std::int64_t client = 0;  // who ran it (a NodeId in the simulator, a process number in Jepsen)
  Operation op;
  Outcome outcome = Outcome::kOpen;
  Output output;                            // meaningful when outcome == kOk
  std::uint32_t call_event = 0;             // position of the invoke in the event order
  std::uint32_t return_event = kNever;      // position of the completion; kNever for info and open
  std::uint32_t completion_event = kNever;  // position of the completion event, info included (for display)
  Micros call_time = 0;
  Micros return_time = 0;  // when the completion was recorded (0 when there was none)
  std::uint32_t line = 0;  // the invoke's line in the source file (0 when recorded in memory)

  bool completed() const { return return_event != kNever; }
};

// Which of the three history formats a history came from (kMemory: a recorder).
enum class Format : std::uint8_t { kMemory, kOwn, kJepsen, kEdn };
std::string_view format_name(Format format);  // "memory", "own", "jepsen", "edn"

// The family of a history's operations.
enum class Family : std::uint8_t { kEmpty, kKv, kRegister };
std::string_view family_name(Family family);  // "empty", "kv", "cas-register"

struct History {
  std::vector<Record> records;    // in the order of their calls
  std::uint32_t event_count = 0;  // events are numbered [0, event_count)
  Format format = Format::kMemory;
  // Keys that were never written read as absent in the project's store, but as
  // the empty string in the Porcupine kv corpus (EDN). The kv model starts
  // every key from this.
  bool keys_start_empty = false;

  Family family() const;  // kEmpty when there are no records
};

}  // namespace store::history
