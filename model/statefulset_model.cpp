// Configuration, initial state and the transition function of the closed world.
#include "model/statefulset_model.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "core/limits.h"
#include "model/caches.h"
#include "model/partial_sync.h"
#include "model/rules/sync.h"
#include "model/rules/world.h"

namespace stsmc::model {

using spec::Pod;
using spec::PodPhase;

ModelConfig make_config(const spec::Manifest& m, const spec::Rules& rules, const spec::FeatureGates& gates) {
  ModelConfig cfg;
  auto& c = cfg.controller;
  c.set_name = m.set.name;
  c.namespace_ = m.set.namespace_;
  c.service_name = m.set.service_name;
  c.pod_management_policy = m.set.pod_management_policy;
  for (const auto& t : m.set.volume_claim_templates) c.claim_templates.push_back(t.name);
  c.revision_history_limit = m.set.revision_history_limit;
  c.templates = {m.set.pod_template};
  c.rules = rules;
  c.gates = gates;
  auto& s = cfg.initial_spec;
  s.replicas = m.set.replicas;
  s.pod_template = 0;
  s.update_strategy = m.set.update_strategy;
  s.retention_policy = m.set.retention_policy;
  s.ordinals_start = m.set.ordinals_start;
  s.min_ready_seconds = m.set.min_ready_seconds;
  default_update_strategy(cfg, s.update_strategy);
  return cfg;
}

spec::TemplateId add_template(ModelConfig& cfg, const spec::PodTemplate& t) {
  auto& ts = cfg.controller.templates;
  auto it = std::find(ts.begin(), ts.end(), t);
  if (it != ts.end()) return static_cast<spec::TemplateId>(it - ts.begin());
  STSMC_CHECK(ts.size() < 255);
  ts.push_back(t);
  return static_cast<spec::TemplateId>(ts.size() - 1);
}

void default_update_strategy(const ModelConfig& cfg, spec::UpdateStrategy& us) {
  // The rule (world::default_strategy) on the set's flat fields.
  spec::SetObject set{};
  set.spec.update_strategy = us;
  rules::FlatState<rules::Concrete> f(rules::Concrete{}, rules::Shape{});
  rules::set_to_flat(set, f);
  rules::world::default_strategy(rules::Concrete{}, cfg, f, true);
  rules::set_from_flat(f, set);
  us = set.spec.update_strategy;
}

std::int64_t ordinals_reached(const spec::Rules& rules, std::int64_t replicas) {
  return rules.fault == spec::Fault::kCreateBeyondRange ? replicas + 1 : replicas;  // mutant
}

ClusterState initial_state(const ModelConfig& cfg) {
  ClusterState s{};
  s.api.set.exists = true;
  s.api.set.generation = 1;
  s.api.set.spec = cfg.initial_spec;
  s.budgets = cfg.budgets;
  return s;
}

Error not_applicable(std::string what) { return Error{ErrorCode::kBadInput, std::move(what)}; }

namespace {

// Runs the world's pod action `kind` (model/rules/world.h) on pod `o`, `b` its second argument:
// its effect on the pod's flat form, written back (the pod erased when the effect removes it).
// False when there is no such pod.
bool pod_effect(spec::ApiState& api, std::int64_t kind, spec::Ordinal o, std::int64_t b) {
  Pod* p = api.find_pod(o);
  if (!p) return false;
  const auto before = rules::to_flat(*p);
  auto after = before;
  rules::world::pod_effect(rules::Concrete{}, kind, before, after, true, b);
  if (after.exists) rules::from_flat(after, *p);
  else api.pods.erase(api.pods.begin() + (p - api.pods.data()));
  return true;
}

// What the garbage collector's rule reads of the world of claims of ordinal o.
rules::world::ClaimContext<rules::Concrete> claim_context(const ModelConfig& cfg, const spec::ApiState& api,
                                                         spec::Ordinal o) {
  const Pod* p = api.find_pod(o);
  return {p != nullptr, p ? std::int64_t{p->uid} : 0, api.set.exists,
          cfg.pvc_protection && p != nullptr && rules::world::protects(rules::to_flat(*p))};
}

// Writes a claim's new flat form back into `api`: the claim itself, or its removal once it is
// gone (what pod_effect does for a pod).
void store_claim(spec::ApiState& api, spec::Pvc* c, const rules::FlatClaim<rules::Concrete>& after) {
  if (after.exists) rules::from_flat(after, *c);
  else spec::erase_if(api.pvcs, [&](const spec::Pvc& y) { return &y == c; });
}

// The context of pod actions that only the garbage collector's rule reads.
rules::world::PodContext<rules::Concrete> gc_context(const spec::ApiState& api) {
  return {false, false, 0, api.set.exists};
}

// Records every write attempt of a sync and injects nothing.
class AttemptRecorder final : public spec::WriteFaults {
 public:
  spec::ApiCode on_attempt(const spec::WriteAttempt& a) override {
    attempts.push_back(a);
    return spec::ApiCode::kNone;
  }
  std::vector<spec::WriteAttempt> attempts;
};

// Fails attempt number `target` (from 1) with `code`; remembers whether the sync got that far.
class NthAttemptFails final : public spec::WriteFaults {
 public:
  NthAttemptFails(int target, spec::ApiCode code) : target_(target), code_(code) {}
  spec::ApiCode on_attempt(const spec::WriteAttempt& a) override {
    if (++seen_ != target_) return spec::ApiCode::kNone;
    hit_ = a;
    return injectable(code_, a.verb) ? code_ : spec::ApiCode::kNone;
  }
  int seen() const { return seen_; }
  const std::optional<spec::WriteAttempt>& hit() const { return hit_; }

