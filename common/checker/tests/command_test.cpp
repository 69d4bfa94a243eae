// store-check-history as a user runs it: exit codes and messages.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

namespace fs = std::filesystem;

class CheckerCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("command_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  static std::string slurp(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  }
  // Runs the command with `args`; returns its exit status, output in out_/err_.
  int run(const std::string& args) {
    const std::string command = std::string(STORE_CHECK_HISTORY) + " " + args + " >" + (dir_ / "out").string() + " 2>" +
                                (dir_ / "err").string();
    const int status = std::system(command.c_str());
    out_ = slurp(dir_ / "out");
    err_ = slurp(dir_ / "err");
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  fs::path dir_;
  std::string out_, err_;
};

constexpr char kGood[] =
    "{\"t\":1,\"client\":1001,\"type\":\"invoke\",\"f\":\"put\",\"key\":\"k\",\"value\":\"v\"}\n"
    "{\"t\":2,\"client\":1001,\"type\":\"ok\",\"f\":\"put\",\"key\":\"k\"}\n"
    "{\"t\":3,\"client\":1002,\"type\":\"invoke\",\"f\":\"get\",\"key\":\"k\"}\n"
    "{\"t\":4,\"client\":1002,\"type\":\"ok\",\"f\":\"get\",\"key\":\"k\",\"found\":true,\"value\":\"v\"}\n";

constexpr char kStale[] =
    "{\"t\":1,\"client\":1001,\"type\":\"invoke\",\"f\":\"put\",\"key\":\"k\",\"value\":\"v\"}\n"
    "{\"t\":2,\"client\":1001,\"type\":\"ok\",\"f\":\"put\",\"key\":\"k\"}\n"
    "{\"t\":3,\"client\":1002,\"type\":\"invoke\",\"f\":\"get\",\"key\":\"k\"}\n"
    "{\"t\":4,\"client\":1002,\"type\":\"ok\",\"f\":\"get\",\"key\":\"k\",\"found\":false}\n";

TEST_F(CheckerCommand, LinearizableExitsZero) {
  EXPECT_EQ(run(write("good.jsonl", kGood)), 0) << err_;
  EXPECT_NE(out_.find("good.jsonl: linearizable (kv, 2 operations, 1 keys"), std::string::npos) << out_;
}

TEST_F(CheckerCommand, NotLinearizableExitsOneAndWritesTheHtmlView) {
  const std::string html = (dir_ / "view.html").string();
  EXPECT_EQ(run("--html " + html + " " + write("stale.jsonl", kStale)), 1) << err_;
  EXPECT_NE(out_.find("not-linearizable"), std::string::npos) << out_;
  EXPECT_NE(out_.find("key \"k\""), std::string::npos) << out_;
  EXPECT_NE(out_.find("html: " + html), std::string::npos) << out_;
  const std::string page = slurp(html);
  EXPECT_NE(page.find("<!doctype html>"), std::string::npos);
  EXPECT_NE(page.find("client 1002"), std::string::npos);
}

TEST_F(CheckerCommand, ModelDefaultsFromTheFormatAndContradictionIsAnError) {
  const std::string log = write("etcd.log",
                                "INFO  jepsen.util - 0\t:invoke\t:write\t1\n"
                                "INFO  jepsen.util - 0\t:ok\t:write\t1\n");
  EXPECT_EQ(run(log), 0) << err_;
  EXPECT_NE(out_.find("(cas-register,"), std::string::npos) << out_;
  EXPECT_EQ(run("--model kv " + log), 2);
  EXPECT_NE(err_.find("jepsen history of cas-register operations, but --model kv"), std::string::npos) << err_;
  EXPECT_EQ(run("--model cas-register " + write("good.jsonl", kGood)), 2);
}

TEST_F(CheckerCommand, BadInputExitsTwoNamingFileAndLine) {
  const std::string file = write("broken.jsonl", std::string(kGood) + "{\"t\":5,\"client\":1003,\"type\":\"ok\"}\n");
  EXPECT_EQ(run(file), 2);
  EXPECT_NE(err_.find("bad input: " + file + ":5:"), std::string::npos) << err_;
  EXPECT_EQ(run((dir_ / "missing.jsonl").string()), 2);
  EXPECT_NE(err_.find("cannot open"), std::string::npos) << err_;
}

TEST_F(CheckerCommand, DirectoriesAndSpecialFilesAreRefusedWithExitTwo) {
  EXPECT_EQ(run(dir_.string()), 2);
  EXPECT_NE(err_.find("bad input: " + dir_.string() + ":0: is a directory, not a file"), std::string::npos) << err_;
  EXPECT_EQ(out_, "");
  EXPECT_EQ(run("/dev/zero"), 2);  // would be read until memory runs out
  EXPECT_NE(err_.find("/dev/zero:0: is not a regular file"), std::string::npos) << err_;
  EXPECT_EQ(run("--manifest " + dir_.string()), 2);
  EXPECT_NE(err_.find(":0: is a directory"), std::string::npos) << err_;
}

// The documented choice: a history with no operations proves nothing, so it is bad input (exit 2), not a pass.
TEST_F(CheckerCommand, AnEmptyHistoryIsBadInputNotLinearizable) {
  for (const std::string text : {"", "\n\n   \n"}) {
    EXPECT_EQ(run(write("empty.jsonl", text)), 2);
    EXPECT_NE(err_.find("empty.jsonl:0: no operations"), std::string::npos) << err_;
    EXPECT_EQ(out_.find("linearizable"), std::string::npos) << out_;
  }
}

TEST_F(CheckerCommand, AFileOverTheSizeLimitIsRefusedBeforeItIsRead) {
  const std::string big = (dir_ / "big.jsonl").string();
  { std::ofstream touch(big); }
  fs::resize_file(big, (std::uintmax_t{1} << 30) + 1);  // sparse: nothing is written
  EXPECT_EQ(run(big), 2);
  EXPECT_NE(err_.find("the file has 1073741825 bytes, over the limit of 1073741824"), std::string::npos) << err_;
}

TEST_F(CheckerCommand, EscapeCodesAndNewlinesFromTheHistoryAreShownEscaped) {
  const std::string key = "\\u001b[2J\\nTotal";  // JSON escapes: ESC [2J, a newline
  std::string text = kStale;
  for (std::size_t at; (at = text.find("\"key\":\"k\"")) != std::string::npos;) {
    text.replace(at, 9, "\"key\":\"" + key + "\"");
  }
  EXPECT_EQ(run("-v " + write("escape.jsonl", text)), 1) << err_;
  EXPECT_EQ(out_.find('\x1b'), std::string::npos) << out_;
  EXPECT_NE(out_.find("key \"\\x1b[2J\\nTotal\""), std::string::npos) << out_;
}

TEST_F(CheckerCommand, RunningOutOfBudgetIsUnknownAndExitsTwo) {
  std::string text;
  int t = 0;
  for (int c = 0; c < 20; ++c) {
    text += "{\"t\":" + std::to_string(++t) + ",\"client\":" + std::to_string(c) +
            ",\"type\":\"invoke\",\"f\":\"append\",\"key\":\"k\",\"value\":\"v" + std::to_string(c) + "\"}\n";
  }
  for (int c = 0; c < 20; ++c) {
    text += "{\"t\":" + std::to_string(++t) + ",\"client\":" + std::to_string(c) +
            ",\"type\":\"ok\",\"f\":\"append\",\"key\":\"k\"}\n";
  }
  text +=
      "{\"t\":99,\"client\":0,\"type\":\"invoke\",\"f\":\"get\",\"key\":\"k\"}\n"
      "{\"t\":100,\"client\":0,\"type\":\"ok\",\"f\":\"get\",\"key\":\"k\",\"found\":true,\"value\":\"x\"}\n";
  EXPECT_EQ(run("--max-steps 1000 " + write("hard.jsonl", text)), 2);
  EXPECT_NE(out_.find("unknown"), std::string::npos) << out_;
  EXPECT_NE(out_.find("not a pass"), std::string::npos) << out_;
}

TEST_F(CheckerCommand, UsageErrorsExitTwoWithAUsageLine) {
  for (const std::string args :
       {"", "--bogus x", "--timeout soon f", "--model queue f", "a b", "--manifest m f", "--manifest m --html x"}) {
    EXPECT_EQ(run(args), 2) << args;
    EXPECT_NE(err_.find("usage: store-check-history"), std::string::npos) << args << ": " << err_;
  }
  EXPECT_EQ(run("--help"), 0);
  EXPECT_NE(out_.find("Exit status"), std::string::npos);
}

TEST_F(CheckerCommand, ManifestExitsZeroOnlyWhenEveryVerdictMatches) {
  write("good.jsonl", kGood);
  write("stale.jsonl", kStale);
  EXPECT_EQ(run("--manifest " + write("ok.tsv",
                                      "file\tmodel\texpected\ngood.jsonl\tkv\tlinearizable\n"
                                      "stale.jsonl\tkv\tnot-linearizable\n")),
            0)
      << out_ << err_;
  EXPECT_NE(out_.find("2 files: 2 as expected"), std::string::npos) << out_;
  EXPECT_EQ(run("--manifest " + write("wrong.tsv", "file\tmodel\texpected\nstale.jsonl\tkv\tlinearizable\n")), 1);
  EXPECT_EQ(run("--manifest " + write("bad.tsv", "file\tmodel\texpected\nnope.jsonl\tkv\tlinearizable\n")), 2);
  EXPECT_NE(err_.find("bad.tsv:2: no such file"), std::string::npos) << err_;
}

}  // namespace
