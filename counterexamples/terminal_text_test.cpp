// terminal_safe: what a terminal would act on is escaped, other text is kept; bounded_output.
#include <gtest/gtest.h>

#include "counterexamples/terminal_text.h"
#include "core/json.h"

namespace stsmc::counterexamples {
namespace {

TEST(TerminalText, KeepsPlainAndNonAsciiText) {
  EXPECT_EQ(terminal_safe("web-0 créé: ✓ 名前\tok"), "web-0 créé: ✓ 名前\tok");
}

TEST(TerminalText, EscapesC0ControlsAndDel) {
  EXPECT_EQ(terminal_safe("\x1b[31mred\x1b]0;title\x07\x7f"),
            "\\u001b[31mred\\u001b]0;title\\u0007\\u007f");
  EXPECT_EQ(terminal_safe("a\nb\rc"), "a\\u000ab\\u000dc");
  EXPECT_EQ(terminal_safe("a\nb\rc", true), "a\nb\\u000dc");
}

TEST(TerminalText, EscapesC1ControlsAndBidiOverrides) {
  EXPECT_EQ(terminal_safe("\xc2\x9b" "2J"), "\\u009b2J");      // CSI as one code point
  EXPECT_EQ(terminal_safe("abc\xe2\x80\xae" "def"), "abc\\u202edef");  // RIGHT-TO-LEFT OVERRIDE
  EXPECT_EQ(terminal_safe("\xe2\x81\xa6x\xe2\x80\xa8"), "\\u2066x\\u2028");
}

TEST(TerminalText, EscapesBytesThatAreNotUtf8) {
  EXPECT_EQ(terminal_safe("a\xff" "b\xc0\xaf"), "a\\xffb\\xc0\\xaf");  // overlong '/'
  EXPECT_EQ(terminal_safe("\xed\xa0\x80"), "\\xed\\xa0\\x80");          // a surrogate
  EXPECT_EQ(terminal_safe("\xe2\x80"), "\\xe2\\x80");                   // truncated
}

TEST(TerminalText, JsonStaysTheSameJson) {
  const Json j = {{"msg", "\x1b[2J \xc2\x85 \xe2\x80\xae x\x7f"}};
  const std::string safe = terminal_safe(j.dump(2), true);
  EXPECT_EQ(safe.find('\x1b'), std::string::npos);
  EXPECT_EQ(safe.find("\xe2\x80\xae"), std::string::npos);
  EXPECT_EQ(Json::parse(safe), j);
}

TEST(TerminalText, BoundedOutputRejectsWhatIsTooLarge) {
  auto ok = bounded_output("12345", "t.json", 5);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(*ok, "12345");
  auto big = bounded_output(std::string(6, 'x'), "t.json", 5);
  ASSERT_FALSE(big.has_value());
  EXPECT_EQ(big.error().code, ErrorCode::kBadTrace);
  EXPECT_TRUE(big.error().message.starts_with("t.json: the rendering is 6 bytes, more than the limit"))
      << big.error().message;
}

}  // namespace
}  // namespace stsmc::counterexamples
