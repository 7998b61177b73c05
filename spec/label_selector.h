#pragma once
// A metav1.LabelSelector as the manifest writes it: matchLabels plus matchExpressions (In, NotIn,
// Exists, DoesNotExist), and whether it selects a set of labels (labels.Selector.Matches).
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace stsmc::spec {

/// LabelSelectorOperator.
enum class SelectorOperator : std::uint8_t { kIn, kNotIn, kExists, kDoesNotExist };
constexpr std::array<std::string_view, 4> enum_names(SelectorOperator) { return {"In", "NotIn", "Exists", "DoesNotExist"}; }

/// One entry of matchExpressions.
struct SelectorRequirement {
  std::string key;
  SelectorOperator op = SelectorOperator::kIn;
  std::vector<std::string> values;
};

/// spec.selector.
struct LabelSelector {
  std::map<std::string, std::string> match_labels;
  std::vector<SelectorRequirement> match_expressions;

  /// Neither matchLabels nor matchExpressions (upstream: "empty selector is invalid").
  bool empty() const { return match_labels.empty() && match_expressions.empty(); }
  /// True when `labels` satisfy every matchLabels entry and every requirement.
  bool matches(const std::map<std::string, std::string>& labels) const;
  /// kubectl's rendering: "app=web,tier in (a,b),!canary"; "(none)" when empty.
  std::string str() const;
};

}  // namespace stsmc::spec
