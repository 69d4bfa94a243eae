#include "cli_commands.h"

#include <unistd.h>

#include <asio/io_context.hpp>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "clerk/clerk.h"
#include "core/printable.h"
#include "runtime/address.h"
#include "runtime/admin_client.h"
#include "runtime/clerk_transport.h"
#include "runtime/cluster_file.h"

namespace store::runtime {

std::string cli_usage() {
  return "usage: store-cli [--servers LIST | --cluster-dir DIR] [--cluster-id ID] [--timeout SECONDS]\n"
         "                 [--node N] [-v] COMMAND [ARGS]\n"
         "\n"
         "Commands:\n"
         "  get KEY                  print KEY's value (exit code 3 when KEY does not exist)\n"
         "  put KEY VALUE            set KEY to VALUE\n"
         "  put KEY -                set KEY to what standard input holds, byte for byte (a long or binary value)\n"
         "  delete KEY               remove KEY\n"
         "  status                   role, term, leader, commit and applied index of every node\n"
         "  drop-traffic NODE PEERS  make NODE drop all traffic to and from PEERS (e.g. 2,3): a partition\n"
         "  heal [NODE]              stop dropping and delaying traffic on NODE (default: on every node)\n"
         "  delay-traffic NODE PEERS MS [JITTER_MS]\n"
         "                           make NODE hold what it sends to PEERS (e.g. 2,3; 'clients' for its\n"
         "                           clients, both ways) for MS + up to JITTER_MS milliseconds, in order:\n"
         "                           distance on one machine (MS 0 removes the delay)\n"
         "\n"
         "Where the cluster is: --servers 1=127.0.0.1:7001,2=127.0.0.1:7002,3=127.0.0.1:7003,\n"
         "or else the cluster.conf in --cluster-dir (default: .store/cluster, which\n"
         "./track cluster up writes). --cluster-id defaults to the file's, or 'store'.\n"
         "get/put/delete find the leader themselves and retry until --timeout (default 5 s).\n"
         "--node N sends a get to node N first: with --read-path read-index-follower a follower\n"
         "serves it (lab 3); with -v the answer names the node that gave it.\n"
         "\n"
         "Exit codes: 0 done, 1 the cluster did not answer in time or the outcome is unknown,\n"
         "2 bad usage, 3 key not found.\n";
}

namespace {

class UsageError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct CliOptions {
  std::optional<std::string> servers;
  std::string cluster_dir = ".store/cluster";
  bool cluster_dir_given = false;
  std::optional<std::string> cluster_id;
  Micros timeout = 5 * kSecond;
  bool verbose = false;
  std::optional<std::string> node;  // --node: where a get goes first
  std::vector<std::string> command;
};

CliOptions parse(const std::vector<std::string>& args) {
  CliOptions o;
  std::size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.empty() || a[0] != '-') break;
    const auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) throw UsageError(a + " needs a value");
      return args[++i];
    };
    if (a == "--servers") {
      o.servers = value();
    } else if (a == "--cluster-dir") {
      o.cluster_dir = value();
      o.cluster_dir_given = true;
    } else if (a == "--cluster-id") {
      o.cluster_id = value();
    } else if (a == "--timeout") {
      const auto seconds = parse_number(value(), 3600, "--timeout");
      if (seconds == 0) throw UsageError("--timeout must be at least 1 second");
      o.timeout = static_cast<Micros>(seconds) * kSecond;
    } else if (a == "--node") {
      o.node = value();
    } else if (a == "-v" || a == "--verbose") {
      o.verbose = true;
    } else if (a == "-h" || a == "--help") {
      o.command = {"help"};
      return o;
    } else {
      throw UsageError("unknown option '" + a + "'");
    }
  }
  o.command.assign(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
  if (o.command.empty()) throw UsageError("no command given");
  return o;
}

