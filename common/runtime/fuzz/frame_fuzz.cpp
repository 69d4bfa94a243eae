// libFuzzer target: the frame decoder and the payload decoder, as a node's
// port sees them: any bytes, in any chunking. Decoding may reject (FrameError,
// DecodeError) but must never crash, hang or accept something that does not
// survive a round trip.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "protocol/codec.h"
#include "runtime/frame.h"
#include "runtime/wire.h"

using namespace store;
using namespace store::runtime;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte picks how the stream is cut into reads.
  const std::size_t chunk = 1 + data[0] % 64;
  const std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);
  FrameDecoder decoder(64 * 1024);
  try {
    for (std::size_t at = 0; at < stream.size(); at += chunk) {
      decoder.feed(stream.substr(at, chunk));
      while (const auto payload = decoder.next()) {
        Payload decoded;
        try {
          decoded = decode_payload(*payload);
        } catch (const DecodeError&) {
          continue;  // a node closes the connection here
        }
        // Whatever decodes must encode and decode to the same thing.
        if (decode_payload(encode_payload(decoded)) != decoded) std::abort();
      }
    }
  } catch (const FrameError&) {
    // A node closes the connection here.
  }
  return 0;
}
