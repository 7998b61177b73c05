// Known upstream behaviour among safety violations: what upstream's controller does on lagging
// informer caches (the stale-reads fault, docs/faults.md "Stale reads") and in a sync whose
// writes other actors interleave with (the partial-sync fault, "Partial syncs"). A violation is
// known when the fault causes it (the same step as a whole sync on up-to-date listers, or the
// same state with up-to-date listers, holds the property) and, under a mutant, upstream's
// controller breaks the property there too; the engines then look on for a violation that is
// not known (checker::Property::known_hit).
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "model/statefulset_model.h"
#include "properties/catalog.h"

namespace stsmc::properties {
namespace {

using State = model::ClusterState;
using Action = model::Action;

/// The listers that lag in `s`, by kind ("pods, claims"), and for each where upstream shows the
/// controller reading it (the recorded real-controller traces fNN of docs/faults.md included).
struct Lagging {
  std::string kinds;
  std::string references;
};
Lagging lagging(const model::Caches& c) {
  Lagging out;
  const auto add = [&](bool lags, const char* kind, const char* reference) {
    if (!lags) return;
    out.kinds += (out.kinds.empty() ? "" : ", ") + std::string(kind);
    out.references += (out.references.empty() ? "" : "; ") + std::string(reference);
  };
  add(!c.set.empty(), "statefulsets", "the set lister's spec and status: StatefulSetController.sync, recorded f17");
  add(!c.pods.empty(), "pods", "the pod lister: getPodsForStatefulSet, kubernetes#41889, recorded f13, f14");
  add(!c.claims.empty(), "claims",
      "the claim lister: createPersistentVolumeClaims, UpdatePodClaimForRetentionPolicy");
  add(!c.revisions.empty(), "controllerrevisions", "the revision lister: ListRevisions, recorded f15, f16");
  return out;
}

/// What the controller could do instead of `a` in `fresh` (the state with every lister up to
/// date): for a sync with a failed write, each sync in which a write fails with the same error
/// (the attempts are numbered differently when the controller sees more or less); for a plain
/// sync, the sync; for a world action, itself.
std::vector<Action> counterfactuals(const Model& m, const State& fresh, const Action& a) {
  std::vector<Action> out;
  if (const auto* w = std::get_if<model::WriteError>(&a)) {
    std::vector<Action> all;
    model::write_error_actions(m.config(), fresh, all);
    for (auto& x : all)
      if (std::get<model::WriteError>(x).error == w->error) out.push_back(std::move(x));
  }
  if (out.empty()) out.push_back(model::is_sync(a) ? Action{model::Reconcile{}} : a);
  return out;
}

/// The same API state as `s` with every lister up to date, and what the controller would do
/// there instead of `a` with the states it leads to (nullopt: not enabled). Every property that
/// calls a hit of (s, a) known asks for the same steps: they are computed once per transition
/// and kept per thread, keyed by the model's instance, the state and the action (copies
/// compared field by field, as the other per-thread caches of properties/).
struct Counterfactual {
  std::uint64_t model = 0;
  State s;
  std::optional<Action> a;
  State fresh;
  std::vector<std::pair<Action, std::optional<State>>> steps;
};
const Counterfactual& counterfactual(const Model& m, const State& s, const Action* a) {
  thread_local Counterfactual last;
  const bool same_action = a ? last.a && *last.a == *a : !last.a;
  if (last.model == m.instance() && same_action && last.s == s) return last;
  last.model = m.instance();
  last.s = s;
  last.a = a ? std::optional<Action>(*a) : std::nullopt;
  last.fresh = s;
  last.fresh.caches = {};
  last.fresh.in_flight.reset();
  last.steps.clear();
  if (a)
    for (Action& b : counterfactuals(m, last.fresh, *a)) {
      auto n = m.next_state(last.fresh, b);
      last.steps.emplace_back(std::move(b), std::move(n));
    }
  return last;
}

// A step of a sync in flight: its start (PartialSync) or a later write (Reconcile).
bool in_flight_step(const State& s, const Action* a) {
  return a && (std::holds_alternative<model::PartialSync>(*a) || (s.in_flight && model::is_sync(*a)));
}

std::string fault_note(const Property& p, const Model& m, const State& s, const Action* a) {
  const bool partial = in_flight_step(s, a);
  if (s.caches.empty() && !partial) return "";
  const Counterfactual& c = counterfactual(m, s, a);
  const Model& upstream = m.upstream();
  const bool mutant = &upstream != &m;
  if (a == nullptr) {
    // The same API state with every lister up to date is reachable (informer-sync steps change
    // nothing else): if it violates too, the caches are not the cause, and the explorer finds it.
    if (p.invariant(m, c.fresh)) return "";
    if (mutant && !p.invariant(upstream, s)) return "";
  } else {
    // Whatever the controller would do with up-to-date listers holds the property.
    for (const auto& [b, n] : c.steps)
      if (!n || p.step(m, c.fresh, b, *n)) return "";
    if (mutant) {  // upstream's controller breaks the property in the same state too
      const auto up = upstream.next_state(s, *a);
      if (!up || !p.step(upstream, s, *a, *up)) return "";
    }
  }
  const std::string also = mutant ? ", and upstream's controller breaks it there too" : "";
  if (s.caches.empty())
    return "known upstream behaviour in a sync other actors interleave with: the controller wrote from what it "
           "read when the sync started" +
           std::string(s.in_flight ? "" : " (this step started it)") +
           ", and the API server has changed since; a whole sync in the same state holds" + also +
           ". Upstream 1.28 reads its listers once per sync (StatefulSetController.sync, getPodsForStatefulSet, "
           "ListRevisions) and then acts on its own copies, one API call at a time, with no expectations "
           "(docs/faults.md, \"Partial syncs\")";
  const Lagging lag = lagging(s.caches);
  return "known upstream behaviour under stale reads: the controller read lagging listers (" + lag.kinds +
         "); with up-to-date listers" + (partial ? " and a whole sync" : "") + " the same " +
         (a ? "step" : "state") + " holds" + also +
         ". Upstream 1.28 acts on its informer caches, which lag the API server (" + lag.references +
         "; docs/faults.md, \"Stale reads\"" + (partial ? ", \"Partial syncs\"" : "") + ")";
}

}  // namespace

Property with_known_hits(Property p) {
  if (p.kind == checker::PropertyKind::kLiveness) return p;
  // A property's own known upstream behaviour (status-accepted has one) is asked after the
  // stale reads.
  const auto own = std::move(p.known_hit);
  p.known_hit = nullptr;
  const Property plain = p;
  // The step's own successor is not needed: the counterfactuals are computed afresh.
  p.known_hit = [plain, own](const Model& m, const State& s, const Action* a, const State& next) {
    std::string note = fault_note(plain, m, s, a);
    if (note.empty() && own) note = own(m, s, a, next);
    return note;
  };
  return p;
}

}  // namespace stsmc::properties