ClusterFile locate_cluster(const CliOptions& o) {
  ClusterFile cluster;
  if (o.servers) {
    try {
      cluster.peers = parse_peers(*o.servers);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("--servers: ") + e.what());
    }
  } else {
    const std::filesystem::path file = std::filesystem::path(o.cluster_dir) / "cluster.conf";
    if (!std::filesystem::exists(file)) {
      throw UsageError("no --servers given and " + file.string() +
                       " does not exist; start a cluster with ./track cluster up, or pass --servers");
    }
    try {
      cluster = read_cluster_file(file);
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
  }
  if (o.cluster_id) cluster.cluster_id = *o.cluster_id;
  return cluster;
}

void expect_args(const std::vector<std::string>& command, std::size_t count, const std::string& shape) {
  if (command.size() != count + 1) throw UsageError(command[0] + " takes " + shape);
}

NodeId node_arg(const std::string& text, const ClusterFile& cluster) {
  NodeId node = kNoNode;
  try {
    node = static_cast<NodeId>(parse_number(text, kFirstClientId - 1, "NODE"));
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  if (cluster.peers.count(node) == 0) {
    throw UsageError("node " + text + " is not in the cluster (" + format_peers(cluster.peers) + ")");
  }
  return node;
}

std::string unreachable_details(const TcpClerkTransport& transport, const ClusterFile& cluster) {
  std::string details;
  for (const auto& [id, address] : cluster.peers) {
    auto it = transport.errors().find(id);
    details += "\n  node " + std::to_string(id) + " at " + address.text() + ": " +
               (it != transport.errors().end() ? printable(it->second) : std::string("no answer"));
  }
  return details;
}

// Leave room for the request's other fields within the client frame limit.
constexpr std::size_t kMaxKeyAndValue = kClientRequestLimit - 1024;

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

int run_kv(const CliOptions& o, const ClusterFile& cluster, std::istream& in, std::ostream& out, std::ostream& err) {
  const std::string& verb = o.command[0];
  OpType op = OpType::kGet;
  std::string key;
  std::string value;
  if (verb == "get" || verb == "delete") {
    expect_args(o.command, 1, "one argument: KEY");
    op = verb == "get" ? OpType::kGet : OpType::kDelete;
    key = o.command[1];
  } else {
    expect_args(o.command, 2, "two arguments: KEY VALUE");
    op = OpType::kPut;
    key = o.command[1];
    value = o.command[2] == "-" ? read_value(in, kMaxKeyAndValue) : o.command[2];
  }
  if (key.size() + value.size() > kMaxKeyAndValue) {
    throw UsageError("the key and value together are " + std::to_string(key.size() + value.size()) +
                     " bytes; at most " + std::to_string(kMaxKeyAndValue) + " fit in one request");
  }

  asio::io_context io;
  TcpClerkTransport transport(io, cluster.peers, cluster.cluster_id);
  std::vector<NodeId> servers;
  for (const auto& [id, address] : cluster.peers) servers.push_back(id);
  // The client id only matters to servers with sessions (lab 5): make it unlikely to collide.
  const std::uint64_t client_id =
      (static_cast<std::uint64_t>(steady_micros()) << 16) ^ static_cast<std::uint64_t>(::getpid());
  Clerk clerk(
      transport, client_id, servers,
      ClerkConfig{.attempt_timeout = 500 * kMillisecond, .retry_pause = 50 * kMillisecond, .give_up_after = o.timeout});
  transport.attach(&clerk);
  if (o.node) clerk.set_read_server(node_arg(*o.node, cluster));
  std::optional<ClerkResult> result;
  clerk.start(op, key, value, [&](const ClerkResult& r) {
    result = r;
    io.stop();
  });
  io.run();
  if (!result) {
    err << "store-cli: internal error: the operation never finished\n";
    return kCliFailed;
  }
  if (o.verbose) {
    err << "store-cli: " << verb << " finished after " << result->attempts << " attempt(s) in "
        << result->latency / kMillisecond << " ms";
    if (result->outcome == ClerkResult::Outcome::kOk) err << ", answered by node " << result->answered_by;
    err << "\n";
  }
  switch (result->outcome) {
    case ClerkResult::Outcome::kOk:
      if (op == OpType::kGet) {
        if (!result->found) {
          err << "store-cli: key '" << printable(key) << "' not found\n";
          return kCliNotFound;
        }
        out << result->value << "\n";
      } else {
        out << "OK\n";
      }
      return kCliOk;
    case ClerkResult::Outcome::kFailed:
      err << "store-cli: " << verb << " failed: " << printable(result->error) << unreachable_details(transport, cluster)
          << "\n";
      return kCliFailed;
    case ClerkResult::Outcome::kUnknown:
      err << "store-cli: no server confirmed the " << verb << " within " << o.timeout / kSecond << " s"
          << (op == OpType::kGet ? "" : "; it may or may not have happened") << " (" << printable(result->error) << ")"
          << unreachable_details(transport, cluster) << "\n";
      return kCliFailed;
  }
  return kCliFailed;
}

// Sends one admin request to each listed node at once; returns their results by node.
std::map<NodeId, AdminResult> admin_all(const ClusterFile& cluster, const std::vector<NodeId>& nodes,
                                        const AdminRequest& request) {
  asio::io_context io;
  std::map<NodeId, AdminResult> results;
  for (NodeId node : nodes) {
    admin_async(io, node, cluster.peers.at(node), cluster.cluster_id, request, kSecond,
                [&results, node](AdminResult r) { results[node] = std::move(r); });
  }
  io.run();
  return results;
}

std::string id_list(const std::vector<NodeId>& ids) {
  std::string text;
  for (NodeId id : ids) text += (text.empty() ? "" : ",") + std::to_string(id);
  return text.empty() ? "-" : text;
}

int run_status(const ClusterFile& cluster, std::ostream& out, std::ostream& err) {
  std::vector<NodeId> nodes;
  for (const auto& [id, address] : cluster.peers) nodes.push_back(id);
  const auto results = admin_all(cluster, nodes, AdminRequest{.op = AdminOp::kStatus});
  std::ostringstream table;
  table << std::left << std::setw(6) << "node" << std::setw(22) << "address" << std::setw(11) << "role" << std::setw(7)
        << "term" << std::setw(8) << "leader" << std::setw(9) << "commit" << std::setw(9) << "applied" << std::setw(10)
        << "last-log" << std::setw(11) << "connected"
        << "dropping\n";
  int answered = 0;
  for (NodeId node : nodes) {
    const AdminResult& r = results.at(node);
    table << std::setw(6) << node << std::setw(22) << cluster.peers.at(node).text();
    if (!r.reply) {
      table << "down (" << printable(r.error) << ")\n";
      continue;
    }
    ++answered;
    const AdminReply& a = *r.reply;
    if (!a.ok) {
      table << "error: " << printable(a.error) << "\n";
      continue;
    }
    table << std::setw(11) << to_string(a.status.role) << std::setw(7) << a.status.term << std::setw(8)
          << (a.status.leader_hint == kNoNode ? std::string("-") : std::to_string(a.status.leader_hint)) << std::setw(9)
          << a.status.commit_index << std::setw(9) << a.status.applied_index << std::setw(10) << a.status.last_log_index
          << std::setw(11) << id_list(a.connected_peers) << id_list(a.dropping) << "\n";
  }
  out << table.str();
  if (answered == 0) {
    err << "store-cli: no node answered\n";
    return kCliFailed;
  }
  return kCliOk;
}

// "12.5" (milliseconds) -> 12500 us; 0..10000 ms.
std::int64_t millis_arg(const std::string& text, const std::string& what) {
  std::size_t used = 0;
  double ms = -1;
  try {
    ms = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !(ms >= 0 && ms <= 10000)) {
    throw UsageError(what + " must be a number of milliseconds in 0..10000, not '" + text + "'");
  }
  return static_cast<std::int64_t>(ms * 1000.0 + 0.5);
}

int run_traffic(const CliOptions& o, const ClusterFile& cluster, std::ostream& out, std::ostream& err) {
  AdminRequest request;
  std::vector<NodeId> nodes;
  if (o.command[0] == "drop-traffic") {
    expect_args(o.command, 2, "two arguments: NODE PEERS (e.g. drop-traffic 1 2,3)");
    nodes.push_back(node_arg(o.command[1], cluster));
    request.op = AdminOp::kDropTraffic;
    std::string list = o.command[2];
    std::size_t start = 0;
    while (start <= list.size()) {
      const std::size_t comma = std::min(list.find(',', start), list.size());
      request.peers.push_back(node_arg(list.substr(start, comma - start), cluster));
      start = comma + 1;
    }
  } else if (o.command[0] == "delay-traffic") {
    if (o.command.size() != 4 && o.command.size() != 5) {
      throw UsageError("delay-traffic takes NODE PEERS MS [JITTER_MS] (e.g. delay-traffic 1 2,3,clients 20 2)");
    }
    nodes.push_back(node_arg(o.command[1], cluster));
    request.op = AdminOp::kDelayTraffic;
    std::string list = o.command[2];
    std::size_t start = 0;
    while (start <= list.size()) {
      const std::size_t comma = std::min(list.find(',', start), list.size());
      const std::string item = list.substr(start, comma - start);
      if (item == "clients") {
        request.clients = true;
      } else {
        request.peers.push_back(node_arg(item, cluster));
      }
      start = comma + 1;
    }
    request.delay_us = millis_arg(o.command[3], "MS");
    request.jitter_us = o.command.size() == 5 ? millis_arg(o.command[4], "JITTER_MS") : 0;
  } else {
    if (o.command.size() > 2) throw UsageError("heal takes at most one argument: NODE");
    request.op = AdminOp::kHeal;
    if (o.command.size() == 2) {
      nodes.push_back(node_arg(o.command[1], cluster));
    } else {
      for (const auto& [id, address] : cluster.peers) nodes.push_back(id);
    }
  }
  int code = kCliOk;
  for (const auto& [node, r] : admin_all(cluster, nodes, request)) {
    if (!r.reply) {
      err << "store-cli: node " << node << ": " << printable(r.error) << "\n";
      code = kCliFailed;
    } else if (!r.reply->ok) {
      err << "store-cli: node " << node << ": " << printable(r.reply->error) << "\n";
      code = kCliFailed;
    } else if (request.op == AdminOp::kDropTraffic) {
      out << "node " << node << " now drops all traffic to and from " << id_list(r.reply->dropping) << "\n";
    } else if (request.op == AdminOp::kDelayTraffic) {
      out << "node " << node << " delays:";
      for (const LinkDelay& d : r.reply->delays) {
        out << " " << (d.to == kNoNode ? std::string("clients") : std::to_string(d.to)) << "="
            << static_cast<double>(d.delay_us) / 1000.0 << "ms";
        if (d.jitter_us > 0) out << "+" << static_cast<double>(d.jitter_us) / 1000.0 << "ms";
      }
      out << (r.reply->delays.empty() ? " nothing\n" : "\n");
    } else {
      out << "node " << node << " drops no traffic\n";
    }
  }
  return code;
}

}  // namespace

int run_cli(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
  try {
    const CliOptions o = parse(args);
    const std::string& verb = o.command[0];
    if (verb == "help") {
      out << cli_usage();
      return kCliOk;
    }
    if (verb != "get" && verb != "put" && verb != "delete" && verb != "status" && verb != "drop-traffic" &&
        verb != "heal" && verb != "delay-traffic") {
      throw UsageError("unknown command '" + verb + "'");
    }
    const ClusterFile cluster = locate_cluster(o);
    if (verb == "status") {
      if (o.command.size() != 1) throw UsageError("status takes no arguments");
      return run_status(cluster, out, err);
    }
    if (verb == "drop-traffic" || verb == "heal" || verb == "delay-traffic") return run_traffic(o, cluster, out, err);
    return run_kv(o, cluster, in, out, err);
  } catch (const UsageError& e) {
    err << "store-cli: " << printable(e.what()) << "\n\n" << cli_usage();
    return kCliUsage;
  } catch (const std::invalid_argument& e) {
    err << "store-cli: " << printable(e.what()) << "\n\n" << cli_usage();
    return kCliUsage;
  } catch (const std::exception& e) {
    err << "store-cli: " << printable(e.what()) << "\n";
    return kCliFailed;
  }
}

}  // namespace store::runtime
