// The two queues that keep a node's disk ahead of what depends on it.
//
// Output: every send and every committed entry the node hands over, each
// tagged with the number of storage writes made before it. An item leaves
// only once those writes are durable, and never before an item queued ahead
// of it, so a reply never overtakes the vote or entry it depends on, and
// entries reach on_apply in log order. (The one exception, AppendEntries
// requests, never enters the queue; see node_host.h.)
//
// Input: a message from a peer, tagged with the number of writes made before
// it arrived. The node sees it only once those writes are durable. That is
// what lets a leader send entries before its own copy is on disk: by the time
// it reads a follower's acknowledgement, its own copy is durable too, so
// counting itself among the replicas counts only what would survive a crash.
#pragma once

#include <cstdint>
#include <deque>
#include <variant>

#include "core/types.h"
#include "protocol/messages.h"

namespace store::runtime {

struct OutgoingSend {
  NodeId to = kNoNode;
  Message message;
};
struct OutgoingApply {
  LogEntry entry;
};
using OutgoingItem = std::variant<OutgoingSend, OutgoingApply>;

struct IncomingMessage {
  NodeId from = kNoNode;
  Message message;
};

// A FIFO whose front leaves once the writes made before it are durable.
template <class Item>
class DurabilityQueue {
 public:
  void push(std::uint64_t after_write, Item item) { items_.push_back({after_write, std::move(item)}); }
  // Whether the front item may leave once `durable_writes` writes are durable.
  bool front_ready(std::uint64_t durable_writes) const {
    return !items_.empty() && items_.front().after_write <= durable_writes;
  }
  Item pop() {
    Item item = std::move(items_.front().item);
    items_.pop_front();
    return item;
  }
  std::size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }

 private:
  struct Held {
    std::uint64_t after_write;
    Item item;
  };
  std::deque<Held> items_;
};

using OutputQueue = DurabilityQueue<OutgoingItem>;
using InputQueue = DurabilityQueue<IncomingMessage>;

}  // namespace store::runtime
