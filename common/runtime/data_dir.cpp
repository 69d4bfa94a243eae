#include "runtime/data_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <nlohmann/json.hpp>

#include "runtime/disk_storage.h"
#include "runtime/log_record.h"

namespace store::runtime {

namespace {

constexpr int kMetaFormat = 1;

std::string describe_sessions(std::int64_t seconds) {
  return seconds == 0 ? "without client sessions" : "with --sessions --session-timeout " + std::to_string(seconds);
}

void check_meta(const std::filesystem::path& meta_path, const std::string& cluster, NodeId node,
                std::int64_t session_seconds) {
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
  const auto sessions = meta.find("sessions");
  if (sessions != meta.end() && !sessions->is_number_integer()) {
    throw StorageError(meta_path.string() + ": \"sessions\" must be a number of seconds (0: none)");
  }
  const std::int64_t made_with = sessions == meta.end() ? 0 : sessions->get<std::int64_t>();
  if (made_with != session_seconds) {
    throw StorageError(meta_path.parent_path().string() + " was made " + describe_sessions(made_with) +
                       ", and this node was started " + describe_sessions(session_seconds) +
                       ": its log would replay differently (a write outside a session is refused in one; a shorter "
                       "timeout expires sessions sooner), so acknowledged writes could vanish. Start every node "
                       "as the cluster was made, or start the cluster afresh with the new options "
                       "(./track cluster up --fresh -- ...)");
  }
}

// A directory with meta.json had a log from the start (the log is made
// first): a missing or empty one is lost, and starting empty would forget the
// node's term and vote.
void check_log_present(const std::filesystem::path& dir, const std::filesystem::path& log_path) {
  std::error_code error;
  const auto status = std::filesystem::status(log_path, error);
  std::string problem;
  if (status.type() == std::filesystem::file_type::not_found) {
    problem = "no " + log_path.filename().string();
  } else if (error) {
    throw StorageError("cannot look at " + log_path.string() + ": " + error.message());
  } else if (status.type() != std::filesystem::file_type::regular) {
    problem = "a " + log_path.filename().string() + " that is not a regular file";
  } else if (std::filesystem::file_size(log_path, error) == 0 && !error) {
    problem = "an empty " + log_path.filename().string();
  }
  if (problem.empty()) return;
  throw StorageError(dir.string() + " has meta.json but " + problem +
                     ": the node's log and hard state are gone. Started empty, the node would be at term 0 with its "
                     "vote forgotten, and could vote twice in one term. Refusing to start. " +
                     kDamagedStorageAdvice);
}

// Without meta.json the directory is new, or its making stopped between the
// log and meta.json (the log is then exactly a fresh one). Any other log
// there is somebody's data that lost its meta.json.
void check_no_other_log(const std::filesystem::path& dir, const std::filesystem::path& log_path) {
  std::error_code error;
  if (!std::filesystem::exists(log_path, error) && !error) return;
  const std::string fresh = fresh_log_image();
  const auto size = std::filesystem::file_size(log_path, error);
  if (!error && size == fresh.size() && read_whole_file(log_path) == fresh) return;
  throw StorageError(dir.string() + " has a " + log_path.filename().string() +
                     " but no meta.json, which a store node never leaves behind (it writes the log first): "
                     "meta.json was lost, or the log is not a store node's. Refusing to start, so as not to hand "
                     "this log to the wrong node. Put meta.json back ({\"format\":" +
                     std::to_string(kMetaFormat) +
                     ",\"cluster\":\"ID\",\"node\":N}) if you know whose log it is; otherwise move the directory "
                     "away and start the node afresh (docs/real-mode.md, \"When the disk is damaged\").");
}

}  // namespace

DataDir DataDir::open(const std::filesystem::path& dir, const std::string& cluster, NodeId node,
                      Micros session_timeout) {
  const std::int64_t session_seconds = session_timeout / kSecond;
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

  DataDir data(dir, std::move(lock), false);
  const std::filesystem::path meta_path = dir / "meta.json";
  const bool has_meta = std::filesystem::exists(meta_path, error);
  if (error) throw StorageError("cannot look at " + meta_path.string() + ": " + error.message());
  if (has_meta) {
    check_meta(meta_path, cluster, node, session_seconds);
    check_log_present(dir, data.log_path());
  } else {
    check_no_other_log(dir, data.log_path());
    create_log_file(data.log_path());
    const nlohmann::json meta = {
        {"format", kMetaFormat}, {"cluster", cluster}, {"node", node}, {"sessions", session_seconds}};
    replace_file_durably(meta_path, meta.dump() + "\n");
    data.created_ = true;
  }
  return data;
}

}  // namespace store::runtime
