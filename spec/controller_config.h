#pragma once
// What the controller knows that is not in the API state: the set's immutable fields, the pod
// template table, and the rule profile with its gates.
#include <string>
#include <vector>

#include "spec/objects.h"
#include "spec/profile.h"
#include "spec/stateful_set.h"

namespace stsmc::spec {

/// Fixed inputs of a sync.
struct ControllerConfig {
  std::string set_name = "web";
  std::string namespace_ = "default";
  std::string service_name = "web";
  PodManagementPolicy pod_management_policy = PodManagementPolicy::kOrderedReady;
  /// Names of spec.volumeClaimTemplates (PVC `<name>-<set>-<ordinal>`), immutable upstream.
  std::vector<std::string> claim_templates;
  std::int32_t revision_history_limit = 10;
  /// Pod templates by TemplateId; revisions and pods refer to them by index.
  std::vector<PodTemplate> templates;
  Rules rules;
  FeatureGates gates;
  /// Pods are bound to a node at creation (the scheduler is instantaneous).
  bool auto_schedule = true;
  /// PVCs are Bound at creation (no provisioner step).
  bool instant_binding = true;

  bool monotonic() const { return pod_management_policy != PodManagementPolicy::kParallel; }
  std::string pod_name(Ordinal o) const { return set_name + "-" + std::to_string(o); }
  std::string claim_name(std::uint8_t t, Ordinal o) const {
    return claim_templates.at(t) + "-" + pod_name(o);
  }
};

}  // namespace stsmc::spec
