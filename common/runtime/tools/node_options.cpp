#include "node_options.h"

#include <stdexcept>

#include "runtime/address.h"

namespace store::runtime {

std::string node_usage(const std::string& impl) {
  return "usage: store-node --id N --peers 1=HOST:PORT,2=HOST:PORT,... --data DIR [options]\n"
         "\n"
         "Runs one server of a store cluster (the " +
         impl +
         " implementation) until SIGTERM or SIGINT.\n"
         "\n"
         "  --id N                  this node's id, one of the ids in --peers\n"
         "  --peers LIST            every server of the cluster, this one included, ids 1..N:\n"
         "                          1=127.0.0.1:7001,2=127.0.0.1:7002,3=127.0.0.1:7003\n"
         "  --data DIR              the data directory (made if missing): raft.log, meta.json, LOCK\n"
         "  --listen HOST:PORT      where to accept connections (default: this node's address in\n"
         "                          --peers, loopback in the usual setup; port 0 picks a free port)\n"
         "  --cluster-id ID         peers and clients of another cluster are refused (default: store)\n"
         "  --election-timeout MIN-MAX\n"
         "                          election timeout range in ms (default: 150-300)\n"
         "  --heartbeat MS          the leader's heartbeat interval in ms (default: 50)\n"
         "  --tick MS               how often the node is ticked, in ms (default: 10)\n"
         "  --read-path PATH        log, read-index, read-index-follower or lease (default: log;\n"
         "                          labs 3 and 4 add the others)\n"
         "  --resp-port-offset N    also speak RESP (redis-cli, redis-benchmark) on this node's port + N;\n"
         "                          a non-leader redirects with -MOVED to the leader's port + N\n"
         "  --no-fsync              skip fdatasync (experiments only: a power failure may then lose\n"
         "                          acknowledged writes; a kill -9 still cannot)\n"
         "  --trace                 log the node's own trace lines\n"
         "  -h, --help              this text\n"
         "\n"
         "Exit codes: 0 stopped by a signal, 1 the node failed, 2 bad options or data directory,\n"
         "3 the listen address is in use.\n";
}

namespace {

Micros millis(const std::string& text, const std::string& flag) {
  const auto value = parse_number(text, 3'600'000, flag);
  if (value == 0) throw std::invalid_argument(flag + " must be positive");
  return static_cast<Micros>(value) * kMillisecond;
}

ReadPath read_path_from(const std::string& text) {
  for (ReadPath path : kAllReadPaths) {
    if (to_string(path) == text) return path;
  }
  throw std::invalid_argument("--read-path must be log, read-index, read-index-follower or lease, not '" + text + "'");
}

}  // namespace

NodeOptions parse_node_options(const std::vector<std::string>& args) {
  NodeOptions options;
  options.runtime.handle_signals = true;
  options.runtime.read_path = std::string(to_string(ReadPath::kLog));
  bool has_id = false;
  bool has_peers = false;
  bool has_data = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    const auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) throw std::invalid_argument(flag + " needs a value");
      return args[++i];
    };
    if (flag == "-h" || flag == "--help") {
      options.help = true;
    } else if (flag == "--id") {
      const auto id = parse_number(value(), kFirstClientId - 1, "--id");
      if (id == 0) throw std::invalid_argument("--id must be at least 1");
      options.runtime.id = static_cast<NodeId>(id);
      has_id = true;
    } else if (flag == "--peers") {
      options.runtime.peers = parse_peers(value());
      has_peers = true;
    } else if (flag == "--data") {
      options.runtime.data_dir = value();
      if (options.runtime.data_dir.empty()) throw std::invalid_argument("--data must not be empty");
      has_data = true;
    } else if (flag == "--listen") {
      options.runtime.listen = parse_host_port(value(), /*allow_port_zero=*/true);
    } else if (flag == "--cluster-id") {
      options.runtime.cluster_id = value();
      if (options.runtime.cluster_id.empty()) throw std::invalid_argument("--cluster-id must not be empty");
    } else if (flag == "--election-timeout") {
      const std::string& range = value();
      const std::size_t dash = range.find('-');
      if (dash == std::string::npos) throw std::invalid_argument("--election-timeout must look like 150-300 (ms)");
      options.server.raft.election_timeout_min = millis(range.substr(0, dash), "--election-timeout");
      options.server.raft.election_timeout_max = millis(range.substr(dash + 1), "--election-timeout");
      if (options.server.raft.election_timeout_min > options.server.raft.election_timeout_max) {
        throw std::invalid_argument("--election-timeout: the minimum is above the maximum");
      }
    } else if (flag == "--heartbeat") {
      options.server.raft.heartbeat_interval = millis(value(), "--heartbeat");
    } else if (flag == "--tick") {
      options.runtime.tick_interval = millis(value(), "--tick");
    } else if (flag == "--read-path") {
      options.server.read_path = read_path_from(value());
      options.runtime.read_path = std::string(to_string(options.server.read_path));
    } else if (flag == "--resp-port-offset") {
      options.runtime.resp_port_offset = static_cast<int>(parse_number(value(), 60000, "--resp-port-offset"));
      if (options.runtime.resp_port_offset == 0) throw std::invalid_argument("--resp-port-offset must be at least 1");
    } else if (flag == "--no-fsync") {
      options.runtime.fsync = false;
    } else if (flag == "--trace") {
      options.runtime.trace = true;
    } else {
      throw std::invalid_argument("unknown option '" + flag + "'");
    }
  }
  if (options.help) return options;
  if (!has_id) throw std::invalid_argument("--id is required");
  if (!has_peers) throw std::invalid_argument("--peers is required");
  if (!has_data) throw std::invalid_argument("--data is required");
  if (options.runtime.peers.count(options.runtime.id) == 0) {
    throw std::invalid_argument("--id " + std::to_string(options.runtime.id) + " is not in --peers " +
                                format_peers(options.runtime.peers));
  }
  if (options.server.raft.heartbeat_interval >= options.server.raft.election_timeout_min) {
    throw std::invalid_argument("--heartbeat must be shorter than the election timeout");
  }
  return options;
}

}  // namespace store::runtime