 private:
  int target_;
  spec::ApiCode code_;
  int seen_ = 0;
  std::optional<spec::WriteAttempt> hit_;
};

struct Apply {
  const ModelConfig& cfg;
  ClusterState& s;
  StepLog* log;

  Expected<void> operator()(const Reconcile&) {
    if (s.in_flight) return continue_partial_sync(cfg, s, log);
    return sync_through_caches(cfg, s, log, nullptr);
  }
  Expected<void> operator()(const PartialSync&) { return start_partial_sync(cfg, s, log); }
  Expected<void> operator()(const ControllerRestart&) {
    if (!s.in_flight && s.caches.empty())
      return not_applicable("no sync in flight and every lister up to date: a restart changes nothing");
    s.in_flight.reset();
    s.caches = {};
    return {};
  }
  Expected<void> operator()(const InformerLag& a) {
    if (cfg.bounds.cache_lag <= 0) return not_applicable("listers may not lag (cache lag 0)");
    if (!s.api.set.exists) return not_applicable("the StatefulSet does not exist");
    if (cache_lagging(s, a.kind)) return not_applicable("the " + std::string(enum_name(a.kind)) + " lister already lags");
    start_lag(s, a.kind);
    return {};
  }
  Expected<void> operator()(const InformerSync& a) {
    if (cache_lag(s, a.kind) == 0)
      return not_applicable("the " + std::string(enum_name(a.kind)) + " lister is up to date");
    deliver_oldest(s, a.kind);
    return {};
  }
  Expected<void> operator()(const WriteError& a) {
    if (s.in_flight) {
      if (a.attempt != 1)
        return not_applicable("a sync is in flight: only its next write attempt (1) can fail, not attempt " +
                              std::to_string(a.attempt));
      return fail_next_write(cfg, s, log, a.error);
    }
    NthAttemptFails faults(a.attempt, a.error);
    if (auto r = sync_through_caches(cfg, s, log, &faults); !r) return r;
    if (!faults.hit())
      return not_applicable("the sync makes " + std::to_string(faults.seen()) + " write attempts, not " +
                            std::to_string(a.attempt));
    if (!injectable(a.error, faults.hit()->verb))
      return not_applicable("write attempt " + std::to_string(a.attempt) + " is a " +
                            std::string(spec::verb_name(faults.hit()->verb)) + ": only an update can get " +
                            std::string(enum_name(a.error)));
    return {};
  }
  // The pod actions: the rules' effect (model/rules/world.h) on a pod that exists.
  template <class A>
  Expected<void> on_pod(const A& a, std::int64_t b = 0) {
    if (!pod_effect(s.api, rules::kind_of<A>, a.pod, b)) return not_applicable("pod " + std::to_string(a.pod) + " not found");
    return {};
  }
  Expected<void> operator()(const PodAssigned& a) { return on_pod(a); }
  Expected<void> operator()(const PodScheduled& a) { return on_pod(a); }
  Expected<void> operator()(const PodReady& a) { return on_pod(a); }
  Expected<void> operator()(const PodUnready& a) { return on_pod(a); }
  Expected<void> operator()(const PodAvailable& a) { return on_pod(a, a.seconds); }
  Expected<void> operator()(const PodFailed& a) { return on_pod(a); }
  Expected<void> operator()(const PodSucceeded& a) { return on_pod(a); }
  Expected<void> operator()(const NodeLost& a) { return on_pod(a); }
  Expected<void> operator()(const DeletePod& a) { return on_pod(a, a.force ? 1 : 0); }
  Expected<void> operator()(const OrphanPod& a) { return on_pod(a); }
  Expected<void> operator()(const LabelPod& a) { return on_pod(a, a.matching ? 1 : 0); }
  Expected<void> operator()(const TerminationFinished& a) {
    const Pod* p = s.api.find_pod(a.pod);
    if (p && !p->terminating) return not_applicable("pod " + std::to_string(a.pod) + " is not terminating");
    return on_pod(a);
  }
  Expected<void> operator()(const PvcBound& a) {
    spec::Pvc* c = s.api.find_pvc(a.claim_template, a.ordinal);
    if (!c) return not_applicable("claim not found");
    auto f = rules::to_flat(*c, 0);
    rules::world::bind_effect(rules::Concrete{}, f, true);
    rules::from_flat(f, *c);
    return {};
  }
  Expected<void> operator()(const GcDelete& a);
  // The user's edits of a claim: `effect(before, after)` runs the rule on its flat form.
  template <class Effect>
  Expected<void> on_claim(std::uint8_t claim_template, Ordinal ordinal, Effect&& effect) {
    spec::Pvc* c = s.api.find_pvc(claim_template, ordinal);
    if (!c) return not_applicable("claim not found");
    const auto before = rules::to_flat(*c, 0);
    auto after = before;
    effect(before, after);
    store_claim(s.api, c, after);
    return {};
  }
  Expected<void> operator()(const DeletePvc& a) {
    return on_claim(a.claim_template, a.ordinal, [&](const auto& before, auto& after) {
      rules::world::delete_claim_effect(rules::Concrete{}, before, after, claim_context(cfg, s.api, a.ordinal), true);
    });
  }
  Expected<void> operator()(const OrphanPvc& a) {
    return on_claim(a.claim_template, a.ordinal, [](const auto& before, auto& after) {
      rules::world::orphan_claim_effect(rules::Concrete{}, before, after, true);
    });
  }
  // The API server takes any start and replicas in int32; stsmc's ordinals are int32 too, so an
  // edit whose last ordinal would pass 2147483647 is refused (model::Setup::check_ordinals
  // keeps the checking model's bounds within it; scenarios and traces may still ask).
  Expected<void> ordinals_fit(std::int64_t start, std::int64_t replicas) const {
    const std::int64_t reach = ordinals_reached(cfg.controller.rules, replicas);
    if (limits::ordinals_fit(start, reach)) return {};
    return not_applicable("ordinals.start " + std::to_string(start) + " with " + std::to_string(replicas) +
                          " replicas reaches ordinal " + std::to_string(start + reach - 1) +
                          ", past the largest stsmc models (2147483647)");
  }
  // The user's edits of the spec: checked as the API server validates them, then the rules'
  // effect (model/rules/world.h) on the set's flat form.
  template <class A, class Check>
  Expected<void> edit(const A& a, Check&& check) {
    if (!s.api.set.exists) return not_applicable("the StatefulSet does not exist");
    if (auto r = check(s.api.set.spec); !r) return r;
    const rules::Concrete d;
    const auto fa = rules::to_flat(Action{a});
    // The set's fields only (no slots), in buffers per thread: explorers edit in every state.
    thread_local rules::FlatState<rules::Concrete> before(d, rules::Shape{}), after(d, rules::Shape{});
    rules::set_to_flat(s.api.set, before);
    after = before;
    rules::world::edit_effect(d, cfg, fa.kind, before, after, true, fa.a, fa.b);
    rules::set_from_flat(after, s.api.set);
    return {};
  }
  template <class A>
  Expected<void> edit(const A& a) {
    return edit(a, [](const spec::SetSpec&) -> Expected<void> { return {}; });
  }
  static Expected<void> rolling(const spec::SetSpec& sp, const char* field) {
    if (sp.update_strategy.type == spec::UpdateStrategyType::kRollingUpdate) return {};
    return not_applicable(std::string(field) + " needs updateStrategy RollingUpdate");
  }
  Expected<void> operator()(const Scale& a) {
    if (a.replicas < 0) return not_applicable("replicas must be >= 0");
    if (auto r = ordinals_fit(s.api.set.spec.start(), a.replicas); !r) return r;
    return edit(a);
  }
  Expected<void> operator()(const UpdateTemplate& a) {
    if (a.pod_template >= cfg.controller.templates.size()) return not_applicable("unknown template");
    return edit(a);
  }
  Expected<void> operator()(const SetPartition& a) {
    return edit(a, [&](const spec::SetSpec& sp) -> Expected<void> {
      if (auto r = rolling(sp, "partition"); !r) return r;
      if (a.partition < 0) return not_applicable("partition must be >= 0");
      return {};
    });
  }
  Expected<void> operator()(const SetMaxUnavailable& a) {
    return edit(a, [&](const spec::SetSpec& sp) { return rolling(sp, "maxUnavailable"); });
  }
  Expected<void> operator()(const SetUpdateStrategy& a) { return edit(a); }
  Expected<void> operator()(const SetRetentionPolicy& a) { return edit(a); }
  Expected<void> operator()(const SetStartOrdinal& a) {
    if (a.start && *a.start < 0) return not_applicable("ordinals.start must be >= 0");
    if (auto r = ordinals_fit(a.start.value_or(0), s.api.set.spec.replicas); !r) return r;
    return edit(a);
  }
  Expected<void> operator()(const SetMinReadySeconds& a) {
    if (a.seconds < 0) return not_applicable("minReadySeconds must be >= 0");
    return edit(a);
  }
  Expected<void> operator()(const DeleteStatefulSet& a) {
    if (!s.api.set.exists) return not_applicable("the StatefulSet does not exist");
    // The rules' effect (model/rules/world.h) on the whole state's flat form: with orphaning it
    // reaches every pod and claim.
    const rules::Concrete d;
    const rules::Shape sh = rules::fitted_shape(cfg, s);
    auto before = rules::to_flat(sh, s);
    STSMC_CHECK(before.has_value());
    auto after = *before;
    rules::world::delete_set_effect(d, sh, *before, after, true, a.orphan ? 1 : 0);
    rules::from_flat(sh, after, s);
    return {};
  }
};

// Processes one dependent; returns the GC's log line, or "" when nothing applied.
std::string gc_one(const ModelConfig& cfg, ClusterState& s, const GcDelete& a) {
  auto& api = s.api;
  if (a.kind == Dependent::kPod) {
    if (!gc_applicable(cfg, s, a)) return "";
    pod_effect(api, rules::kind_of<GcDelete>, a.ordinal, 0);
    return "delete pod " + cfg.controller.pod_name(a.ordinal);
  }
  spec::Pvc* c = api.find_pvc(a.claim_template, a.ordinal);
  if (!c) return "";
  const rules::Concrete d;
  const auto x = claim_context(cfg, api, a.ordinal);
  const auto before = rules::to_flat(*c, 0);
  if (!rules::world::gc_claim_enabled(d, before, x)) return "";
  auto after = before;
  rules::world::gc_claim_effect(d, before, after, x, true);
  store_claim(api, c, after);
  const std::string name = cfg.controller.claim_name(a.claim_template, a.ordinal);
  const bool deleted = !after.exists || (after.terminating && !before.terminating);  // or protection holds it
  return (deleted ? "delete pvc " : "remove dangling owner refs from pvc ") + name;
}

Expected<void> Apply::operator()(const GcDelete& a) {
  const std::string line = gc_one(cfg, s, a);
  if (line.empty()) return not_applicable("nothing to collect");
  if (log) log->gc.push_back(line);
  return {};
}

}  // namespace

bool gc_applicable(const ModelConfig& cfg, const ClusterState& s, const GcDelete& a) {
  // The same cases as gc_one, in the same order, without the writes.
  const auto& api = s.api;
  if (a.kind == Dependent::kPod) {
    const Pod* p = api.find_pod(a.ordinal);
    return p && rules::world::pod_enabled(rules::Concrete{}, rules::kind_of<GcDelete>, rules::to_flat(*p),
                                          gc_context(api), 0);
  }
  const spec::Pvc* c = api.find_pvc(a.claim_template, a.ordinal);
  if (!c) return false;
  thread_local rules::FlatClaim<rules::Concrete> f(rules::Concrete{}, 0);  // asked for every claim of every state
  rules::to_flat(*c, 0, f);
  return rules::world::gc_claim_enabled(rules::Concrete{}, f, claim_context(cfg, api, a.ordinal));
}

// One sync of the controller: the rules' concrete instantiation (model/rules/sync.h) on a
// shape fitted to this state.
Expected<void> reconcile(const ModelConfig& cfg, ClusterState& s, StepLog* log, spec::WriteFaults* faults,
                         const Listers& listers) {
  const ClusterState& seen = listers.set ? *listers.set : s;
  if (!seen.api.set.exists) {  // the informer has no set to sync
    s.step_note.rejected = 0;
    return {};
  }
  const std::array<const ClusterState*, 4> views{listers.pods, listers.claims, listers.revisions, listers.set};
  const bool stale = std::any_of(views.begin(), views.end(), [](const ClusterState* v) { return v != nullptr; });
  const rules::Shape sh = rules::fitted_shape(cfg, s, views);
  auto flat = rules::to_flat(sh, s);
  STSMC_CHECK(flat.has_value());
  // Each stale lister's state in the same shape (made only when some lister is stale: the
  // engines' syncs take the fresh path, which allocates nothing more).
  std::vector<rules::FlatState<rules::Concrete>> flat_views;
  rules::detail::ListerView<rules::Concrete> lv;
  if (stale) {
    flat_views.reserve(views.size());
    for (std::size_t k = 0; k < views.size(); ++k) {
      if (!views[k]) continue;
      auto f = rules::to_flat(sh, *views[k]);
      STSMC_CHECK(f.has_value());
      flat_views.push_back(std::move(*f));
      const auto& v = flat_views.back();
      switch (kListerKinds[k]) {
        case ListerKind::kPods: lv.pods = &v.pods; break;
        case ListerKind::kClaims: lv.claims = &v.claims; break;
        case ListerKind::kRevisions: lv.revisions = &v.revisions; break;
        case ListerKind::kSet: lv.set = &v.set(); break;
      }
    }
  }
  bool overflow = false;
  // Without a log nothing is recorded: the engines' successors need the state only.
  spec::SyncResult r;
  rules::detail::Sync<rules::Concrete> sync(rules::Concrete{}, cfg, sh, *flat, log ? &r : nullptr, faults, lv);
  try {
    sync.run(&overflow);
  } catch (const SyncStopped&) {
    // A partial sync's step ends before its next attempt: the state keeps what it wrote so far.
  }
  // The fitted shape holds every ordinal but one: a pod past ordinal 2147483647, which only a
  // faulty controller (create-beyond-range) at the edge of int32 would create.
  if (overflow) return not_applicable("the sync would create a pod past ordinal 2147483647, the largest stsmc models");
  rules::from_flat(sh, *flat, s);
  std::uint8_t rejected = 0;
  for (std::size_t c = 0; c < spec::kWriteClasses; ++c)
    if (sync.rejected()[c]) rejected |= static_cast<std::uint8_t>(1u << c);
  s.step_note.rejected = rejected;
  if (log) log->sync = std::move(r);
  return {};
}

bool injectable(spec::ApiCode code, spec::Verb v) {
  return rules::detail::injectable(rules::Concrete{}, static_cast<std::int64_t>(code), v);
}

std::vector<spec::WriteAttempt> sync_write_attempts(const ModelConfig& cfg, const ClusterState& s) {
  ClusterState scratch = s;
  AttemptRecorder rec;
  (void)sync_through_caches(cfg, scratch, nullptr, &rec);
  return std::move(rec.attempts);
}

void write_error_actions(const ModelConfig& cfg, const ClusterState& s, std::vector<Action>& out) {
  if (s.in_flight) {  // which write comes next, only running the sync again tells
    out.push_back(WriteError{1, spec::ApiCode::kInternal});
    out.push_back(WriteError{1, spec::ApiCode::kConflict});
    return;
  }
  const auto attempts = sync_write_attempts(cfg, s);
  const std::size_t n = std::min<std::size_t>(attempts.size(), limits::kMaxWriteAttempt);
  for (std::size_t i = 0; i < n; ++i) {
    const auto attempt = static_cast<std::uint8_t>(i + 1);
    out.push_back(WriteError{attempt, spec::ApiCode::kInternal});
    if (injectable(spec::ApiCode::kConflict, attempts[i].verb)) out.push_back(WriteError{attempt, spec::ApiCode::kConflict});
  }
}

Expected<void> apply_action(const ModelConfig& cfg, ClusterState& s, const Action& a, StepLog* log) {
  ClusterState before = s;
  auto r = std::visit(Apply{cfg, s, log}, a);
  if (!r) s = std::move(before);
  else if (!s.caches.empty()) advance_caches(cfg, before, s);
  return r;
}

Expected<void> apply_action_or_discard(const ModelConfig& cfg, ClusterState& s, const Action& a) {
  // The state before the action is needed only to leave a lagging lister behind (and an
  // informer-lag starts one): with every lister up to date, nothing reads it.
  if (!s.caches.empty() || std::holds_alternative<InformerLag>(a)) return apply_action(cfg, s, a);
  return std::visit(Apply{cfg, s, nullptr}, a);
}

void gc_sweep(const ModelConfig& cfg, ClusterState& s, std::vector<std::string>* log) {
  // Name order: pods by name, then PVCs by name (string order, as the recorder lists them).
  std::vector<std::pair<std::string, GcDelete>> pods, pvcs;
  for (const auto& p : s.api.pods)
    pods.push_back({cfg.controller.pod_name(p.ordinal), GcDelete{Dependent::kPod, p.ordinal, 0}});
  for (const auto& c : s.api.pvcs)
    pvcs.push_back({cfg.controller.claim_name(c.claim_template, c.ordinal),
                    GcDelete{Dependent::kPvc, c.ordinal, c.claim_template}});
  std::sort(pods.begin(), pods.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::sort(pvcs.begin(), pvcs.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto* list : {&pods, &pvcs})
    for (const auto& [name, g] : *list) {
      std::string line = gc_one(cfg, s, g);
      if (!line.empty() && log) log->push_back(std::move(line));
    }
}

}  // namespace stsmc::model
