// The simulator's agenda: events ordered by (time, sequence number). The
// sequence number makes ties break in insertion order, so a run never depends
// on how the heap happens to arrange equal times. Events are small and carry
// no payload; messages wait in a slab the event points into.
#pragma once

#include <cstdint>
#include <queue>
#include <vector>

#include "core/types.h"

namespace store::sim::detail {

enum class EventKind : std::uint8_t {
  kDeliver,        // arg: flight slot
  kDeliverQueued,  // arg: flight slot held while its destination was paused
  kTick,           // arg: the node's tick generation when scheduled
  kApply,          // arg: the node's incarnation
  kSyncDone,       // arg: the node's incarnation
  kTimer,          // arg: timer id
};

struct Event {
  Micros time = 0;
  std::uint64_t seq = 0;
  std::uint64_t arg = 0;
  NodeId node = kNoNode;
  EventKind kind = EventKind::kTimer;
};

class EventQueue {
 public:
  // Urgent events run before every ordinary event of the same time: an apply
  // with no lag runs right after the step that caused it.
  void push(Micros time, EventKind kind, NodeId node, std::uint64_t arg, bool urgent = false) {
    heap_.push(
        Event{.time = time, .seq = urgent ? urgent_seq_++ : ordinary_seq_++, .arg = arg, .node = node, .kind = kind});
  }
  bool empty() const { return heap_.empty(); }
  const Event& top() const { return heap_.top(); }
  void pop() { heap_.pop(); }
  std::size_t size() const { return heap_.size(); }

 private:
  struct Later {
    bool operator()(const Event& a, const Event& b) const { return a.time != b.time ? a.time > b.time : a.seq > b.seq; }
  };
  std::priority_queue<Event, std::vector<Event>, Later> heap_;
  std::uint64_t urgent_seq_ = 0;
  std::uint64_t ordinary_seq_ = std::uint64_t{1} << 62;
};

}  // namespace store::sim::detail
