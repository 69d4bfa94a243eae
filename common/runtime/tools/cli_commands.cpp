#include "cli_commands.h"

#include <asio/io_context.hpp>
#include <filesystem>
#include <iomanip>
#include <map>
#include <sstream>

#include "cli_internal.h"
#include "core/printable.h"
#include "runtime/address.h"
#include "runtime/admin_client.h"
#include "runtime/cluster_file.h"

namespace store::runtime {

std::string cli_usage() {
  return "usage: store-cli [--servers LIST | --cluster-dir DIR] [--cluster-id ID] [--timeout SECONDS]\n"
         "                 [--node N] [--sessions] [-v] COMMAND [ARGS]\n"
         "\n"
         "Commands:\n"
         "  get KEY                  print KEY's value (exit code 3 when KEY does not exist)\n"
         "  put KEY VALUE            set KEY to VALUE\n"
         "  put KEY -                set KEY to what standard input holds, byte for byte (a long or binary value)\n"
         "  delete KEY               remove KEY\n"
         "  append KEY VALUE         add VALUE (- : standard input) to the end of KEY's value (lab 5: always\n"
         "                           in a client session)\n"
         "  incr KEY [AMOUNT]        add AMOUNT (a decimal integer, default 1) to KEY's value, a decimal\n"
         "                           integer (absent: 0), and print the sum (lab 5: in a client session)\n"
         "  status                   role, term, leader, commit and applied index of every node (with\n"
         "                           sessions: how many the table holds and its bytes)\n"
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
         "get/put/delete/append/incr find the leader themselves and retry until --timeout (default 5 s).\n"
         "append and incr need a cluster with client sessions (store-node --sessions), so that a retry\n"
         "cannot run them twice. put and delete run in a session when the cluster has them (found out\n"
         "from its first answer), or always with --sessions.\n"
         "--node N sends a get to node N first: with --read-path read-index-follower a follower\n"
         "serves it (lab 3); with -v the answer names the node that gave it.\n"
         "\n"
         "Exit codes: 0 done, 1 the cluster did not answer in time or the outcome is unknown,\n"
         "2 bad usage, 3 key not found.\n";
}

namespace {

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
    } else if (a == "--sessions") {
      o.sessions = true;
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

}  // namespace

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

namespace {

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
  // Sessions (lab 5) get their columns when a node runs them.
  bool sessions = false;
  for (const auto& [node, r] : results) sessions = sessions || (r.reply && r.reply->ok && r.reply->sessions_enabled);
  std::ostringstream table;
  table << std::left << std::setw(6) << "node" << std::setw(22) << "address" << std::setw(11) << "role" << std::setw(7)
        << "term" << std::setw(8) << "leader" << std::setw(9) << "commit" << std::setw(9) << "applied" << std::setw(10)
        << "last-log" << std::setw(11) << "connected"
        << (sessions ? "dropping  sessions  session-bytes\n" : "dropping\n");
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
          << std::setw(11) << id_list(a.connected_peers);
    if (sessions) {
      table << std::setw(10) << id_list(a.dropping) << std::setw(10) << a.status.sessions << a.status.session_bytes;
    } else {
      table << id_list(a.dropping);
    }
    table << "\n";
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
    if (verb != "get" && verb != "put" && verb != "delete" && verb != "append" && verb != "incr" && verb != "status" &&
        verb != "drop-traffic" && verb != "heal" && verb != "delay-traffic") {
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
