#include "checker/html_report.h"

#include <gtest/gtest.h>

#include "script.h"

namespace store::checker {
namespace {

using history::Operation;
using history::Output;
using testing::Script;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(CheckerHtml, ShowsTheOffendingKeysOperationsOnATimeline) {
  Script s;
  s.done(1001, Operation::put("other", "fine"));
  s.done(1001, Operation::put("cart<1>", "old"));
  s.done(1001, Operation::put("cart<1>", "new"));
  const auto lost = s.call(1003, Operation::append("cart<1>", "x"));
  s.info(lost);
  s.done(1002, Operation::get("cart<1>"), Output::found_value("old"));
  const CheckResult result = check(s.history(), {});
  ASSERT_EQ(result.verdict, Verdict::kNotLinearizable);
  HtmlOptions options;
  options.title = "run-42.jsonl";
  const std::string page = render_html(s.history(), result, options);

  EXPECT_EQ(page.rfind("<!doctype html>", 0), 0u);
  EXPECT_NE(page.find("run-42.jsonl"), std::string::npos);
  EXPECT_NE(page.find("badge not-linearizable"), std::string::npos);
  // The key, escaped, and one row per client of that key.
  EXPECT_NE(page.find("cart&lt;1&gt;"), std::string::npos);
  EXPECT_EQ(page.find("cart<1>"), std::string::npos);
  EXPECT_NE(page.find("client 1001"), std::string::npos);
  EXPECT_NE(page.find("client 1002"), std::string::npos);
  EXPECT_NE(page.find("client 1003"), std::string::npos);
  // Each of the key's four operations is a bar, labelled with input and output.
  EXPECT_EQ(count(page, "<div class=\"bar"), 4u);
  EXPECT_NE(page.find("put &quot;old&quot;"), std::string::npos);
  EXPECT_NE(page.find("get → &quot;old&quot;"), std::string::npos);
  // The stale get is the one that could not take effect; the info append is open-ended.
  EXPECT_EQ(count(page, "bar linearized"), 2u);
  EXPECT_EQ(count(page, " stuck\""), 1u);
  EXPECT_NE(page.find("open\""), std::string::npos);
  // Self-contained: no links to anything outside the page.
  EXPECT_EQ(page.find("http"), std::string::npos);
  EXPECT_EQ(page.find("src="), std::string::npos);
  EXPECT_NE(page.find("<style>"), std::string::npos);
  EXPECT_NE(page.find("<script>"), std::string::npos);
}

TEST(CheckerHtml, ALinearizableHistoryGetsASummary) {
  Script s;
  s.done(1, Operation::write(3));
  s.done(2, Operation::read(), Output::read_value(3));
  Options options;
  options.model = Model::kCasRegister;
  const CheckResult result = check(s.history(), options);
  HtmlOptions html;
  html.model = Model::kCasRegister;
  const std::string page = render_html(s.history(), result, html);
  EXPECT_NE(page.find("badge linearizable"), std::string::npos);
  EXPECT_EQ(count(page, "<div class=\"bar"), 0u);
  EXPECT_NE(page.find("</html>"), std::string::npos);
}

}  // namespace
}  // namespace store::checker
