// render_html on the stored corpus traces (a safety trace and a lasso): one section per step, the
// violation marked where the trace says, pod names as row keys, escaping, and nothing that would
// make a browser fetch.
#include <gtest/gtest.h>

#include <regex>

#include "core/testing/text.h"
#include "counterexamples/render.h"
#include "counterexamples/render_html_parts.h"

namespace stsmc::counterexamples {
namespace {

using stsmc::testing::count;

StoredTrace corpus(const std::string& name) {
  auto t = read_trace_file(std::string(STSMC_SOURCE_DIR) + "/counterexamples/corpus/" + name);
  EXPECT_TRUE(t.has_value()) << (t ? "" : t.error().message);
  return t ? *t : StoredTrace{};
}

TEST(RenderHtml, OneSectionPerStepAndTheViolationMarked) {
  const StoredTrace t = corpus("mutant-create-ignores-partition.json");
  ASSERT_EQ(t.states.size(), 6u);
  const std::string page = render_html(t);
  EXPECT_TRUE(page.starts_with("<!DOCTYPE html>"));
  EXPECT_EQ(count(page, "<section class=\"step"), 6u);
  EXPECT_EQ(count(page, "<li class=\"step-link"), 6u);
  EXPECT_NE(page.find("<section class=\"step violation-step\" id=\"step-5\""), std::string::npos);
  EXPECT_NE(page.find("data-property=\"partition-semantics\" data-step=\"5\""), std::string::npos);
  EXPECT_NE(page.find("pod db-0 (index 0 &lt; partition 2) created at the update revision"), std::string::npos);
  // Rows are keyed by object names from the manifest, and pods/PVCs get tables.
  EXPECT_NE(page.find("<th>db-0</th>"), std::string::npos);
  EXPECT_NE(page.find("<th>data-db-0</th>"), std::string::npos);
  EXPECT_NE(page.find("data-table=\"pods\""), std::string::npos);
  EXPECT_NE(page.find("data-table=\"pvcs\""), std::string::npos);
  EXPECT_NE(page.find("<svg"), std::string::npos);
  EXPECT_EQ(count(page, "class=\"msg"), 5u);  // one arrow per step after the initial state
}

TEST(RenderHtml, SelfContained) {
  const std::string page = render_html(corpus("mutant-create-ignores-partition.json"));
  EXPECT_NE(page.find("Content-Security-Policy\" content=\"default-src 'none'"), std::string::npos);
  // No external resource: no src= at all, no stylesheet link, and the only URL is SVG's namespace.
  EXPECT_EQ(page.find(" src="), std::string::npos);
  EXPECT_EQ(page.find("<link"), std::string::npos);
  const std::regex url(R"((https?:)?//[a-z])");
  std::string rest = page;
  std::smatch m;
  std::size_t urls = 0;
  while (std::regex_search(rest, m, url)) {
    EXPECT_EQ(rest.substr(m.position(), 26), "http://www.w3.org/2000/svg");
    ++urls;
    rest = m.suffix();
  }
  EXPECT_EQ(urls, 1u);
}

TEST(RenderHtml, LassoShowsItsLoop) {
  const StoredTrace t = corpus("mutant-ignore-stale-claims.json");
  ASSERT_TRUE(t.loop_start.has_value());
  const std::string page = render_html(t);
  EXPECT_EQ(count(page, "<section class=\"step"), t.states.size());
  EXPECT_EQ(count(page, "the loop starts here"), 1u);
  EXPECT_NE(page.find("id=\"step-" + std::to_string(*t.loop_start) + "\""), std::string::npos);
  EXPECT_NE(page.find("the loop returns to step " + std::to_string(*t.loop_start)), std::string::npos);
  EXPECT_NE(page.find("<g class=\"loop\">"), std::string::npos);
}

TEST(RenderHtml, EscapesText) {
  EXPECT_EQ(html::escape("<a href=\"x\">&'</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
  StoredTrace t = corpus("mutant-create-ignores-partition.json");
  t.meta.violation_message = "<script>alert(1)</script>";
  const std::string page = render_html(t);
  EXPECT_EQ(page.find("<script>alert"), std::string::npos);
  EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

}  // namespace
}  // namespace stsmc::counterexamples
