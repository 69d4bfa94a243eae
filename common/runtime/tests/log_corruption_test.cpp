// The corruption fuzzer of the disk log. For each seed, DiskStorage writes a
// log of hard states, entries (some spanning several disk sectors) and
// truncations; a sync covers the first part (the synced prefix, which the
// node may have acknowledged), and a few more writes follow it unsynced (the
// tail a crash may tear). Then, case by case, the file is damaged and
// recovered:
//
//  - as a crash damages it: cut short anywhere in the unsynced tail, or with
//    zeros from a sector boundary in the tail to the end, and maybe grown by
//    sectors of zeros. Recovery must keep exactly the records before the
//    damage, never refuse;
//  - as a failing disk damages it: bits flipped, a region zeroed, a region
//    copied over another, a region inserted a second time, anywhere. Recovery
//    must refuse, or (when the damage is all in the unsynced tail) keep the
//    synced prefix and at most the tail's records before the damage.
//
// So every case ends in the synced prefix (or more of what was written, never
// something else) or a refusal; never a shorter prefix silently accepted.
// One kind of damage is left out because no format can tell it from a crash:
// synced bytes lost in the shape a crash loses unsynced ones (the file cut
// short, or zeros from some point to its end). A drawn case of that shape is
// drawn again; the test says how often.
//
// Recovery's decision (recover_log) runs on every case; every 24th case also
// goes through DiskStorage::open on a real file, which must agree with it and
// leave a file that opens again to the same state.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iostream>

#include "core/rng.h"
#include "runtime/disk_storage.h"
#include "runtime/log_record.h"
#include "runtime/log_recovery.h"
#include "testing/temp_dir.h"

namespace store::runtime {
namespace {

namespace fs = std::filesystem;
using store::testing::TempDir;

constexpr int kSeeds = 250;
constexpr int kCasesPerSeed = 48;
constexpr int kRealFileEvery = 24;

struct State {
  HardState hard_state;
  std::vector<LogEntry> entries;
  bool operator==(const State&) const = default;
};

State state_of(const LogReplay& replay) { return {replay.hard_state, {replay.entries.begin(), replay.entries.end()}}; }

State state_of(const DiskStorage& storage) { return {storage.hard_state(), storage.log()}; }

struct WrittenLog {
  std::string bytes;
  std::size_t synced = 0;                     // bytes covered by the sync
  std::vector<std::size_t> tail_record_ends;  // where each record after the synced prefix ends
  std::vector<State> states;                  // [k]: the synced prefix and the first k records after it

