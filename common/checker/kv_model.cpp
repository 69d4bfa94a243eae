#include "checker/kv_model.h"

#include <charconv>
#include <initializer_list>
#include <iterator>

namespace store::checker {
namespace {

// Polynomial hashing modulo the Mersenne prime 2^61 - 1.
constexpr std::uint64_t kModulus = (std::uint64_t{1} << 61) - 1;
constexpr std::uint64_t kBase = 0x1f3d5b79a2c4e687ULL % kModulus;

std::uint64_t mul_mod(std::uint64_t a, std::uint64_t b) {
  __extension__ using Wide = unsigned __int128;
  const Wide product = static_cast<Wide>(a) * b;
  std::uint64_t r = static_cast<std::uint64_t>(product & kModulus) + static_cast<std::uint64_t>(product >> 61);
  return r >= kModulus ? r - kModulus : r;
}
std::uint64_t add_mod(std::uint64_t a, std::uint64_t b) {
  const std::uint64_t r = a + b;
  return r >= kModulus ? r - kModulus : r;
}
std::uint64_t push_byte(std::uint64_t hash, unsigned char c) { return add_mod(mul_mod(hash, kBase), c + 1u); }

std::uint64_t slot_hash(std::uint64_t hash, std::uint64_t length) {
  return mix64(hash ^ (length * 0x9e3779b97f4a7c15ULL));
}

// Reads a value's content leaf by leaf, left to right, for exact comparisons.
template <class Nodes, class Leaves>
class ChunkReader {
 public:
  ChunkReader(const Nodes& nodes, const Leaves& leaves, std::initializer_list<std::uint32_t> roots)
      : nodes_(nodes), leaves_(leaves) {
    for (auto it = std::rbegin(roots); it != std::rend(roots); ++it) stack_.push_back(*it);
  }

  // Up to `max` next bytes (fewer at a leaf boundary); empty at the end.
  std::string_view take(std::size_t max) {
    if (chunk_.empty()) chunk_ = next_chunk();
    const std::string_view out = chunk_.substr(0, max);
    chunk_.remove_prefix(out.size());
    return out;
  }

 private:
  std::string_view next_chunk() {
    while (!stack_.empty()) {
      const std::uint32_t id = stack_.back();
      stack_.pop_back();
      const auto& node = nodes_[id];
      if (node.head == kAbsent) {
        if (id != kAbsent && !leaves_[node.leaf].empty()) return leaves_[node.leaf];
        continue;
      }
      stack_.push_back(node.tail);
      stack_.push_back(node.head);
    }
    return {};
  }

  const Nodes& nodes_;
  const Leaves& leaves_;
  std::vector<std::uint32_t> stack_;
  std::string_view chunk_;
};

template <class Reader>
bool same_stream(Reader& a, Reader& b) {
  std::string_view pending;
  while (true) {
    if (pending.empty()) pending = b.take(~std::size_t{0});
    const std::string_view piece = a.take(pending.empty() ? 1 : pending.size());
    if (piece.empty() || pending.empty()) return piece.empty() && pending.empty();
    if (piece != pending.substr(0, piece.size())) return false;
    pending.remove_prefix(piece.size());
  }
}

template <class Nodes, class Leaves>
ChunkReader<Nodes, Leaves> reader(const Nodes& nodes, const Leaves& leaves,
                                  std::initializer_list<std::uint32_t> roots) {
  return ChunkReader<Nodes, Leaves>(nodes, leaves, roots);
}

}  // namespace

KvModel::KvModel(bool keys_start_empty) : nodes_(1), leaves_(1), slots_(64, 0) {
  initial_ = keys_start_empty ? intern("") : kAbsent;
}

StateId KvModel::add(const Node& node) {
  const auto id = static_cast<StateId>(nodes_.size());
  nodes_.push_back(node);
  std::size_t mask = slots_.size() - 1;
  if (2 * nodes_.size() > slots_.size()) {
    std::vector<std::uint32_t> bigger(slots_.size() * 2, 0);
    bigger.swap(slots_);
    mask = slots_.size() - 1;
    for (std::uint32_t known : bigger) {
      if (known == 0) continue;
      std::size_t j = slot_hash(nodes_[known].hash, nodes_[known].length) & mask;
      while (slots_[j] != 0) j = (j + 1) & mask;
      slots_[j] = known;
    }
  }
  std::size_t i = slot_hash(node.hash, node.length) & mask;
  while (slots_[i] != 0) i = (i + 1) & mask;
  slots_[i] = id;
  return id;
}

StateId KvModel::intern(std::string_view text) {
  Node node;
  for (unsigned char c : text) {
    node.hash = push_byte(node.hash, c);
    node.power = mul_mod(node.power, kBase);
  }
  node.length = text.size();
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = slot_hash(node.hash, node.length) & mask; slots_[i] != 0; i = (i + 1) & mask) {
    const Node& known = nodes_[slots_[i]];
    if (known.hash == node.hash && known.length == node.length && same_content(slots_[i], text)) return slots_[i];
  }
  node.leaf = static_cast<std::uint32_t>(leaves_.size());
  leaves_.emplace_back(text);
  return add(node);
}

