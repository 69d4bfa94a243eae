// store-cli's key-value commands: get, put, delete, append, incr, each one
// operation of a clerk over TCP.
#include <unistd.h>

#include <asio/io_context.hpp>
#include <charconv>
#include <optional>

#include "clerk/clerk.h"
#include "cli_commands.h"
#include "cli_internal.h"
#include "core/printable.h"
#include "runtime/clerk_transport.h"
#include "runtime/server_connection.h"

namespace store::runtime {

namespace {

// Leave room for the request's other fields within the client frame limit.
constexpr std::size_t kMaxKeyAndValue = kClientRequestLimit - 1024;

struct KvCall {
  OpType op = OpType::kGet;
  std::string key;
  std::string value;
};

// All of `in`, or a UsageError once it holds more than `limit` bytes.
std::string read_value(std::istream& in, std::size_t limit) {
  std::string value;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    value.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (value.size() > limit) {
      throw UsageError("the value on standard input is over " + std::to_string(limit) +
                       " bytes, more than fits in one request");
    }
  }
  if (in.bad()) throw UsageError("cannot read the value from standard input");
  return value;
}

std::string amount_arg(const std::string& text) {
  std::int64_t amount = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), amount);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    throw UsageError("incr: AMOUNT must be a decimal integer (e.g. 5 or -2), not '" + text + "'");
  }
  return std::to_string(amount);
}

KvCall parse_call(const std::vector<std::string>& command, std::istream& in) {
  const std::string& verb = command[0];
  KvCall call;
  if (verb == "get" || verb == "delete") {
    expect_args(command, 1, "one argument: KEY");
    call = {.op = verb == "get" ? OpType::kGet : OpType::kDelete, .key = command[1], .value = {}};
  } else if (verb == "incr") {
    if (command.size() != 2 && command.size() != 3) throw UsageError("incr takes KEY [AMOUNT]");
    call = {.op = OpType::kIncrement, .key = command[1], .value = command.size() == 3 ? amount_arg(command[2]) : "1"};
  } else {
    expect_args(command, 2, "two arguments: KEY VALUE");
    call = {.op = verb == "put" ? OpType::kPut : OpType::kAppend,
            .key = command[1],
            .value = command[2] == "-" ? read_value(in, kMaxKeyAndValue) : command[2]};
  }
  if (call.key.size() + call.value.size() > kMaxKeyAndValue) {
    throw UsageError("the key and value together are " + std::to_string(call.key.size() + call.value.size()) +
                     " bytes; at most " + std::to_string(kMaxKeyAndValue) + " fit in one request");
  }
  return call;
}

struct Outcome {
  ClerkResult result;
  std::string unreachable;  // each server's last connection error, for a failure message
};

Outcome run_clerk(const CliOptions& o, const ClusterFile& cluster, const KvCall& call, bool sessions) {
  asio::io_context io;
  TcpClerkTransport transport(io, cluster.peers, cluster.cluster_id);
  std::vector<NodeId> servers;
  for (const auto& [id, address] : cluster.peers) servers.push_back(id);
  // A client id (the register's, with sessions) unlikely to collide with another client's.
  const std::uint64_t client_id =
      (static_cast<std::uint64_t>(steady_micros()) << 16) ^ static_cast<std::uint64_t>(::getpid());
  Clerk clerk(transport, client_id, servers,
              ClerkConfig{.attempt_timeout = 500 * kMillisecond,
                          .retry_pause = 50 * kMillisecond,
                          .give_up_after = o.timeout,
                          .sessions = sessions});
  transport.attach(&clerk);
  if (o.node) clerk.set_read_server(node_arg(*o.node, cluster));
  std::optional<ClerkResult> result;
  clerk.start(call.op, call.key, call.value, [&](const ClerkResult& r) {
    result = r;
    io.stop();
  });
  io.run();
  if (!result) throw std::logic_error("internal error: the operation never finished");
  Outcome outcome{.result = *result, .unreachable = {}};
  for (const auto& [id, address] : cluster.peers) {
    auto it = transport.errors().find(id);
    outcome.unreachable += "\n  node " + std::to_string(id) + " at " + address.text() + ": " +
                           (it != transport.errors().end() ? printable(it->second) : std::string("no answer"));
  }
  return outcome;
}

bool needs_session(OpType op) { return op == OpType::kAppend || op == OpType::kIncrement; }

bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

}  // namespace

int run_kv(const CliOptions& o, const ClusterFile& cluster, std::istream& in, std::ostream& out, std::ostream& err) {
  const std::string& verb = o.command[0];
  const KvCall call = parse_call(o.command, in);
  const bool sessions = o.sessions || needs_session(call.op);
  Outcome outcome = run_clerk(o, cluster, call, sessions);
  // A cluster with sessions refuses a write outside one as session-expired,
  // at every attempt (the clerk's random id is no session it registered), so
  // none of them ran it and it is safe to run in a session of its own.
  if (!sessions && call.op != OpType::kGet && outcome.result.outcome != ClerkResult::Outcome::kOk &&
      starts_with(outcome.result.error, "session-expired")) {
    if (o.verbose) err << "store-cli: the cluster runs client sessions; trying the " << verb << " in one\n";
    outcome = run_clerk(o, cluster, call, true);
  }
  const ClerkResult& result = outcome.result;
  if (o.verbose) {
    err << "store-cli: " << verb << " finished after " << result.attempts << " attempt(s) in "
        << result.latency / kMillisecond << " ms";
    if (result.outcome == ClerkResult::Outcome::kOk) err << ", answered by node " << result.answered_by;
    err << "\n";
  }
  switch (result.outcome) {
    case ClerkResult::Outcome::kOk:
      if (call.op == OpType::kGet) {
        if (!result.found) {
          err << "store-cli: key '" << printable(call.key) << "' not found\n";
          return kCliNotFound;
        }
        out << result.value << "\n";
      } else if (call.op == OpType::kIncrement) {
        out << result.value << "\n";
      } else {
        out << "OK\n";
      }
      return kCliOk;
    case ClerkResult::Outcome::kFailed:
      if (sessions && result.error.find("without sessions") != std::string::npos) {
        // The register was refused, so nothing ran.
        err << "store-cli: " << (needs_session(call.op) ? verb + " needs" : "--sessions asks for")
            << " client sessions, and this cluster runs without them (" << printable(result.error)
            << "); start its nodes with --sessions, e.g. ./track cluster up --fresh -- --sessions\n";
        return kCliFailed;
      }
      err << "store-cli: " << verb << " failed: " << printable(result.error) << outcome.unreachable << "\n";
      return kCliFailed;
    case ClerkResult::Outcome::kUnknown:
      err << "store-cli: no server confirmed the " << verb << " within " << o.timeout / kSecond << " s"
          << (call.op == OpType::kGet ? "" : "; it may or may not have happened") << " (" << printable(result.error)
          << ")" << outcome.unreachable << "\n";
      return kCliFailed;
  }
  return kCliFailed;
}

}  // namespace store::runtime
