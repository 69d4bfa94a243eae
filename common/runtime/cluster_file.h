// The file that tells the CLI where a cluster is (./track cluster up writes
// .store/cluster/cluster.conf):
//
//   # comments and blank lines are ignored
//   cluster-id local
//   peers 1=127.0.0.1:7101,2=127.0.0.1:7102,3=127.0.0.1:7103
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "runtime/address.h"

namespace store::runtime {

struct ClusterFile {
  std::string cluster_id = "store";
  std::map<NodeId, HostPort> peers;
};

// Throws std::invalid_argument("<file>:<line>: <reason>").
ClusterFile parse_cluster_file(std::string_view text, const std::string& file);
ClusterFile read_cluster_file(const std::filesystem::path& path);

}  // namespace store::runtime
