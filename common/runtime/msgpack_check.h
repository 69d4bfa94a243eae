// A guard in front of the MessagePack parser for bytes from the network.
//
// nlohmann::json parses MessagePack recursively, so a frame of a few
// megabytes of nested one-element arrays would overflow the stack. This check
// walks the bytes without recursion and accepts only exactly one complete
// MessagePack value whose containers nest at most `max_depth` deep and whose
// declared sizes fit in the bytes that are there. Everything the store sends
// nests 3 deep.
#pragma once

#include <string_view>

namespace store::runtime {

inline constexpr int kMaxMessagePackDepth = 8;

// Throws DecodeError (protocol/codec.h) with the reason when the bytes fail.
void check_msgpack_shape(std::string_view bytes, int max_depth = kMaxMessagePackDepth);

}  // namespace store::runtime
