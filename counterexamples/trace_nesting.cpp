// too_deep_field: nlohmann's SAX parser (iterative) with a handler that tracks only the path of
// the value being read and stops at the first one too deep.
#include "counterexamples/trace_nesting.h"

#include <cstddef>
#include <vector>

#include "core/json.h"
#include "core/limits.h"
#include "counterexamples/terminal_text.h"

namespace stsmc::counterexamples {
namespace {

/// A SAX pass over the text that stops at the first value nested deeper than
/// kMaxValueNesting inside its field (a top-level field, or a field of a step), before any
/// tree is built: nlohmann's parser is iterative, but copying, comparing and printing a
/// value recurse once per level, and a deep tree costs memory per level.
class NestingCheck {
 public:
  using Number = Json::number_integer_t;
  using Unsigned = Json::number_unsigned_t;
  using Float = Json::number_float_t;

  bool null() { return value(); }
  bool boolean(bool) { return value(); }
  bool number_integer(Number) { return value(); }
  bool number_unsigned(Unsigned) { return value(); }
  bool number_float(Float, const std::string&) { return value(); }
  bool string(std::string&) { return value(); }
  bool binary(Json::binary_t&) { return value(); }
  bool start_object(std::size_t) { return open(false); }
  bool start_array(std::size_t) { return open(true); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(std::string& k) {
    frames_.back().key = k;
    return true;
  }
  /// Syntax errors are left to the real parse, which reports them with their offset.
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    return false;
  }

  /// The field whose value is too deep ("steps[3].state", "manifest"); empty when none is.
  const std::string& too_deep() const { return too_deep_; }

 private:
  struct Frame {
    bool array = false;
    std::size_t count = 0;  // elements finished so far (arrays)
    std::string key;        // the current key (objects)
  };

  bool value() {
    if (!frames_.empty()) ++frames_.back().count;
    return true;
  }
  bool close() {
    frames_.pop_back();
    return value();
  }
  /// The path of the value being read at frame `i` (frames_[0] is the root), e.g. "steps[3]".
  std::string child(std::size_t i) const {
    const Frame& f = frames_[i];
    if (f.array) return "[" + std::to_string(f.count) + "]";
    return (i == 0 ? "" : ".") + terminal_safe(f.key);
  }
  /// How many frames above a value belong to the document's frame (root, steps, a step), and
  /// so do not count toward the value's nesting.
  std::size_t base() const {
    if (frames_.empty() || frames_[0].array) return 0;
    if (frames_[0].key != "steps" || frames_.size() < 2 || !frames_[1].array) return 1;
    if (frames_.size() < 3 || frames_[2].array) return 2;
    return 3;
  }
  bool open(bool array) {
    frames_.push_back(Frame{array, 0, {}});
    const std::size_t b = base();
    if (frames_.size() - b <= static_cast<std::size_t>(limits::kMaxValueNesting)) return true;
    for (std::size_t i = 0; i < b; ++i) too_deep_ += child(i);
    if (too_deep_.empty()) too_deep_ = "(root)";
    return false;
  }

  std::vector<Frame> frames_;
  std::string too_deep_;
};

}  // namespace

std::optional<std::string> too_deep_field(std::string_view text) {
  NestingCheck check;
  Json::sax_parse(text.begin(), text.end(), &check);
  if (check.too_deep().empty()) return std::nullopt;
  return check.too_deep();
}

}  // namespace stsmc::counterexamples
