#include "skeleton/skeleton.h"

#include <gtest/gtest.h>

namespace store::skeleton {
namespace {

TEST(Skeleton, CodeRegionBecomesTodoWithHandoutLink) {
  const std::string in =
      "#include \"raft/raft.h\"\n"
      "void f() {\n"
      "  // BEGIN LAB 1 (#elections)\n"
      "  do_things();\n"
      "  // END LAB 1\n"
      "}\n";
  const std::string out = make_skeleton(in, "x.cpp");
  EXPECT_EQ(out,
            "#include \"raft/raft.h\"\n"
            "#include \"core/todo.h\"\n"
            "void f() {\n"
            "  STORE_TODO(1, \"docs/labs/lab1-replication.md#elections\");\n"
            "}\n");
}

TEST(Skeleton, HiddenRegionBecomesComment) {
  const std::string in =
      "class A {\n"
      "  // BEGIN LAB 2 HIDDEN (#state) the state you need\n"
      "  int x_;\n"
      "  // END LAB 2\n"
      "};\n";
  EXPECT_EQ(make_skeleton(in, "a.h"),
            "class A {\n"
            "  // TODO(lab2): the state you need; see docs/labs/lab2-kv.md#state\n"
            "};\n");
}

TEST(Skeleton, NestedRegionsVanishWithTheOuterOne) {
  const std::string in =
      "#include <x>\n"
      "  // BEGIN LAB 1 (#a)\n"
      "  one();\n"
      "  // BEGIN LAB 3 (#b)\n"
      "  three();\n"
      "  // END LAB 3\n"
      "  // END LAB 1\n";
  const std::string out = make_skeleton(in, "n.cpp");
  EXPECT_EQ(out.find("three"), std::string::npos);
  EXPECT_EQ(out.find("lab3"), std::string::npos);
  EXPECT_NE(out.find("STORE_TODO(1"), std::string::npos);
}

TEST(Skeleton, TextWithoutMarkersIsUnchanged) {
  const std::string in = "int main() { return 0; }\n";
  EXPECT_EQ(make_skeleton(in, "m.cpp"), in);
}

TEST(Skeleton, MarkerMistakesNameFileAndLine) {
  auto error_of = [](const std::string& text) {
    try {
      make_skeleton(text, "bad.cpp");
    } catch (const MarkerError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error_of("a\n// BEGIN LAB 1 (#x)\nb\n"), "bad.cpp:2: BEGIN LAB 1 is never closed");
  EXPECT_EQ(error_of("// END LAB 1\n"), "bad.cpp:1: END LAB without a BEGIN");
  EXPECT_EQ(error_of("// BEGIN LAB 1 (#x)\n// END LAB 2\n"), "bad.cpp:2: END LAB 2 closes BEGIN LAB 1 of line 1");
  EXPECT_NE(error_of("// BEGIN LAB one\n").find("bad.cpp:1: malformed BEGIN marker"), std::string::npos);
  EXPECT_NE(error_of("// BEGIN LAB 9 (#x)\n// END LAB 9\n").find("no lab 9"), std::string::npos);
}

}  // namespace
}  // namespace store::skeleton
