#include "sim/statistics.h"

#include <sstream>

namespace store::sim {

namespace {

MessageCounts& slot(std::vector<MessageCounts>& counts, std::size_t index) {
  if (index >= counts.size()) counts.resize(index + 1);
  return counts[index];
}

// The names of Message's alternatives, in order, without constructing messages by hand.
std::string_view type_name(std::size_t index) {
  static const auto names = [] {
    std::array<std::string_view, Statistics::kTypes> result{};
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((result[I] = message_name(Message(std::in_place_index<I>))), ...);
    }
    (std::make_index_sequence<Statistics::kTypes>());
    return result;
  }();
  return names.at(index);
}

}  // namespace

void Statistics::count_sent(NodeId sender, std::size_t type_index, std::size_t wire_size) {
  sent_.add(wire_size);
  sent_by_type_[type_index].add(wire_size);
  if (is_client_id(sender)) {
    slot(sent_by_client_, static_cast<std::size_t>(sender - kFirstClientId)).add(wire_size);
  } else {
    slot(sent_by_server_, static_cast<std::size_t>(sender - 1)).add(wire_size);
  }
}

MessageCounts Statistics::sent_by(NodeId sender) const {
  const auto& counts = is_client_id(sender) ? sent_by_client_ : sent_by_server_;
  const auto index = static_cast<std::size_t>(is_client_id(sender) ? sender - kFirstClientId : sender - 1);
  return sender > 0 && index < counts.size() ? counts[index] : MessageCounts{};
}

std::string Statistics::summary() const {
  std::ostringstream out;
  out << "sent " << sent_.messages << " (" << sent_.bytes << " bytes), delivered " << delivered_.messages
      << ", dropped " << dropped_ << ", duplicated " << duplicated_ << "\n";
  for (std::size_t i = 0; i < kTypes; ++i) {
    if (sent_by_type_[i].messages == 0) continue;
    out << "  " << type_name(i) << ": sent " << sent_by_type_[i].messages << " (" << sent_by_type_[i].bytes
        << " bytes), delivered " << delivered_by_type_[i].messages << "\n";
  }
  for (std::size_t i = 0; i < kDropReasonCount; ++i) {
    if (dropped_by_reason_[i] == 0) continue;
    out << "  dropped (" << to_string(static_cast<DropReason>(i)) << "): " << dropped_by_reason_[i] << "\n";
  }
  return out.str();
}

}  // namespace store::sim
