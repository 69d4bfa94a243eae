// libFuzzer target: the request decoders. The input is the body of a
// Message frame (what a client sends after its Hello), and also the data of
// a log entry (what a peer's AppendEntries carries into the state machine).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "protocol/codec.h"
#include "protocol/kv_command.h"
#include "runtime/wire.h"

using namespace store;
using namespace store::runtime;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    const Payload payload = decode_payload(std::string(1, static_cast<char>(FrameKind::kMessage)) + std::string(bytes));
    if (const auto* message = std::get_if<Message>(&payload)) {
      if (const auto* request = std::get_if<ClientRequest>(message)) {
        // What a server proposes for it must decode back to the same command.
        const KvCommand command{.op = request->op,
                                .key = request->key,
                                .value = request->value,
                                .client_id = request->client_id,
                                .seq = request->seq};
        if (decode_command(encode_command(command)) != command) std::abort();
      }
    }
  } catch (const DecodeError&) {
  }
  try {
    const KvCommand command = decode_command(bytes);
    if (decode_command(encode_command(command)) != command) std::abort();
  } catch (const DecodeError&) {
  }
  return 0;
}
