// The checker's verdict on a few files of the shared Porcupine corpus, with
// the details a student would read. (The whole manifest runs as the CTest
// test checker.porcupine_manifest.)
#include <gtest/gtest.h>

#include <filesystem>

#include "checker/checker.h"
#include "history/formats.h"

namespace store::checker {
namespace {

const std::filesystem::path kCorpus = std::filesystem::path(STORE_SHARED_DIR) / "testdata" / "porcupine";

TEST(CheckerPorcupineCorpus, C50BadNamesAKeyAndAStaleGet) {
  if (!std::filesystem::exists(kCorpus / "kv" / "c50-bad.txt"))
    GTEST_SKIP() << "shared test data not found at " << kCorpus;
  const history::History h = history::read_history_file((kCorpus / "kv" / "c50-bad.txt").string());
  Options options;
  options.threads = 2;
  const CheckResult r = check(h, options);
  ASSERT_EQ(r.verdict, Verdict::kNotLinearizable);
  ASSERT_TRUE(r.offending);
  const PartitionResult& part = r.partitions[*r.offending];
  ASSERT_TRUE(part.stuck);
  EXPECT_EQ(h.records[*part.stuck].op.key, part.key);
  // The order found is a real partial linearization: every operation in it is of this key.
  for (std::uint32_t index : part.order) EXPECT_EQ(h.records[index].op.key, part.key);
}

TEST(CheckerPorcupineCorpus, C50OkIsLinearizableInEveryKey) {
  if (!std::filesystem::exists(kCorpus / "kv" / "c50-ok.txt"))
    GTEST_SKIP() << "shared test data not found at " << kCorpus;
  const history::History h = history::read_history_file((kCorpus / "kv" / "c50-ok.txt").string());
  const CheckResult r = check(h, {});
  EXPECT_EQ(r.verdict, Verdict::kLinearizable);
  EXPECT_EQ(r.partitions.size(), 10u);
  // Without the corpus's empty-string start, the first gets ("") cannot be explained.
  Options absent;
  absent.keys_start_empty = false;
  EXPECT_EQ(check(h, absent).verdict, Verdict::kNotLinearizable);
}

}  // namespace
}  // namespace store::checker
