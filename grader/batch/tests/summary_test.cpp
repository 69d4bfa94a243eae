#include "batch/summary.h"

#include <gtest/gtest.h>

#include <fstream>

#include "testing/temp_dir.h"

namespace store::grader {
namespace {

using store::testing::TempDir;

void write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

TEST(GradeSummary, OneRowPerSubmissionWhateverBecameOfIt) {
  TempDir dir;
  write(dir / "alice" / "report.json",
        R"({"impl":"alice","sources_hash":"sha256:ab","total":221,"max_total":221,"tests_passed":42,"tests_run":42,
            "labs":[{"lab":1,"score":148},{"lab":2,"score":73}]})");
  write(dir / "alice" / "status", "graded\n");
  write(dir / "bob" / "report.json", R"({"total":0,"max_total":221,"tests_passed":0,"tests_run":42,"labs":[]})");
  write(dir / "bob" / "status", "build-failed labs/raft/raft.cpp:3: error: x\n");
  write(dir / "carol" / "status", "refused labs/ has a symbolic link\n");
  const auto rows = read_rows(dir.path(), {"alice", "bob", "carol", "dave"});
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].status, "graded");
  EXPECT_EQ(rows[0].total, 221);
  EXPECT_EQ(rows[0].lab_scores.at(2), 73);
  EXPECT_EQ(rows[1].status, "build-failed");
  EXPECT_EQ(rows[1].note, "labs/raft/raft.cpp:3: error: x");
  EXPECT_EQ(rows[2].status, "refused");
  EXPECT_EQ(rows[3].status, "missing");

  const std::string csv = summary_csv(rows);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "submission,status,total,max_total,tests_passed,tests_run,lab1,lab2,sources_hash,report,note");
  EXPECT_NE(csv.find("\"alice\",\"graded\",221,221,42,42,148,73,\"sha256:ab\",\"alice/report.json\",\"\""),
            std::string::npos)
      << csv;
  const auto json = summary_json(rows);
  EXPECT_EQ(json["count"], 4);
  EXPECT_EQ(json["graded"], 1);
  EXPECT_EQ(json["submissions"][1]["status"], "build-failed");
}

TEST(GradeSummary, AStudentsTextCannotBreakTheCsvNorBecomeAFormula) {
  SubmissionRow row;
  row.name = "=HYPERLINK(\"http://x\")";
  row.status = "refused";
  row.note = "two\nlines, \"quoted\"\x1b[2J";
  const std::string csv = summary_csv({row});
  const std::string line = csv.substr(csv.find('\n') + 1);
  EXPECT_EQ(line.find('\n'), line.size() - 1) << "one line per row";
  EXPECT_NE(line.find("\"'=HYPERLINK(\"\"http://x\"\")\""), std::string::npos) << line;
  EXPECT_EQ(line.find('\x1b'), std::string::npos);
  EXPECT_NE(line.find("\\n"), std::string::npos);
}

}  // namespace
}  // namespace store::grader
