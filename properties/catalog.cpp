// The property catalog.
#include "properties/catalog.h"

#include <algorithm>

namespace stsmc::properties {

std::vector<Property> all_properties() {
  std::vector<Property> all{ordered_creation(), reverse_deletion(), identity_stability(), pvc_retention(),
                            partition_semantics(), status_accuracy(), creates_accepted(),
                            deletes_accepted(), status_accepted(), convergence()};
  for (auto& p : all) p = with_known_hits(std::move(p));
  return all;
}

Expected<std::vector<Property>> select_properties(const std::vector<std::string>& ids) {
  auto all = all_properties();
  if (ids.empty()) return all;
  std::vector<Property> out;
  for (const auto& id : ids) {
    auto it = std::find_if(all.begin(), all.end(), [&](const Property& p) { return p.id == id; });
    if (it == all.end()) {
      std::string known;
      for (const auto& p : all) known += (known.empty() ? "" : ", ") + p.id;
      return bad_input("--property: unknown property '" + id + "' (known: " + known + ")");
    }
    out.push_back(*it);
  }
  return out;
}

}  // namespace stsmc::properties