  // How many of the tail's records end at or before `offset`.
  std::size_t tail_records_before(std::size_t offset) const {
    return static_cast<std::size_t>(std::upper_bound(tail_record_ends.begin(), tail_record_ends.end(), offset) -
                                    tail_record_ends.begin());
  }
};

// Writes one random write (a hard state, a batch of entries or a truncation)
// through `storage` and the same to `model`; calls `record_done` after each record.
template <class OnRecord>
void random_write(Rng& rng, DiskStorage& storage, State& model, OnRecord&& record_done) {
  const std::uint64_t pick = rng.below(10);
  if (pick < 2) {
    model.hard_state = {.term = model.hard_state.term + 1, .voted_for = static_cast<NodeId>(rng.between(0, 5))};
    storage.save_hard_state(model.hard_state);
    record_done(model, kRecordOverhead + 12);
  } else if (pick < 9 || model.entries.empty()) {
    std::vector<LogEntry> batch;
    const auto count = rng.between(1, 4);
    for (std::int64_t i = 0; i < count; ++i) {
      const auto size = static_cast<std::size_t>(rng.chance(0.2) ? rng.between(500, 1500) : rng.between(0, 80));
      batch.push_back({.term = std::max<Term>(model.hard_state.term, 1),
                       .index = model.entries.size() + batch.size() + 1,
                       .type = rng.chance(0.1) ? EntryType::kNoop : EntryType::kCommand,
                       .data = std::string(size, static_cast<char>('a' + rng.below(26)))});
    }
    storage.append(batch);
    for (const LogEntry& e : batch) {
      model.entries.push_back(e);
      record_done(model, kRecordOverhead + 17 + e.data.size());
    }
  } else {
    const Index from = static_cast<Index>(rng.between(1, static_cast<std::int64_t>(model.entries.size())));
    storage.truncate(from);
    model.entries.resize(from - 1);
    record_done(model, kRecordOverhead + 8);
  }
}

WrittenLog write_random_log(const fs::path& path, Rng& rng) {
  create_log_file(path);
  auto storage = DiskStorage::open(path);
  State model;
  WrittenLog log;
  const auto synced_writes = rng.between(2, 14);
  for (std::int64_t i = 0; i < synced_writes; ++i) random_write(rng, *storage, model, [](const State&, std::size_t) {});
  storage->sync_now();
  log.synced = storage->file_bytes();
  log.states.push_back(model);
  std::size_t end = log.synced;
  const auto tail_writes = rng.between(0, 3);
  for (std::int64_t i = 0; i < tail_writes; ++i) {
    random_write(rng, *storage, model, [&](const State& now, std::size_t record_bytes) {
      end += record_bytes;
      log.tail_record_ends.push_back(end);
      log.states.push_back(now);
    });
  }
  storage.reset();
  log.bytes = store::testing::read_file(path.string());
  EXPECT_EQ(log.bytes.size(), end) << "the records are not the sizes the format says";
  return log;
}

enum class Kind { kCrashCut, kCrashZeros, kBitFlips, kZeroedRegion, kCopiedRegion, kInsertedRegion, kCount };

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::kCrashCut: return "crash: cut short in the unsynced tail";
    case Kind::kCrashZeros: return "crash: zero sectors to the end of the unsynced tail";
    case Kind::kBitFlips: return "disk: bits flipped";
    case Kind::kZeroedRegion: return "disk: a region zeroed";
    case Kind::kCopiedRegion: return "disk: a region copied over another";
    case Kind::kInsertedRegion: return "disk: a region duplicated in place";
    case Kind::kCount: break;
  }
  return "?";
}

bool is_crash(Kind kind) { return kind == Kind::kCrashCut || kind == Kind::kCrashZeros; }

struct Case {
  Kind kind = Kind::kCrashCut;
  std::string bytes;
  std::size_t crash_point = 0;  // crash kinds: where the bytes that landed end
  std::string description;
};

std::size_t position(Rng& rng, std::size_t from, std::size_t to) {  // uniform in [from, to]
  return static_cast<std::size_t>(rng.between(static_cast<std::int64_t>(from), static_cast<std::int64_t>(to)));
}

std::size_t first_difference(const std::string& a, const std::string& b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return i;
  }
  return a.size() == b.size() ? std::string::npos : n;
}

// Whether `damaged` is the written log's first bytes followed only by zeros,
// losing synced bytes: what a crash does to unsynced bytes, so no format can
// tell it from one.
bool crash_shaped_loss_of_synced_bytes(const std::string& damaged, const WrittenLog& log) {
  std::size_t zeros_from = damaged.size();
  while (zeros_from > 0 && damaged[zeros_from - 1] == '\0') --zeros_from;
  const std::size_t same = std::min(first_difference(damaged, log.bytes), damaged.size());
  return zeros_from <= same && zeros_from < log.synced;
}

Case crash_case(Rng& rng, const WrittenLog& log, Kind kind) {
  Case c{.kind = kind, .bytes = log.bytes};
  const std::size_t at = position(rng, log.synced, log.bytes.size());
  if (kind == Kind::kCrashCut) {
    c.bytes.resize(at);
    c.crash_point = at;
    c.description = "cut at byte " + std::to_string(at);
  } else {
    // From the end of the synced prefix, or from a sector boundary after it.
    std::size_t from = rng.chance(0.2) ? log.synced : (at + kDiskSectorBytes - 1) / kDiskSectorBytes * kDiskSectorBytes;
    from = std::min(from, c.bytes.size());
    std::fill(c.bytes.begin() + static_cast<std::ptrdiff_t>(from), c.bytes.end(), '\0');
    const std::size_t grown = kDiskSectorBytes * rng.below(3);
    c.bytes.append(grown, '\0');
    c.crash_point = from;
    c.description = "zeros from byte " + std::to_string(from) + ", grown by " + std::to_string(grown);
  }
  return c;
}

