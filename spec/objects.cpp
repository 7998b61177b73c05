// Lookups on the API state (linear: a set has few pods, and vectors keep states compact).
#include "spec/objects.h"

#include <algorithm>

namespace stsmc::spec {

const Pod* ApiState::find_pod(Ordinal o) const {
  for (const auto& p : pods) if (p.ordinal == o) return &p;
  return nullptr;
}
Pod* ApiState::find_pod(Ordinal o) {
  return const_cast<Pod*>(static_cast<const ApiState*>(this)->find_pod(o));
}
const Pvc* ApiState::find_pvc(std::uint8_t t, Ordinal o) const {
  for (const auto& c : pvcs) if (c.claim_template == t && c.ordinal == o) return &c;
  return nullptr;
}
Pvc* ApiState::find_pvc(std::uint8_t t, Ordinal o) {
  return const_cast<Pvc*>(static_cast<const ApiState*>(this)->find_pvc(t, o));
}
const Revision* ApiState::find_revision(TemplateId t) const {
  for (const auto& r : revisions) if (r.pod_template == t) return &r;
  return nullptr;
}
bool ApiState::owner_exists(const OwnerRef& r) const {
  if (r.kind == OwnerKind::kStatefulSet) return set.exists && r.uid == kSetUid;
  const Pod* p = find_pod(r.ordinal);
  return p && r.uid != 0 && p->uid == r.uid;
}

std::int64_t ApiState::revision_number(std::optional<TemplateId> t) const {
  if (!t) return 0;
  const Revision* r = find_revision(*t);
  return r ? r->number : 0;
}

}  // namespace stsmc::spec
