// Shared state queries for properties.
#include "properties/state_queries.h"

#include <algorithm>


namespace stsmc::properties {

std::vector<Pod> created_pods(const model::ClusterState& before, const model::ClusterState& after) {
  std::vector<Pod> out;
  for (const auto& p : after.api.pods) {
    const Pod* old = before.api.find_pod(p.ordinal);
    if (!old || old->uid != p.uid) out.push_back(p);
  }
  return out;
}

std::vector<Pod> deleted_pods(const model::ClusterState& before, const model::ClusterState& after) {
  std::vector<Pod> out;
  for (const auto& p : before.api.pods) {
    if (p.terminating) continue;
    const Pod* now = after.api.find_pod(p.ordinal);
    if (!now || now->uid != p.uid || now->terminating) out.push_back(p);
  }
  return out;
}

bool running_ready_available(const spec::SetSpec& set, const Pod& p) {
  return p.phase == spec::PodPhase::kRunning && p.ready && !p.terminating &&
         spec::is_available(p, set.min_ready_seconds);
}

bool healthy(const model::StatefulSetModel& m, const spec::SetSpec& set, const Pod& p) {
  return spec::is_healthy(spec::PodView{p, true}, m.config().controller.rules, set.min_ready_seconds);
}

spec::TemplateId sync_current_revision(const model::ClusterState& s) {
  const auto& named = s.api.set.status.current_revision;
  return named && s.api.find_revision(*named) ? *named : s.api.set.spec.pod_template;
}

NextSync next_sync(const model::StatefulSetModel& m, const model::ClusterState& s) {
  NextSync n{s, false};
  model::StepLog log;
  (void)model::apply_action(m.config(), n.after, model::Reconcile{}, &log);
  n.quiescent = n.after == s && log.sync.events.empty();
  return n;
}

std::string pod_label(const model::StatefulSetModel& m, Ordinal o) { return m.config().controller.pod_name(o); }

}  // namespace stsmc::properties

namespace stsmc::properties {

spec::SetSpec effective_spec(const model::StatefulSetModel& m, const model::ClusterState& s) {
  spec::SetSpec sp = s.api.set.spec;
  if (!m.config().controller.gates.StatefulSetStartOrdinal) sp.ordinals_start.reset();
  return sp;
}

std::vector<AddedRef> added_refs(const model::ClusterState& before, const model::ClusterState& after) {
  std::vector<AddedRef> out;
  for (const auto& c : after.api.pvcs) {
    const spec::Pvc* old = before.api.find_pvc(c.claim_template, c.ordinal);
    for (const auto& r : c.owners)
      if (!old || old->uid != c.uid || std::find(old->owners.begin(), old->owners.end(), r) == old->owners.end())
        out.push_back(AddedRef{c, r});
  }
  return out;
}

}  // namespace stsmc::properties
