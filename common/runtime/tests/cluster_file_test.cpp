#include "runtime/cluster_file.h"

#include <gtest/gtest.h>

namespace store::runtime {
namespace {

TEST(ClusterFile, ReadsIdAndPeers) {
  const ClusterFile c = parse_cluster_file(
      "# made by track\n\ncluster-id local\npeers 1=127.0.0.1:7101,2=127.0.0.1:7102\n", "cluster.conf");
  EXPECT_EQ(c.cluster_id, "local");
  EXPECT_EQ(c.peers.size(), 2u);
}

TEST(ClusterFile, NamesTheFileAndLineOfAMistake) {
  try {
    parse_cluster_file("cluster-id x\npeers 1=nowhere\n", "c.conf");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).rfind("c.conf:2: ", 0), 0u) << e.what();
  }
  EXPECT_THROW(parse_cluster_file("colour blue\npeers 1=h:1\n", "c.conf"), std::invalid_argument);
  EXPECT_THROW(parse_cluster_file("cluster-id x\n", "c.conf"), std::invalid_argument);
  EXPECT_THROW(parse_cluster_file("peers\n", "c.conf"), std::invalid_argument);
}

}  // namespace
}  // namespace store::runtime