StateId KvModel::concat_slow(StateId state, StateId suffix) {
  Node node;
  node.hash = add_mod(mul_mod(nodes_[state].hash, nodes_[suffix].power), nodes_[suffix].hash);
  node.power = mul_mod(nodes_[state].power, nodes_[suffix].power);
  node.length = nodes_[state].length + nodes_[suffix].length;
  node.head = state;
  node.tail = suffix;
  StateId id = kAbsent;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = slot_hash(node.hash, node.length) & mask; slots_[i] != 0; i = (i + 1) & mask) {
    const Node& known = nodes_[slots_[i]];
    if (known.hash == node.hash && known.length == node.length && same_content(slots_[i], state, suffix)) {
      id = slots_[i];
      break;
    }
  }
  if (id == kAbsent) id = add(node);
  appended_.insert((std::uint64_t{state} << 32) | suffix, id);
  return id;
}

bool KvModel::same_content(StateId a, StateId head, StateId tail) const {
  auto left = reader(nodes_, leaves_, {a});
  auto right = reader(nodes_, leaves_, {head, tail});
  return same_stream(left, right);
}

bool KvModel::same_content(StateId a, std::string_view text) const {
  auto left = reader(nodes_, leaves_, {a});
  std::size_t at = 0;
  for (std::string_view piece; !(piece = left.take(~std::size_t{0})).empty(); at += piece.size()) {
    if (text.compare(at, piece.size(), piece) != 0) return false;
  }
  return at == text.size();
}

std::uint32_t KvModel::add_target(StateId id, std::string_view text) {
  if (target_of_.size() <= id) target_of_.resize(id + 1, ~std::uint32_t{0});
  if (target_of_[id] != ~std::uint32_t{0}) return target_of_[id];
  Target target;
  target.text = std::string(text);
  target.prefix_hash.resize(text.size() + 1, 0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    target.prefix_hash[i + 1] = push_byte(target.prefix_hash[i], static_cast<unsigned char>(text[i]));
  }
  target_of_[id] = static_cast<std::uint32_t>(targets_.size());
  targets_.push_back(std::move(target));
  return target_of_[id];
}

bool KvModel::can_reach_slow(StateId from, StateId to) {
  const std::uint64_t key = (std::uint64_t{from} << 32) | to;
  if (const std::uint32_t* known = prefix_checked_.find(key)) return *known != 0;
  const std::string& text = targets_[target_of_[to]].text;
  const bool prefix = same_content(from, std::string_view(text).substr(0, nodes_[from].length));
  prefix_checked_.insert(key, prefix ? 1 : 0);
  return prefix;
}

StateId KvModel::increment_slow(StateId state, std::uint32_t delta) {
  std::int64_t value = 0;
  bool number = true;
  if (state != kAbsent) {
    const std::string digits = text(state);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    number = error == std::errc() && end == digits.data() + digits.size();
  }
  std::int64_t total = 0;
  const bool fits = number && !__builtin_add_overflow(value, deltas_[delta], &total);
  const StateId sum = fits ? intern(std::to_string(total)) : kNotANumber;
  incremented_.insert((std::uint64_t{state} << 32) | delta, sum);
  return sum;
}

std::uint32_t KvModel::delta_id(std::int64_t amount) {
  const auto [it, added] = delta_ids_.try_emplace(amount, static_cast<std::uint32_t>(deltas_.size()));
  if (added) deltas_.push_back(amount);
  return it->second;
}

SearchOp KvModel::compile(const history::Record& record) {
  using history::OpKind;
  SearchOp op;
  switch (record.op.kind) {
    case OpKind::kGet:
      op.code = kGet;
      if (record.outcome != history::Outcome::kOk || record.output.unknown) {
        op.result = kUnknown;
      } else if (record.output.found) {
        op.expect = intern(record.output.value);
        add_target(op.expect, record.output.value);
      }
      break;
    case OpKind::kPut:
      op.code = kPut;
      op.arg = intern(record.op.value);
      break;
    case OpKind::kDelete: op.code = kDelete; break;
    case OpKind::kIncrement:
      op.code = kIncrement;
      op.arg = delta_id(record.op.number);
      // An ok increment returns the new value; without one (an info, or a
      // history that did not record it) it constrains nothing.
      if (record.outcome == history::Outcome::kOk && record.output.found) {
        op.expect = intern(record.output.value);
      } else {
        op.result = kUnknown;
      }
      break;
    default:
      op.code = kAppend;
      op.arg = intern(record.op.value);
      break;
  }
  return op;
}

std::string KvModel::text(StateId state) const {
  std::string out;
  auto chunks = reader(nodes_, leaves_, {state});
  for (std::string_view piece; !(piece = chunks.take(~std::size_t{0})).empty();) out += piece;
  return out;
}

std::string KvModel::describe(StateId state) const {
  if (state == kAbsent) return "absent";
  std::string out = "\"";
  out += text(state);
  out += '"';
  return out;
}

}  // namespace store::checker
