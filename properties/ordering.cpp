// ordered-creation and reverse-deletion: the order in which the controller creates and deletes
// pods (docs/architecture.md §4).
#include <algorithm>
#include <variant>

#include "properties/catalog.h"
#include "properties/state_queries.h"

namespace stsmc::properties {
namespace {

std::optional<std::string> check_creation(const Model& m, const model::ClusterState& s, const model::Action& a,
                                          const model::ClusterState& next) {
  if (!model::is_sync(a)) return std::nullopt;
  const spec::SetSpec sp = effective_spec(m, s);
  for (const auto& p : created_pods(s, next)) {
    if (!sp.in_range(p.ordinal))
      return "created " + pod_label(m, p.ordinal) + " outside the ordinal range [" + std::to_string(sp.start()) +
             ", " + std::to_string(std::int64_t{sp.start()} + sp.replicas) + ")";
    if (!m.config().controller.monotonic()) continue;
    for (Ordinal o = sp.start(); o < p.ordinal; ++o) {
      const Pod* q = s.api.find_pod(o);
      if (!q || !running_ready_available(sp, *q))
        return "OrderedReady created " + pod_label(m, p.ordinal) + " while its predecessor " + pod_label(m, o) +
               (q ? " was not Running, Ready and Available" : " did not exist");
    }
  }
  return std::nullopt;
}

std::optional<std::string> check_deletion(const Model& m, const model::ClusterState& s, const model::Action& a,
                                          const model::ClusterState& next) {
  if (!model::is_sync(a)) return std::nullopt;
  const spec::SetSpec sp = effective_spec(m, s);
  const auto dels = deleted_pods(s, next);
  const auto deleted = [&](Ordinal o) {
    return std::any_of(dels.begin(), dels.end(), [&](const Pod& d) { return d.ordinal == o; });
  };
  // Parallel runs the condemned deletes in slow-start batches whose calls are concurrent
  // (runForAll → slowStartBatch): a failed delete does not stop the others of its batch, so the
  // top-down clause holds for a sync without a failed write only. OrderedReady deletes one at a
  // time and stops at an error: there it holds for every sync.
  const bool top_down = m.config().controller.monotonic() || std::holds_alternative<model::Reconcile>(a);
  std::size_t condemned_deleted = 0;
  for (const auto& d : dels) {
    if (sp.in_range(d.ordinal)) continue;
    ++condemned_deleted;
    for (const auto& q : s.api.pods)
      if (top_down && !sp.in_range(q.ordinal) && q.ordinal > d.ordinal && !q.terminating && !deleted(q.ordinal))
        return "scale-down deleted " + pod_label(m, d.ordinal) + " before the higher " + pod_label(m, q.ordinal);
    if (!m.config().controller.monotonic()) continue;
    // "Before a Pod is terminated, all of its successors must be completely shut down."
    for (const auto& q : s.api.pods)
      if (!sp.in_range(q.ordinal) && q.ordinal > d.ordinal)
        return "OrderedReady deleted " + pod_label(m, d.ordinal) + " before its successor " + pod_label(m, q.ordinal) +
               " was completely shut down";
    for (std::int64_t o = sp.start(); o <= sp.end(); ++o) {  // 64 bits: end() may be INT32_MAX
      const Pod* q = s.api.find_pod(o);
      if (!q || !running_ready_available(sp, *q))
        return "OrderedReady scaled down (" + pod_label(m, d.ordinal) + ") while replica " + pod_label(m, o) +
               " was not Running, Ready and Available";
    }
  }
  if (m.config().controller.monotonic() && condemned_deleted > 1)
    return "OrderedReady deleted " + std::to_string(condemned_deleted) + " condemned pods in one sync";
  // Rolling-update deletions go from the highest ordinal down.
  for (const auto& d : dels) {
    if (!sp.in_range(d.ordinal) || d.phase == spec::PodPhase::kFailed || d.phase == spec::PodPhase::kSucceeded) continue;
    for (const auto& q : s.api.pods)
      if (sp.in_range(q.ordinal) && q.ordinal > d.ordinal && q.revision != sp.pod_template && !q.terminating &&
          !deleted(q.ordinal))
        return "update deleted " + pod_label(m, d.ordinal) + " before the higher outdated " + pod_label(m, q.ordinal);
  }
  return std::nullopt;
}

}  // namespace

Property ordered_creation() {
  Property p;
  p.id = "ordered-creation";
  p.statement =
      "OrderedReady: the controller creates the pod of ordinal o only when every ordinal in [start, o) has a pod "
      "that exists, is not terminating, is Running and Ready (and Available when minReadySeconds > 0). Any "
      "policy: created ordinals lie in [start, start+replicas).";
  p.kind = checker::PropertyKind::kStep;
  p.step = check_creation;
  return p;
}

Property reverse_deletion() {
  Property p;
  p.id = "reverse-deletion";
  p.statement =
      "Scale-down deletes the highest existing condemned ordinal first; under OrderedReady one at a time, only "
      "once every condemned successor is completely shut down (gone, not just terminating), and only when all replicas are Running and Ready (upstream's "
      "first-unavailable exception aside). Rolling-update deletions go from the highest ordinal down.";
  p.kind = checker::PropertyKind::kStep;
  p.step = check_deletion;
  return p;
}

}  // namespace stsmc::properties
