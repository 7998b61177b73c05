// Pre-parse checks on manifest text: size, encoding, and a light scan of YAML structure that
// bounds nesting before yaml-cpp's recursive parser sees the text.
#include "spec/text_check.h"

#include <fmt/format.h>

#include <vector>

namespace stsmc::spec {

namespace {

// Length of the UTF-8 sequence at text[i], or 0 when it is invalid (overlong, surrogate, > U+10FFFF).
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const auto c = byte(0);
  if (c < 0x80) return 1;
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  if (byte(1) < lo || byte(1) > hi) return 0;
  for (std::size_t k = 2; k < len; ++k)
    if (byte(k) < 0x80 || byte(k) > 0xBF) return 0;
  return len;
}

std::optional<TextProblem> check_encoding(std::string_view text) {
  Pos pos;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0) return TextProblem{pos, "not a text file (NUL byte)"};
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
      return TextProblem{pos, fmt::format("not a text file (control character 0x{:02x})", c)};
    const std::size_t len = utf8_length(text, i);
    if (len == 0) return TextProblem{pos, "not a text file (invalid UTF-8)"};
    pos = c == '\n' ? Pos{pos.line + 1, 1} : Pos{pos.line, pos.col + 1};
    i += len;
  }
  return std::nullopt;
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// A line-by-line scan that tracks what yaml-cpp would nest: block levels (indentation and
// "- "/"? " indicators) plus flow brackets, skipping quoted scalars, comments and block scalars.
// Brackets inside plain scalars ("a [b") may be over-counted: the estimate errs high.
class StructureScan {
 public:
  std::optional<TextProblem> run(std::string_view text) {
    for (std::size_t start = 0; start <= text.size() && !problem_;) {
      auto end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      auto line = text.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      ++line_no_;
      scan_line(line);
      start = end + 1;
    }
    return problem_;
  }

 private:
  void fail(std::size_t pos, std::string message) {
    if (!problem_) problem_ = TextProblem{Pos{line_no_, static_cast<int>(pos) + 1}, std::move(message)};
  }
  void push_level(int col, std::size_t pos, bool sequence = false) {
    levels_.push_back(col);
    sequence_.push_back(sequence);
    if (levels_.size() > static_cast<std::size_t>(kMaxTextNesting))
      fail(pos, fmt::format("nested deeper than {} levels", kMaxTextNesting));
  }
  void open_flow(std::size_t pos) {
    if (flow_depth_++ == 0) flow_base_ = levels_.size();
    if (flow_base_ + static_cast<std::size_t>(flow_depth_) > static_cast<std::size_t>(kMaxTextNesting))
      fail(pos, fmt::format("nested deeper than {} levels", kMaxTextNesting));
  }

  void scan_line(std::string_view s) {
    std::size_t indent = 0;
    while (indent < s.size() && s[indent] == ' ') ++indent;
    const bool blank = indent == s.size();
    const bool marker = (s.starts_with("---") || s.starts_with("...")) && (s.size() == 3 || is_blank(s[3]));
    if (marker) {  // a document marker ends everything, block scalars and quotes included
      levels_.clear();
      sequence_.clear();
      block_scalar_indent_ = kNoBlockScalar;
      quote_ = 0;
      flow_depth_ = 0;
      expect_ = true;
      return scan(s, 3);
    }
    if (block_scalar_indent_ != kNoBlockScalar) {
      if (blank || static_cast<int>(indent) > block_scalar_indent_) return;
      block_scalar_indent_ = kNoBlockScalar;
    }
    if (quote_ != 0 || flow_depth_ > 0) return scan(s, 0);
    if (blank || s[indent] == '#' || s[0] == '%') return;
    // "key:" then "- item" at the key's own indentation is a sequence inside the key's map: one
    // level more than the indentation shows (and two per level of nested kind: List items).
    const bool dash = s[indent] == '-' && (indent + 1 == s.size() || is_blank(s[indent + 1]));
    const int col = static_cast<int>(indent);
    while (!levels_.empty() && (levels_.back() > col || (levels_.back() == col && (!dash || sequence_.back())))) {
      levels_.pop_back();
      sequence_.pop_back();
    }
    push_level(col, indent, dash);
    expect_ = true;
    scan(s, indent);
  }

