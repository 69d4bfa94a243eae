// Free loopback ports for test clusters. Ports come from below the kernel's
// ephemeral range (where outgoing connections take theirs), start at a
// random place so that tests running in parallel rarely meet, and are
// checked by binding. A port can still be taken between the check and the
// node's bind: callers retry when a node exits with "address in use".
#pragma once

#include <cstdint>
#include <vector>

namespace store::runtime::testing {

std::vector<std::uint16_t> pick_ports(int count);

}  // namespace store::runtime::testing
