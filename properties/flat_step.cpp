// The explicit engines' step properties: a filter on the two states, then the properties of
// model/rules/properties.h on the transition's flat form.
#include "properties/flat_step.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "model/rules/flat_state.h"
#include "model/rules/properties.h"

namespace stsmc::properties {

using model::rules::Concrete;
namespace props = model::rules::props;

namespace {

/// Some pod of `in` has no pod of the same ordinal and uid in `other` that is not terminating
/// (`live_only`) or at all (otherwise).
bool some_pod_missing(const model::ClusterState& in, const model::ClusterState& other, bool live_only) {
  return std::any_of(in.api.pods.begin(), in.api.pods.end(), [&](const spec::Pod& p) {
    if (live_only && p.terminating) return false;
    const spec::Pod* q = other.api.find_pod(p.ordinal);
    return !q || q->uid != p.uid || (live_only && q->terminating);
  });
}
bool created(const model::ClusterState& s, const model::ClusterState& t) { return some_pod_missing(t, s, false); }
bool deleted(const model::ClusterState& s, const model::ClusterState& t) { return some_pod_missing(s, t, true); }
/// A claim of s is gone, replaced, or newly terminating in t.
bool claim_deleted(const model::ClusterState& s, const model::ClusterState& t) {
  return std::any_of(s.api.pvcs.begin(), s.api.pvcs.end(), [&](const spec::Pvc& c) {
    const spec::Pvc* now = t.api.find_pvc(c.claim_template, c.ordinal);
    return !now || now->uid != c.uid || (now->terminating && !c.terminating);
  });
}
/// A claim of t has an owner reference its claim of the same uid in s did not have.
bool ref_added(const model::ClusterState& s, const model::ClusterState& t) {
  return std::any_of(t.api.pvcs.begin(), t.api.pvcs.end(), [&](const spec::Pvc& c) {
    if (c.owners.empty()) return false;
    const spec::Pvc* was = s.api.find_pvc(c.claim_template, c.ordinal);
    if (!was || was->uid != c.uid) return true;
    return std::any_of(c.owners.begin(), c.owners.end(), [&](const spec::OwnerRef& r) {
      return std::find(was->owners.begin(), was->owners.end(), r) == was->owners.end();
    });
  });
}
bool foreign_identity(const model::ClusterState& t) {
  return std::any_of(t.api.pods.begin(), t.api.pods.end(), [](const spec::Pod& p) { return p.identity != p.ordinal; });
}

/// The flat forms of the last transition judged on this thread. The five step properties ask
/// about one transition in a row, and the explorer asks about every transition out of one state
/// before the next: the source state is flattened once for all its transitions, in a shape
/// fitted to it (where the sync from it runs, so a sync's target fits it too), and the target
/// once for the five properties; a target that does not fit (a user's scale-up) takes a shape
/// fitted to both. Keyed by the model's instance and the states and action themselves (copies,
/// compared field by field: no hash stands in).
class FlatTransition {
 public:
  static const FlatTransition& of(const Model& m, const model::ClusterState& s, const model::Action& a,
                                  const model::ClusterState& t) {
    thread_local FlatTransition last;
    last.flatten(m, s, a, t);
    return last;
  }

  const model::rules::Shape& shape() const { return joint_ ? joint_sh_ : source_sh_; }
  /// Both forms, or none when the states fit no shape (two pods of one ordinal, which
  /// identity-stability reports before it asks here: properties/storage.cpp).
  const model::rules::FlatState<Concrete>* source() const { return !target_ok_ ? nullptr : joint_ ? &joint_s_ : &source_; }
  const model::rules::FlatState<Concrete>& target() const { return target_; }
  const model::rules::FlatAction<Concrete>& action() const { return fa_; }

