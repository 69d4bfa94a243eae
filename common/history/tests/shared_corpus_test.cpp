// Reads every history of the shared Porcupine corpus (data nobody on this
// project wrote). Skipped, with the reason, when the shared folder is absent.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "history/formats.h"

namespace store::history {
namespace {

const std::filesystem::path kCorpus = std::filesystem::path(STORE_SHARED_DIR) / "testdata" / "porcupine";

std::size_t count_lines(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::size_t lines = 0;
  for (std::string line; std::getline(in, line);) lines += !line.empty();
  return lines;
}

TEST(HistorySharedCorpus, EveryFileOfTheManifestParsesInItsFormat) {
  if (!std::filesystem::exists(kCorpus / "MANIFEST.tsv")) {
    GTEST_SKIP() << "shared test data not found at " << kCorpus;
  }
  std::ifstream manifest(kCorpus / "MANIFEST.tsv");
  std::string line;
  std::getline(manifest, line);  // header
  int files = 0;
  while (std::getline(manifest, line)) {
    std::istringstream row(line);
    std::string file, model;
    row >> file >> model;
    SCOPED_TRACE(file);
    const std::filesystem::path path = kCorpus / file;
    const History h = read_history_file(path.string());
    ++files;
    // Every line is one event, and every event belongs to one record.
    EXPECT_EQ(h.event_count, count_lines(path));
    if (model == "cas-register") {
      EXPECT_EQ(h.format, Format::kJepsen);
      EXPECT_EQ(h.family(), Family::kRegister);
    } else {
      EXPECT_EQ(h.format, Format::kEdn);
      EXPECT_EQ(h.family(), Family::kKv);
      for (const Record& r : h.records) EXPECT_EQ(r.outcome, Outcome::kOk);
    }
  }
  EXPECT_EQ(files, 108);
}

TEST(HistorySharedCorpus, KnownFileHasTheExpectedShape) {
  if (!std::filesystem::exists(kCorpus / "jepsen" / "etcd_000.log")) {
    GTEST_SKIP() << "shared test data not found at " << kCorpus;
  }
  const History h = read_history_file((kCorpus / "jepsen" / "etcd_000.log").string());
  ASSERT_GE(h.records.size(), 3u);
  // The file starts: 0 invoke read, 3 invoke read, 2 invoke write 4.
  EXPECT_EQ(h.records[0].client, 0);
  EXPECT_EQ(h.records[0].op, Operation::read());
  EXPECT_EQ(h.records[1].client, 3);
  EXPECT_EQ(h.records[2].op, Operation::write(4));
  EXPECT_EQ(h.records[0].output, Output::absent());
}

}  // namespace
}  // namespace store::history
