#include "kv/server.h"
#include "core/todo.h"

#include <type_traits>
#include <variant>

namespace store {

std::unique_ptr<Node> make_kv_server(Env& env, const ServerConfig& config) {
  return std::make_unique<KvServer>(env, config);
}

KvServer::KvServer(Env& env, const ServerConfig& config)
    // TODO(lab2): initialise your members; see docs/labs/lab2-kv.md#state
{
  STORE_TODO(2, "docs/labs/lab2-kv.md#state");
}

void KvServer::tick() {
  STORE_TODO(2, "docs/labs/lab2-kv.md#losing-leadership");
}

void KvServer::receive(NodeId from, const Message& message) {
  STORE_TODO(2, "docs/labs/lab2-kv.md#requests");
}

void KvServer::handle_request(NodeId client, const ClientRequest& request) {
  STORE_TODO(2, "docs/labs/lab2-kv.md#requests");
}

void KvServer::on_apply(const LogEntry& entry) {
  STORE_TODO(2, "docs/labs/lab2-kv.md#applying");
}

void KvServer::answer_pending(const LogEntry& entry, const KvResult& result) {
  STORE_TODO(2, "docs/labs/lab2-kv.md#applying");
}

void KvServer::fail_pending_if_deposed() {
  STORE_TODO(2, "docs/labs/lab2-kv.md#losing-leadership");
}

void KvServer::reply(NodeId client, const ClientRequest& request, ClientReply reply) {
  STORE_TODO(2, "docs/labs/lab2-kv.md#requests");
}

NodeStatus KvServer::status() const {
  STORE_TODO(2, "docs/labs/lab2-kv.md#status");
}

}  // namespace store
