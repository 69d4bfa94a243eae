// Traffic counters the simulator keeps for budgets and reports.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/types.h"
#include "protocol/messages.h"
#include "sim/observer.h"

namespace store::sim {

namespace detail {
class World;
}

struct MessageCounts {
  std::uint64_t messages = 0;
  std::uint64_t bytes = 0;  // approximate_wire_size

  void add(std::size_t wire_size) {
    ++messages;
    bytes += wire_size;
  }
  bool operator==(const MessageCounts&) const = default;
};

// The position of T among Message's alternatives.
template <class T>
constexpr std::size_t message_type_index() {
  constexpr auto find = []<class... Ts>(std::variant<Ts...>*) {
    constexpr bool same[] = {std::is_same_v<T, Ts>...};
    for (std::size_t i = 0; i < sizeof...(Ts); ++i) {
      if (same[i]) return i;
    }
    return sizeof...(Ts);
  };
  constexpr std::size_t index = find(static_cast<Message*>(nullptr));
  static_assert(index < std::variant_size_v<Message>, "not a Message alternative");
  return index;
}

class Statistics {
 public:
  static constexpr std::size_t kTypes = std::variant_size_v<Message>;

  // Counted when a node calls Env::send (or a client sends), whatever becomes of it.
  const MessageCounts& sent() const { return sent_; }
  const MessageCounts& sent(std::size_t type_index) const { return sent_by_type_.at(type_index); }
  template <class T>
  const MessageCounts& sent_of() const {
    return sent_by_type_[message_type_index<T>()];
  }
  MessageCounts sent_by(NodeId sender) const;

  // Every copy handed to its destination (a duplicate counts twice).
  const MessageCounts& delivered() const { return delivered_; }
  template <class T>
  const MessageCounts& delivered_of() const {
    return delivered_by_type_[message_type_index<T>()];
  }

  std::uint64_t dropped() const { return dropped_; }
  std::uint64_t dropped(DropReason reason) const { return dropped_by_reason_[static_cast<std::size_t>(reason)]; }
  std::uint64_t duplicated() const { return duplicated_; }  // extra copies the network made

  // A few lines for logs: totals, per type and per drop reason.
  std::string summary() const;

 private:
  friend class detail::World;
  void count_sent(NodeId sender, std::size_t type_index, std::size_t wire_size);

  MessageCounts sent_;
  std::array<MessageCounts, kTypes> sent_by_type_{};
  std::vector<MessageCounts> sent_by_server_;  // index id - 1
  std::vector<MessageCounts> sent_by_client_;  // index id - kFirstClientId
  MessageCounts delivered_;
  std::array<MessageCounts, kTypes> delivered_by_type_{};
  std::uint64_t dropped_ = 0;
  std::array<std::uint64_t, kDropReasonCount> dropped_by_reason_{};
  std::uint64_t duplicated_ = 0;
};

}  // namespace store::sim
