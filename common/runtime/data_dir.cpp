#include "runtime/data_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <nlohmann/json.hpp>

namespace store::runtime {

namespace {

constexpr int kMetaFormat = 1;

void check_meta(const std::filesystem::path& meta_path, const std::string& cluster, NodeId node) {
  nlohmann::json meta;
  try {
    meta = nlohmann::json::parse(read_whole_file(meta_path));
  } catch (const nlohmann::json::exception& e) {
    throw StorageError(meta_path.string() + ": not valid JSON (" + e.what() + ")");
  }
  const auto format = meta.find("format");
  const auto meta_cluster = meta.find("cluster");
  const auto meta_node = meta.find("node");
  if (!meta.is_object() || format == meta.end() || meta_cluster == meta.end() || meta_node == meta.end() ||
      !format->is_number_integer() || !meta_cluster->is_string() || !meta_node->is_number_integer()) {
    throw StorageError(meta_path.string() + ": expected {\"format\":1,\"cluster\":\"...\",\"node\":N}");
  }
  if (format->get<int>() != kMetaFormat) {
    throw StorageError(meta_path.string() + ": data format " + std::to_string(format->get<int>()) +
                       ", this build reads format " + std::to_string(kMetaFormat));
  }
  if (meta_cluster->get<std::string>() != cluster || meta_node->get<std::int64_t>() != node) {
    throw StorageError(meta_path.parent_path().string() + " holds the data of node " +
                       std::to_string(meta_node->get<std::int64_t>()) + " of cluster '" +
                       meta_cluster->get<std::string>() + "', not node " + std::to_string(node) + " of cluster '" +
                       cluster + "'; give this node its own --data directory");
  }
}

}  // namespace

DataDir DataDir::open(const std::filesystem::path& dir, const std::string& cluster, NodeId node) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) throw StorageError("cannot create data directory " + dir.string() + ": " + error.message());

  const std::filesystem::path lock_path = dir / "LOCK";
  Fd lock(::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
  if (lock.get() < 0) throw_errno("cannot open", lock_path);
  if (::flock(lock.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      throw StorageError("data directory " + dir.string() + " is in use by another running node (" +
                         lock_path.string() + " is locked)");
    }
    throw_errno("cannot lock", lock_path);
  }

  const std::filesystem::path meta_path = dir / "meta.json";
  const bool created = !std::filesystem::exists(meta_path);
  if (created) {
    const nlohmann::json meta = {{"format", kMetaFormat}, {"cluster", cluster}, {"node", node}};
    replace_file_durably(meta_path, meta.dump() + "\n");
  } else {
    check_meta(meta_path, cluster, node);
  }
  return DataDir(dir, std::move(lock), created);
}

}  // namespace store::runtime
