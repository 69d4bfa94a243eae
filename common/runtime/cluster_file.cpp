#include "runtime/cluster_file.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace store::runtime {

ClusterFile parse_cluster_file(std::string_view text, const std::string& file) {
  ClusterFile result;
  bool has_peers = false;
  std::istringstream in{std::string(text)};
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    const std::string where = file + ":" + std::to_string(number) + ": ";
    const std::size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    const std::size_t last = line.find_last_not_of(" \t\r");
    const std::string content = line.substr(first, last - first + 1);
    const std::size_t space = content.find_first_of(" \t");
    if (space == std::string::npos)
      throw std::invalid_argument(where + "expected '<key> <value>', got '" + content + "'");
    const std::string key = content.substr(0, space);
    const std::string value = content.substr(content.find_first_not_of(" \t", space));
    if (key == "cluster-id") {
      result.cluster_id = value;
    } else if (key == "peers") {
      try {
        result.peers = parse_peers(value);
      } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(where + e.what());
      }
      has_peers = true;
    } else {
      throw std::invalid_argument(where + "unknown key '" + key + "' (expected cluster-id or peers)");
    }
  }
  if (!has_peers) throw std::invalid_argument(file + ": no 'peers' line");
  return result;
}

ClusterFile read_cluster_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument(path.string() + ": cannot read it");
  std::stringstream text;
  text << in.rdbuf();
  return parse_cluster_file(text.str(), path.string());
}

}  // namespace store::runtime