Case disk_case(Rng& rng, const WrittenLog& log, Kind kind) {
  Case c{.kind = kind, .bytes = log.bytes};
  const std::size_t size = log.bytes.size();
  const std::size_t length = 1 + position(rng, 0, std::min<std::size_t>(700, size - 1));
  switch (kind) {
    case Kind::kBitFlips: {
      const auto flips = rng.between(1, 3);
      for (std::int64_t i = 0; i < flips; ++i) {
        const std::size_t at = position(rng, 0, size - 1);
        const int bit = static_cast<int>(rng.below(8));
        c.bytes[at] = static_cast<char>(c.bytes[at] ^ (1 << bit));
        c.description += "flip bit " + std::to_string(bit) + " of byte " + std::to_string(at) + "; ";
      }
      break;
    }
    case Kind::kZeroedRegion: {
      const std::size_t at = position(rng, 0, size - 1);
      const std::size_t n = std::min(length, size - at);
      std::fill_n(c.bytes.begin() + static_cast<std::ptrdiff_t>(at), n, '\0');
      c.description = "zero " + std::to_string(n) + " bytes at " + std::to_string(at);
      break;
    }
    case Kind::kCopiedRegion: {
      const std::size_t from = position(rng, 0, size - length);
      const std::size_t to = position(rng, 0, size - length);
      c.bytes.replace(to, length, log.bytes, from, length);
      c.description =
          "copy " + std::to_string(length) + " bytes from " + std::to_string(from) + " to " + std::to_string(to);
      break;
    }
    case Kind::kInsertedRegion: {
      const std::size_t from = position(rng, 0, size - length);
      c.bytes.insert(from + length, log.bytes, from, length);
      c.description = "repeat the " + std::to_string(length) + " bytes at " + std::to_string(from);
      break;
    }
    default: break;
  }
  return c;
}

struct Tally {
  int cases = 0;
  int recovered_whole = 0;  // nothing lost
  int recovered_cut = 0;    // an unsynced tail cut off
  int refused = 0;
  int redrawn = 0;  // crash-shaped losses of synced bytes, drawn again
  int through_real_files = 0;
  int by_kind[static_cast<int>(Kind::kCount)] = {};
};

// The outcome of one case, as recover_log decides it.
struct Outcome {
  bool refused = false;
  State state;
  std::string refusal;
};

Outcome decide(const std::string& bytes) {
  const LogRecovery recovery = recover_log(bytes);
  if (recovery.damage) return {.refused = true, .state = {}, .refusal = recovery.damage->what};
  return {.refused = false, .state = state_of(recovery.replay), .refusal = {}};
}

// Whether `state` is the synced prefix followed by at most `most` of the tail's records.
bool is_prefix_state(const WrittenLog& log, const State& state, std::size_t most) {
  for (std::size_t k = 0; k <= most && k < log.states.size(); ++k) {
    if (log.states[k] == state) return true;
  }
  return false;
}

void check_case(const WrittenLog& log, const Case& c, const Outcome& outcome, const std::string& where) {
  const std::size_t changed = first_difference(c.bytes, log.bytes);
  if (is_crash(c.kind)) {
    ASSERT_FALSE(outcome.refused) << where << ": a crash's damage was refused: " << outcome.refusal;
    const std::size_t expected = log.tail_records_before(c.crash_point);
    ASSERT_TRUE(outcome.state == log.states[expected])
        << where << ": not the synced prefix and the " << expected << " records of the tail before the crash point";
    return;
  }
  if (changed == std::string::npos) {
    ASSERT_FALSE(outcome.refused) << where << ": an undamaged log was refused: " << outcome.refusal;
    ASSERT_TRUE(outcome.state == log.states.back()) << where << ": an undamaged log recovered to something else";
    return;
  }
  if (changed < log.synced) {
    ASSERT_TRUE(outcome.refused) << where << ": damage to synced bytes (from byte " << changed
                                 << ") was accepted: recovery kept " << outcome.state.entries.size() << " entries";
    return;
  }
  if (outcome.refused) return;
  ASSERT_TRUE(is_prefix_state(log, outcome.state, log.tail_records_before(changed)))
      << where << ": recovered something other than the synced prefix and the tail's records before the damage";
}