  // The indentation a block scalar starting at column `col` must exceed: that of the node
  // owning it ("key: |" -> the key's column; "- |" -> the dash's column).
  int owner_indent(std::size_t col) const {
    if (levels_.empty()) return -1;
    if (levels_.back() != static_cast<int>(col)) return levels_.back();
    return levels_.size() >= 2 ? levels_[levels_.size() - 2] : -1;
  }

  // Scans s[pos..] in the current context (quoted, flow or block).
  void scan(std::string_view s, std::size_t pos) {
    while (pos < s.size() && !problem_) {
      if (quote_ != 0) {
        pos = skip_quoted(s, pos);
        continue;
      }
      const char c = s[pos];
      if (is_blank(c)) {
        ++pos;
      } else if (c == '#' && (pos == 0 || is_blank(s[pos - 1]))) {
        return;
      } else if (flow_depth_ > 0) {
        pos = flow_char(s, pos);
      } else if (!block_char(s, pos)) {
        return;
      } else {
        ++pos;
      }
    }
  }

  // Skips a quoted scalar's text; returns the position after the closing quote, or s.size().
  std::size_t skip_quoted(std::string_view s, std::size_t pos) {
    while (pos < s.size()) {
      const char c = s[pos];
      if (quote_ == '\'' && c == '\'') {
        if (pos + 1 < s.size() && s[pos + 1] == '\'') { pos += 2; continue; }
        quote_ = 0;
        return pos + 1;
      }
      if (quote_ == '"' && c == '\\') { pos += 2; continue; }
      if (quote_ == '"' && c == '"') { quote_ = 0; return pos + 1; }
      ++pos;
    }
    return s.size();
  }

  // A node starting at s[pos] (quote, flow collection, anchor/tag, alias or plain scalar);
  // returns the position to continue from.
  std::size_t node_start(std::string_view s, std::size_t pos) {
    const char c = s[pos];
    if (c == '&' || c == '!') {  // properties: the node itself follows
      while (pos < s.size() && !is_blank(s[pos])) ++pos;
      return pos;
    }
    expect_ = false;
    if (c == '[' || c == '{') {
      open_flow(pos);
      expect_ = true;
      return pos + 1;
    }
    if (c == '"' || c == '\'') quote_ = c;
    return pos + 1;
  }

  std::size_t flow_char(std::string_view s, std::size_t pos) {
    const char c = s[pos];
    if (c == ']' || c == '}') {
      --flow_depth_;
      expect_ = false;
    } else if (c == ',' || c == ':') {
      expect_ = true;
    } else if (expect_ || c == '[' || c == '{') {
      return node_start(s, pos);
    }
    return pos + 1;
  }

  // Block context; false when the rest of the line is not structure (a block scalar header).
  bool block_char(std::string_view s, std::size_t& pos) {
    const char c = s[pos];
    const bool ends = pos + 1 == s.size() || is_blank(s[pos + 1]);
    const bool indicator = ends && (c == ':' || (expect_ && (c == '-' || c == '?')));
    if (indicator) {
      expect_ = true;
      std::size_t next = pos + 1;
      while (next < s.size() && is_blank(s[next])) ++next;
      if (c != ':' && next < s.size() && s[next] != '#') push_level(static_cast<int>(next), next);
      return true;
    }
    if (!expect_) return true;  // inside a plain scalar or key
    if (c == '|' || c == '>') {
      block_scalar_indent_ = owner_indent(pos);
      return false;
    }
    pos = node_start(s, pos) - 1;
    return true;
  }

  std::optional<TextProblem> problem_;
  std::vector<int> levels_;     // the column of each open block level
  std::vector<bool> sequence_;  // whether that level is a block sequence
  std::size_t flow_base_ = 0;
  int flow_depth_ = 0;
  int line_no_ = 0;
  static constexpr int kNoBlockScalar = -2;
  int block_scalar_indent_ = kNoBlockScalar;
  char quote_ = 0;
  bool expect_ = true;
};

}  // namespace

std::optional<TextProblem> check_text(std::string_view text) {
  if (text.size() > kMaxManifestBytes)
    return TextProblem{Pos{}, fmt::format("file is {} bytes; manifests may be at most {} bytes (16 MiB)",
                                          text.size(), kMaxManifestBytes)};
  if (auto problem = check_encoding(text)) return problem;
  return StructureScan().run(text);
}

}  // namespace stsmc::spec
