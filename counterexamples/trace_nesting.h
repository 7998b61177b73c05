#pragma once
// The nesting check of trace documents: one SAX pass over the text, before any tree is built,
// that finds the first field whose value nests arrays and objects deeper than kMaxValueNesting.
#include <optional>
#include <string>
#include <string_view>

namespace stsmc::counterexamples {

/// The field of the trace document `text` whose value nests deeper than kMaxValueNesting
/// (core/limits.h), e.g. "steps[3].state" or "manifest" ("(root)" for a root that is not an
/// object); nullopt when none does. Nesting counts from the field: a top-level field or a field
/// of a step, so the document's own frame (root, steps, a step) does not count. Text that is not
/// JSON is left to the parser (nullopt up to the syntax error). Needs no recursion and no memory
/// per level beyond the limit.
std::optional<std::string> too_deep_field(std::string_view text);

}  // namespace stsmc::counterexamples
