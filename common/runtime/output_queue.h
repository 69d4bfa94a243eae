// A node's one ordered output queue: every send and every committed entry it
// hands over, each tagged with the number of storage writes made before it.
// An item leaves only once those writes are durable, and never before an
// item queued ahead of it, so a reply never overtakes the vote or entry it
// depends on, and entries reach on_apply in log order.
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

class OutputQueue {
 public:
  void push(std::uint64_t after_write, OutgoingItem item) { items_.push_back({after_write, std::move(item)}); }
  // Whether the front item may leave once `durable_writes` writes are durable.
  bool front_ready(std::uint64_t durable_writes) const {
    return !items_.empty() && items_.front().after_write <= durable_writes;
  }
  OutgoingItem pop() {
    OutgoingItem item = std::move(items_.front().item);
    items_.pop_front();
    return item;
  }
  std::size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }

 private:
  struct Held {
    std::uint64_t after_write;
    OutgoingItem item;
  };
  std::deque<Held> items_;
};

}  // namespace store::runtime
