// LabelSelector matching with upstream's semantics (apimachinery labels.Requirement.Matches):
// NotIn and DoesNotExist match a missing label; In and Exists need it.
#include "spec/label_selector.h"

#include <algorithm>

namespace stsmc::spec {

namespace {
bool requirement_matches(const SelectorRequirement& r, const std::map<std::string, std::string>& labels) {
  const auto it = labels.find(r.key);
  const bool has = it != labels.end();
  const auto in_values = [&] { return has && std::find(r.values.begin(), r.values.end(), it->second) != r.values.end(); };
  switch (r.op) {
    case SelectorOperator::kIn: return in_values();
    case SelectorOperator::kNotIn: return !in_values();
    case SelectorOperator::kExists: return has;
    case SelectorOperator::kDoesNotExist: return !has;
  }
  return false;
}

std::string joined(const std::vector<std::string>& values) {
  std::vector<std::string> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  std::string out;
  for (const auto& v : sorted) out += (out.empty() ? "" : ",") + v;
  return out;
}
}  // namespace

bool LabelSelector::matches(const std::map<std::string, std::string>& labels) const {
  for (const auto& [key, value] : match_labels) {
    const auto it = labels.find(key);
    if (it == labels.end() || it->second != value) return false;
  }
  return std::all_of(match_expressions.begin(), match_expressions.end(),
                     [&](const SelectorRequirement& r) { return requirement_matches(r, labels); });
}

std::string LabelSelector::str() const {
  std::string out;
  const auto add = [&](const std::string& part) { out += (out.empty() ? "" : ",") + part; };
  for (const auto& [key, value] : match_labels) add(key + "=" + value);
  for (const auto& r : match_expressions) {
    switch (r.op) {
      case SelectorOperator::kIn: add(r.key + " in (" + joined(r.values) + ")"); break;
      case SelectorOperator::kNotIn: add(r.key + " notin (" + joined(r.values) + ")"); break;
      case SelectorOperator::kExists: add(r.key); break;
      case SelectorOperator::kDoesNotExist: add("!" + r.key); break;
    }
  }
  return out.empty() ? "(none)" : out;
}

}  // namespace stsmc::spec
