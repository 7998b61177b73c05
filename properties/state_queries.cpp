// Shared state queries for properties.
#include "properties/state_queries.h"

namespace stsmc::properties {

bool healthy(const model::StatefulSetModel& m, const spec::SetSpec& set, const Pod& p) {
  return spec::is_healthy(spec::PodView{p, true}, m.config().controller.rules, set.min_ready_seconds);
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

}  // namespace stsmc::properties