 private:
  // The forms are written over buffers kept per thread (to_flat's overload with `out`): a flat
  // state holds its slots inline, kilobytes that a returned value would copy.
  void flatten(const Model& m, const model::ClusterState& s, const model::Action& a, const model::ClusterState& t) {
    const bool same_source = model_ == m.instance() && s_ == s;
    if (same_source && a_ == a && t_ == t) return;
    if (!same_source) {
      model_ = m.instance();
      s_ = s;
      source_sh_ = model::rules::fitted_shape(m.config(), s);
      source_ok_ = model::rules::to_flat(source_sh_, s, source_).has_value();
    }
    a_ = a;
    t_ = t;
    fa_ = model::rules::to_flat(a);
    joint_ = false;
    target_ok_ = source_ok_ && model::rules::to_flat(source_sh_, t, target_).has_value();
    if (target_ok_ || !source_ok_) return;
    const std::array<const model::ClusterState*, 1> also = {&t};
    joint_sh_ = model::rules::fitted_shape(m.config(), s, also);
    joint_ = true;
    target_ok_ = model::rules::to_flat(joint_sh_, s, joint_s_).has_value() &&
                 model::rules::to_flat(joint_sh_, t, target_).has_value();
  }

  std::uint64_t model_ = 0;
  model::ClusterState s_, t_;
  model::Action a_;
  model::rules::Shape source_sh_, joint_sh_;
  model::rules::FlatState<Concrete> source_{Concrete{}, model::rules::Shape{}};
  model::rules::FlatState<Concrete> joint_s_{Concrete{}, model::rules::Shape{}};
  model::rules::FlatState<Concrete> target_{Concrete{}, model::rules::Shape{}};
  bool source_ok_ = false, target_ok_ = false, joint_ = false;
  model::rules::FlatAction<Concrete> fa_{Concrete{}};
};

}  // namespace

// What each rule's clauses ask for (model/rules/properties.h). ordered-creation: a sync that
// creates a pod. reverse-deletion: a sync that deletes one (gone, replaced or newly
// terminating). identity-stability: a pod of t with a foreign identity, or a created pod.
// pvc-retention: a deleted claim, or a sync that adds an owner reference or deletes a pod. partition-semantics: a sync that creates or deletes a pod or
// moves currentRevision.
bool may_violate(StepRule rule, const model::ClusterState& s, const model::Action& a, const model::ClusterState& t) {
  switch (rule) {
    case StepRule::kOrderedCreation:
      return model::is_sync(a) && created(s, t);
    case StepRule::kReverseDeletion:
      return model::is_sync(a) && deleted(s, t);
    case StepRule::kIdentityStability:
      return foreign_identity(t) || created(s, t);
    case StepRule::kPvcRetention:
      return claim_deleted(s, t) || (model::is_sync(a) && (ref_added(s, t) || deleted(s, t)));
    case StepRule::kPartitionSemantics:
      return model::is_sync(a) && (created(s, t) || deleted(s, t) ||
                                   s.api.set.status.current_revision != t.api.set.status.current_revision);
  }
  return true;
}

std::optional<std::string> judge_step(const Model& m, const model::ClusterState& s, const model::Action& a,
                                      const model::ClusterState& t, StepRule rule) {
  if (!may_violate(rule, s, a, t)) return std::nullopt;
  const auto& x = FlatTransition::of(m, s, a, t);
  if (!x.source()) return std::nullopt;
  const auto& cfg = m.config();
  const auto& sh = x.shape();
  const auto& fs = *x.source();
  const auto& ft = x.target();
  const auto& fa = x.action();
  const Concrete d;
  props::Why why;
  bool bad = false;
  switch (rule) {
    case StepRule::kOrderedCreation: bad = props::ordered_creation(d, cfg, sh, fs, fa, ft, &why); break;
    case StepRule::kReverseDeletion: bad = props::reverse_deletion(d, cfg, sh, fs, fa, ft, &why); break;
    case StepRule::kIdentityStability: bad = props::identity_stability(d, cfg, sh, fs, fa, ft, &why); break;
    case StepRule::kPvcRetention: bad = props::pvc_retention(d, cfg, sh, fs, fa, ft, &why); break;
    case StepRule::kPartitionSemantics: bad = props::partition_semantics(d, cfg, sh, fs, fa, ft, &why); break;
  }
  if (!bad) return std::nullopt;
  return why.message ? std::move(why.message) : std::optional<std::string>("violated");
}

}  // namespace stsmc::properties
