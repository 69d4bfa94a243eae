#include "framework/child_verdict.h"

#include <gtest/gtest.h>

#include <csignal>

#include "framework/output_tail.h"
#include "framework/process_info.h"

namespace store::grader {
namespace {

TEST(GraderChildVerdict, SignalsAndExitStatus) {
  EXPECT_EQ(describe_child_death({true, SIGSEGV, 0}, ""), "killed by SIGSEGV");
  EXPECT_EQ(describe_child_death({true, SIGABRT, 0}, ""), "killed by SIGABRT (abort: assertion failed?)");
  EXPECT_EQ(describe_child_death({false, 0, 3}, "some output\n"), "exited without reporting a result (exit status 3)");
  EXPECT_EQ(signal_name(63), "signal 63");
}

TEST(GraderChildVerdict, RecognisesSanitizerReportsWithoutAddresses) {
  std::string asan_segv =
      "==4242==ERROR: AddressSanitizer: SEGV on unknown address 0x000000000000 (pc 0x55d1 bp 0x7ffd sp 0x7ffd T0)\n"
      "==4242==The signal is caused by a WRITE memory access.\n";
  EXPECT_EQ(describe_child_death({false, 0, 1}, asan_segv), "killed by SIGSEGV (reported by AddressSanitizer)");
  std::string overflow = "noise\n==77==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x6020 at pc 0x1\n";
  EXPECT_EQ(describe_child_death({false, 0, 1}, overflow),
            "AddressSanitizer: heap-buffer-overflow (the report is in the output)");
  std::string ubsan = "x\nsolutions/raft/log.cpp:12:7: runtime error: signed integer overflow: 1 + 2147483647\nmore\n";
  EXPECT_EQ(describe_child_death({false, 0, 1}, ubsan),
            "undefined behaviour at solutions/raft/log.cpp:12:7: signed integer overflow: 1 + 2147483647");
  EXPECT_EQ(sanitizer_summary("all fine\n"), std::nullopt);
}

TEST(GraderChildVerdict, LimitMessages) {
  EXPECT_EQ(stall_message(20, 3'200'000), "no progress after 20 s (simulated time stuck at 3.200 s)");
  EXPECT_EQ(stall_message(0.5, 0), "no progress after 0.5 s (simulated time stuck at 0.000 s)");
  EXPECT_EQ(time_limit_message(120), "exceeded the time limit of 120 s");
}

TEST(GraderOutputTail, KeepsTheEndAndSaysHowMuchWasDropped) {
  OutputTail tail(16);
  tail.append("short\n");
  EXPECT_EQ(tail.text(), "short\n");
  for (int i = 0; i < 10; ++i) tail.append("line " + std::to_string(i) + "\n");
  EXPECT_EQ(tail.total_bytes(), 6u + 10u * 7u);
  std::string text = tail.text();
  EXPECT_NE(text.find("earlier bytes of output dropped]"), std::string::npos) << text;
  EXPECT_NE(text.find("line 9\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("short"), std::string::npos) << text;
  // The kept part starts at a line boundary.
  EXPECT_EQ(text.substr(text.find("]\n") + 2, 5), "line ");
}

TEST(GraderOutputTail, LastLines) {
  EXPECT_EQ(last_lines("a\nb\nc\n", 2), (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(last_lines("a\nb", 5), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(last_lines("", 3).empty());
}

}  // namespace
}  // namespace store::grader