// The same case through DiskStorage::open on a file.
void check_real_file(const fs::path& path, const Case& c, const Outcome& decided, const std::string& where) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(c.bytes.data(), static_cast<std::streamsize>(c.bytes.size()));
  }
  std::unique_ptr<DiskStorage> storage;
  try {
    storage = DiskStorage::open(path);
  } catch (const StorageError& e) {
    ASSERT_TRUE(decided.refused) << where << ": DiskStorage refused what recover_log accepted: " << e.what();
    const std::string message = e.what();
    ASSERT_NE(message.find(path.string()), std::string::npos) << message;
    ASSERT_EQ(store::testing::read_file(path.string()), c.bytes) << where << ": a refusal changed the file";
    return;
  }
  ASSERT_FALSE(decided.refused) << where << ": DiskStorage opened what recover_log refused: " << decided.refusal;
  ASSERT_TRUE(state_of(*storage) == decided.state) << where;
  storage.reset();
  RecoveryReport again;
  storage = DiskStorage::open(path, &again);
  ASSERT_TRUE(state_of(*storage) == decided.state) << where << ": a second open recovered something else";
  ASSERT_EQ(again.torn_tail, "") << where << ": the first open left a torn tail";
  ASSERT_FALSE(again.compacted) << where << ": the first open left dead records";
}

TEST(LogCorruption, EveryDamageEndsInTheSyncedPrefixOrARefusal) {
  TempDir dir;
  Tally tally;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    Rng rng(static_cast<std::uint64_t>(seed) * 7919);
    const WrittenLog log = write_random_log(dir / "written.log", rng);
    for (int i = 0; i < kCasesPerSeed; ++i) {
      const auto kind = static_cast<Kind>(rng.below(static_cast<std::uint64_t>(Kind::kCount)));
      Case c = is_crash(kind) ? crash_case(rng, log, kind) : disk_case(rng, log, kind);
      while (!is_crash(kind) && crash_shaped_loss_of_synced_bytes(c.bytes, log)) {
        ++tally.redrawn;
        c = disk_case(rng, log, kind);
      }
      const std::string where = "seed " + std::to_string(seed) + " case " + std::to_string(i) + " (" + kind_name(kind) +
                                ": " + c.description + "; " + std::to_string(log.bytes.size()) + " bytes, " +
                                std::to_string(log.synced) + " synced)";
      const Outcome outcome = decide(c.bytes);
      check_case(log, c, outcome, where);
      if (i % kRealFileEvery == 0) {
        check_real_file(dir / "damaged.log", c, outcome, where);
        ++tally.through_real_files;
      }
      if (::testing::Test::HasFatalFailure()) return;
      ++tally.cases;
      ++tally.by_kind[static_cast<int>(kind)];
      if (outcome.refused) {
        ++tally.refused;
      } else if (outcome.state == log.states.back()) {
        ++tally.recovered_whole;
      } else {
        ++tally.recovered_cut;
      }
    }
  }
  std::cout << "corruption fuzzer: " << tally.cases << " cases over " << kSeeds << " seeds: " << tally.refused
            << " refused, " << tally.recovered_cut << " recovered with an unsynced tail cut off, "
            << tally.recovered_whole << " recovered whole; " << tally.through_real_files << " also through real files; "
            << tally.redrawn << " crash-shaped losses of synced bytes drawn again\n";
  for (int k = 0; k < static_cast<int>(Kind::kCount); ++k) {
    std::cout << "  " << tally.by_kind[k] << "  " << kind_name(static_cast<Kind>(k)) << "\n";
  }
  RecordProperty("cases", tally.cases);
  RecordProperty("refused", tally.refused);
  EXPECT_EQ(tally.cases, kSeeds * kCasesPerSeed);
  for (int k = 0; k < static_cast<int>(Kind::kCount); ++k) EXPECT_GT(tally.by_kind[k], 0);
  EXPECT_GT(tally.refused, 0);
  EXPECT_GT(tally.recovered_cut, 0);
}

}  // namespace
}  // namespace store::runtime
