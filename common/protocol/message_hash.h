// Feeds every field of a message into a Hasher, without encoding it: the
// simulator hashes each delivered message into its trace hash.
#pragma once

#include "core/hash.h"
#include "protocol/messages.h"

namespace store {

void hash_entry(Hasher& hasher, const LogEntry& entry);
void hash_message(Hasher& hasher, const Message& message);

}  // namespace store
