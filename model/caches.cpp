// The controller's informer caches under the stale-reads fault (model::Caches, docs/faults.md):
// how far a lister lags, how a step leaves it behind, and a sync that reads through it.
#include "model/caches.h"

#include <array>

namespace stsmc::model {
namespace {

// Calls f(objects in the API state, versions the lagging lister holds) for one kind.
template <class S, class F>
decltype(auto) with_kind(S& s, ListerKind kind, F&& f) {
  switch (kind) {
    case ListerKind::kPods: return f(s.api.pods, s.caches.pods);
    case ListerKind::kClaims: return f(s.api.pvcs, s.caches.claims);
    case ListerKind::kRevisions: return f(s.api.revisions, s.caches.revisions);
    case ListerKind::kSet: break;
  }
  return f(s.api.set, s.caches.set);
}

template <class Objects, class Pending>
void lag_behind(const Objects& was, const Objects& now, Pending& pending) {
  if (pending.empty() || was == now) return;
  if (!(pending.back() == was)) pending.push_back(was);
}

}  // namespace

void advance_caches(const ModelConfig& cfg, const ClusterState& before, ClusterState& s) {
  lag_behind(before.api.pods, s.api.pods, s.caches.pods);
  lag_behind(before.api.pvcs, s.api.pvcs, s.caches.claims);
  lag_behind(before.api.revisions, s.api.revisions, s.caches.revisions);
  lag_behind(before.api.set, s.api.set, s.caches.set);
  for (const auto kind : kListerKinds) {
    while (cache_lag(s, kind) > cfg.bounds.cache_lag)
      with_kind(s, kind, [](const auto&, auto& pending) { pending.erase(pending.begin()); });
  }
}

Expected<void> sync_reading(const ModelConfig& cfg, ClusterState& s, StepLog* log, spec::WriteFaults* faults,
                            const ListerVersions& versions) {
  std::array<ClusterState, 4> views;
  Listers listers;
  // The views are made before the sync writes to `s` (a version may live in s.caches).
  const auto view = [&](std::size_t k, auto member, const auto* version, const ClusterState*& slot) {
    if (!version) return;
    views[k] = s;
    views[k].caches = Caches{};
    views[k].api.*member = *version;
    slot = &views[k];
  };
  view(0, &spec::ApiState::pods, versions.pods, listers.pods);
  view(1, &spec::ApiState::pvcs, versions.claims, listers.claims);
  view(2, &spec::ApiState::revisions, versions.revisions, listers.revisions);
  view(3, &spec::ApiState::set, versions.set, listers.set);
  return reconcile(cfg, s, log, faults, listers);
}

Expected<void> sync_through_caches(const ModelConfig& cfg, ClusterState& s, StepLog* log, spec::WriteFaults* faults) {
  if (s.caches.empty()) return reconcile(cfg, s, log, faults);
  return sync_reading(cfg, s, log, faults, versions_served(s.caches));
}

ListerVersions versions_served(const Caches& caches) {
  const auto oldest = [](const auto& pending) { return pending.empty() ? nullptr : &pending.front(); };
  return {oldest(caches.pods), oldest(caches.claims), oldest(caches.revisions), oldest(caches.set)};
}

void start_lag(ClusterState& s, ListerKind kind) {
  with_kind(s, kind, [](const auto& objects, auto& pending) { pending.push_back(objects); });
}

void deliver_oldest(ClusterState& s, ListerKind kind) {
  with_kind(s, kind, [](const auto& objects, auto& pending) {
    pending.erase(pending.begin());
    if (pending.size() == 1 && pending.front() == objects) pending.clear();  // caught up: the watch resumes
  });
}

bool cache_lagging(const ClusterState& s, ListerKind kind) {
  return with_kind(s, kind, [](const auto&, const auto& pending) { return !pending.empty(); });
}

int cache_lag(const ClusterState& s, ListerKind kind) {
  return with_kind(s, kind, [](const auto& objects, const auto& pending) {
    if (pending.empty()) return 0;
    return static_cast<int>(pending.size()) - 1 + (pending.back() == objects ? 0 : 1);
  });
}

}  // namespace stsmc::model
