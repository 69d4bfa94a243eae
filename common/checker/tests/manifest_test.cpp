#include "checker/manifest.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace store::checker {
namespace {

namespace fs = std::filesystem;

class CheckerManifest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("manifest_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "h");
    write("h/good.log",
          "INFO  jepsen.util - 0\t:invoke\t:write\t1\n"
          "INFO  jepsen.util - 0\t:ok\t:write\t1\n"
          "INFO  jepsen.util - 1\t:invoke\t:read\tnil\n"
          "INFO  jepsen.util - 1\t:ok\t:read\t1\n");
    write("h/bad.txt",
          "{:process 0, :type :invoke, :f :put, :key \"k\", :value \"a\"}\n"
          "{:process 0, :type :ok, :f :put, :key \"k\", :value \"a\"}\n"
          "{:process 1, :type :invoke, :f :get, :key \"k\", :value nil}\n"
          "{:process 1, :type :ok, :f :get, :key \"k\", :value \"\"}\n");
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  std::string error_of(const std::string& tsv) {
    try {
      read_manifest(write("m.tsv", tsv));
    } catch (const ManifestError& e) {
      return e.what();
    }
    return "no error";
  }

  fs::path dir_;
};

TEST_F(CheckerManifest, ChecksEveryRowAgainstItsExpectedVerdict) {
  const auto rows = read_manifest(write("m.tsv",
                                        "file\tmodel\texpected\n"
                                        "h/good.log\tcas-register\tlinearizable\n"
                                        "\n"
                                        "h/bad.txt\tkv\tnot-linearizable\n"
                                        "h/bad.txt\tkv\tlinearizable\n"));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].model, Model::kCasRegister);
  EXPECT_EQ(rows[1].line, 4u);
  EXPECT_EQ(rows[1].path, (dir_ / "h/bad.txt").string());
  const ManifestSummary summary = run_manifest(rows, Options{}, 2);
  ASSERT_EQ(summary.outcomes.size(), 3u);
  EXPECT_EQ(summary.outcomes[0].verdict, Verdict::kLinearizable);
  EXPECT_EQ(summary.outcomes[1].verdict, Verdict::kNotLinearizable);
  EXPECT_TRUE(summary.outcomes[1].as_expected());
  EXPECT_FALSE(summary.outcomes[2].as_expected());
  EXPECT_EQ(summary.as_expected, 2u);
  EXPECT_FALSE(summary.all_as_expected());
  std::ostringstream out;
  print_manifest(out, summary, 2);
  EXPECT_NE(out.str().find("WRONG not-linearizable  expected linearizable"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("3 files: 2 as expected, 1 not"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("wall time"), std::string::npos);
}

TEST_F(CheckerManifest, AFileOfTheWrongModelIsAnErrorNotAVerdict) {
  const auto rows = read_manifest(write("m.tsv", "file\tmodel\texpected\nh/good.log\tkv\tlinearizable\n"));
  const ManifestSummary summary = run_manifest(rows, Options{}, 1);
  EXPECT_FALSE(summary.outcomes[0].as_expected());
  EXPECT_NE(summary.outcomes[0].error.find("does not belong to the kv model"), std::string::npos);
}

TEST_F(CheckerManifest, BadRowsAndMissingFilesNameTheLine) {
  EXPECT_NE(error_of("name\tmodel\texpected\n").find("m.tsv:1: the first line must be the header"), std::string::npos);
  EXPECT_NE(error_of("file\tmodel\texpected\nh/good.log\tcas-register\n").find("m.tsv:2: expected 3"),
            std::string::npos);
  EXPECT_NE(error_of("file\tmodel\texpected\nh/good.log\tqueue\tlinearizable\n").find("m.tsv:2: unknown model"),
            std::string::npos);
  EXPECT_NE(error_of("file\tmodel\texpected\nh/good.log\tkv\tmaybe\n").find("m.tsv:2: unknown expected verdict"),
            std::string::npos);
  EXPECT_NE(error_of("file\tmodel\texpected\nh/good.log\tkv\tunknown\n").find("m.tsv:2:"), std::string::npos);
  EXPECT_NE(error_of("file\tmodel\texpected\n\nh/missing.log\tkv\tlinearizable\n").find("m.tsv:3: no such file"),
            std::string::npos);
  EXPECT_THROW(read_manifest((dir_ / "absent.tsv").string()), ManifestError);
}

}  // namespace
}  // namespace store::checker
