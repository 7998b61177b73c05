// partition-semantics: what a rolling update may create and delete, and when currentRevision
// advances (docs/architecture.md §4).
#include <algorithm>
#include <variant>

#include "properties/catalog.h"
#include "properties/state_queries.h"

namespace stsmc::properties {
namespace {

using spec::UpdateStrategyType;

struct Update {
  const Model& m;
  const model::ClusterState& s;
  const model::ClusterState& next;
  spec::SetSpec sp;
  bool rolling;
  std::int32_t partition;
  spec::TemplateId upd;
  spec::TemplateId cur;

  std::int64_t index(Ordinal o) const { return o - sp.start(); }
  std::string pod(Ordinal o) const { return pod_label(m, o); }

  std::optional<std::string> creations() const {
    for (const auto& p : created_pods(s, next)) {
      if (!sp.in_range(p.ordinal)) continue;
      const bool held = rolling && index(p.ordinal) < partition;
      if (held && p.revision == upd && upd != cur)
        return "pod " + pod(p.ordinal) + " (index " + std::to_string(index(p.ordinal)) + " < partition " +
               std::to_string(partition) + ") created at the update revision";
      if (!held && p.revision != upd)
        return "pod " + pod(p.ordinal) + " created at an old revision although it is not held by a partition";
    }
    return std::nullopt;
  }

  std::optional<std::string> deletions() const {
    std::vector<Pod> updates;
    for (const auto& d : deleted_pods(s, next))
      if (sp.in_range(d.ordinal) && d.phase != spec::PodPhase::kFailed && d.phase != spec::PodPhase::kSucceeded)
        updates.push_back(d);
    if (updates.empty()) return std::nullopt;
    for (const auto& d : updates) {
      if (!rolling) return "OnDelete: the controller deleted " + pod(d.ordinal) + " for an update";
      if (index(d.ordinal) < partition)
        return "deleted " + pod(d.ordinal) + " (index " + std::to_string(index(d.ordinal)) + " < partition " +
               std::to_string(partition) + ") for an update";
      if (d.revision == upd) return "deleted the up-to-date pod " + pod(d.ordinal);
    }
    return m.config().controller.gates.MaxUnavailableStatefulSet ? within_budget(updates) : one_at_a_time(updates);
  }

  // Legacy rolling update: one pod per sync, each after every higher pod is updated and healthy.
  std::optional<std::string> one_at_a_time(const std::vector<Pod>& updates) const {
    if (updates.size() > 1) return "deleted " + std::to_string(updates.size()) + " pods for an update in one sync";
    for (std::int64_t o = std::int64_t{updates[0].ordinal} + 1; o <= sp.end(); ++o) {  // 64 bits, as above
      const Pod* q = s.api.find_pod(o);
      if (!q || q->revision != upd || !healthy(m, sp, *q))
        return "deleted " + pod(updates[0].ordinal) + " before its successor " + pod(o) + " was updated and healthy";
    }
    return std::nullopt;
  }

  // maxUnavailable: the update never takes more replicas down than the budget allows.
  std::optional<std::string> within_budget(const std::vector<Pod>& updates) const {
    const auto& mu = sp.update_strategy.max_unavailable;
    const std::int32_t max_u = std::max(1, mu ? mu->scaled(sp.replicas) : 1);
    std::int32_t before = 0, after = 0;
    for (std::int64_t o = sp.start(); o <= sp.end(); ++o) {  // 64 bits: end() may be INT32_MAX
      const Pod* q = s.api.find_pod(o);
      const bool down = !q || !healthy(m, sp, *q);
      const bool deleted = std::any_of(updates.begin(), updates.end(), [&](const Pod& d) { return d.ordinal == o; });
      before += down;
      after += down || deleted;
    }
    if (after > std::max(max_u, before))
      return "rolling update took " + std::to_string(after) + " replicas down, maxUnavailable is " + std::to_string(max_u);
    return std::nullopt;
  }

  std::optional<std::string> promotion() const {
    const auto& was = s.api.set.status.current_revision;
    const auto& now = next.api.set.status.current_revision;
    if (!was || !now || *was == *now || !s.api.find_revision(*was)) return std::nullopt;
    if (!rolling) return "currentRevision advanced under OnDelete";
    std::int32_t ready = 0;
    for (const auto& p : s.api.pods)
      if (p.revision == *now && !p.terminating && p.phase == spec::PodPhase::kRunning && p.ready) ++ready;
    if (ready < sp.replicas)
      return "currentRevision advanced with " + std::to_string(ready) + " of " + std::to_string(sp.replicas) +
             " replicas updated and ready";
    return std::nullopt;
  }
};

std::optional<std::string> check_partition(const Model& m, const model::ClusterState& s, const model::Action& a,
                                           const model::ClusterState& next) {
  if (!model::is_sync(a) || !s.api.set.exists) return std::nullopt;
  const spec::SetSpec sp = effective_spec(m, s);
  const bool rolling = sp.update_strategy.type == UpdateStrategyType::kRollingUpdate;
  Update u{m, s, next, sp, rolling, sp.update_strategy.partition.value_or(0), sp.pod_template,
           sync_current_revision(s)};
  if (auto v = u.creations()) return v;
  if (auto v = u.deletions()) return v;
  return u.promotion();
}

}  // namespace

Property partition_semantics() {
  Property p;
  p.id = "partition-semantics";
  p.statement =
      "RollingUpdate with partition p: a pod with index < p is never created at the update revision while it differs "
      "from the current one; pods with index >= p are updated from the highest ordinal down, each waiting until its "
      "successor is healthy (or within the maxUnavailable budget); p >= replicas updates nothing. OnDelete never "
      "deletes a pod for an update. currentRevision advances only when every replica is updated and ready.";
  p.kind = checker::PropertyKind::kStep;
  p.step = check_partition;
  return p;
}

}  // namespace stsmc::properties
