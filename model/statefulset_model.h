#pragma once
// The closed world of one StatefulSet: its configuration (from a manifest, a rule profile and
// feature gates), its initial state, and the transition function for every Action.
#include <string>
#include <vector>

#include "core/expected.h"
#include "model/action.h"
#include "model/bounds.h"
#include "model/cluster_state.h"
#include "spec/controller_config.h"
#include "spec/events.h"
#include "spec/stateful_set.h"

namespace stsmc::model {

/// Everything fixed for a run.
struct ModelConfig {
  spec::ControllerConfig controller;
  /// The set's spec when the run starts (after the API server's defaulting).
  spec::SetSpec initial_spec;
  Budgets budgets{};
  /// Bounds of exhaustive runs (value ranges of user actions); budgets above come from here.
  Bounds bounds{};
  /// Templates whose pods crash-loop: Running but never Ready.
  std::vector<spec::TemplateId> broken_templates;
  /// PVC protection: a deleted PVC still used by a pod stays terminating until the pod is gone.
  bool pvc_protection = false;
  /// The API server validates a status write (ValidateStatefulSetStatus): a negative counter, or
  /// one above status.replicas, or availableReplicas above readyReplicas, is Invalid and nothing
  /// is stored. The harness that recorded the conformance traces stores any status, so
  /// conformance replays with this off (docs/faults.md).
  bool status_validation = true;
};

/// What one step did besides changing the state (for conformance and scenario output).
struct StepLog {
  spec::SyncResult sync;
  /// Garbage-collector actions, e.g. "delete pvc data-web-2".
  std::vector<std::string> gc;
};

/// Builds a config from a loaded manifest under a profile and gates. Template 0 is the
/// manifest's pod template; more templates are added with add_template().
ModelConfig make_config(const spec::Manifest& manifest, const spec::Rules& rules,
                        const spec::FeatureGates& gates);

/// The id of `t` in the config's template table, adding it if new.
spec::TemplateId add_template(ModelConfig& cfg, const spec::PodTemplate& t);

/// How many ordinals from `start` the controller creates for `replicas`: one more under the
/// create-beyond-range mutant. Callers compare with limits::ordinals_fit.
std::int64_t ordinals_reached(const spec::Rules& rules, std::int64_t replicas);

/// Applies the API server's defaulting of updateStrategy under the config's gates.
void default_update_strategy(const ModelConfig& cfg, spec::UpdateStrategy& us);

/// The state before anything happened: the set exists (generation 1, empty status), no pods.
ClusterState initial_state(const ModelConfig& cfg);

/// Applies `a`. When the action cannot be applied (pod not found, partition under OnDelete, ...)
/// the state is left unchanged and the error says why. Budgets are not charged here.
Expected<void> apply_action(const ModelConfig& cfg, ClusterState& s, const Action& a, StepLog* log = nullptr);

/// apply_action for a caller that throws `s` away when the action cannot be applied (the
/// checking model's successors, validate's search): `s` is then left in an unspecified state,
/// and in exchange no copy of it is kept to restore it from: that copy cost the explorer 5-10 %
/// of its time (docs/performance.md, "No rollback copy per successor").
Expected<void> apply_action_or_discard(const ModelConfig& cfg, ClusterState& s, const Action& a);

/// What the controller's listers serve when their informers lag the API server: per kind, an
/// older state whose objects of that kind the lister lists; null for a lister that is up to date
/// (it sees the controller's own writes at once).
struct Listers {
  const ClusterState* pods = nullptr;
  const ClusterState* claims = nullptr;
  const ClusterState* revisions = nullptr;
  const ClusterState* set = nullptr;
};

/// Thrown by a spec::WriteFaults at a write attempt to end the sync there, before the attempt
/// (a partial sync, model/partial_sync.h): reconcile() keeps what the sync wrote until then.
struct SyncStopped {};

/// One sync (the Reconcile action) whose write attempts get the errors `faults` chooses (none
/// when null; a failed write leaves the store unchanged), reading through `listers`. Writes go to
/// `s` with the API server's semantics (AlreadyExists, NotFound, Conflict on another UID).
Expected<void> reconcile(const ModelConfig& cfg, ClusterState& s, StepLog* log, spec::WriteFaults* faults,
                         const Listers& listers = {});

/// Older versions of each kind's objects for a sync to read (the undelivered versions of
/// model::Caches, or validate's stale views); null: that lister is up to date.
struct ListerVersions {
  const spec::InlineVector<spec::Pod, 4>* pods = nullptr;
  const spec::InlineVector<spec::Pvc, 8>* claims = nullptr;
  const spec::InlineVector<spec::Revision, 4>* revisions = nullptr;
  const spec::SetObject* set = nullptr;
};

/// reconcile() with each lister in `versions` serving that version of its kind: a view that is
/// `s` with that kind's objects replaced.
Expected<void> sync_reading(const ModelConfig& cfg, ClusterState& s, StepLog* log, spec::WriteFaults* faults,
                            const ListerVersions& versions);

/// The write attempts one sync makes in `s` with no injected error, in the controller's order:
/// what a WriteError fault can hit (verb, resource and object; `error` is not filled in).
std::vector<spec::WriteAttempt> sync_write_attempts(const ModelConfig& cfg, const ClusterState& s);

/// True when a WriteError may give `code` to an attempt with verb `v`: InternalError to any,
/// Conflict to an update (rules::detail::injectable, the rule over any domain).
bool injectable(spec::ApiCode code, spec::Verb v);

/// Appends every WriteError a sync in `s` can have: each attempt it would make (up to
/// limits::kMaxWriteAttempt) with InternalError, and an update also with Conflict; with a sync
/// in flight, its next attempt (1) with either (fail_next_write refuses a Conflict on what is
/// not an update). What the checking model offers with a write-error budget, and validate's
/// search with --faults.
void write_error_actions(const ModelConfig& cfg, const ClusterState& s, std::vector<Action>& out);

/// True when the lister of `kind` lags (its informer stopped delivering: InformerLag), even if
/// nothing has been written since.
bool cache_lagging(const ClusterState& s, ListerKind kind);

/// How many writes of `kind` its lister is behind the API server (0 when up to date).
int cache_lag(const ClusterState& s, ListerKind kind);

/// The error of an action that cannot be taken in a state (kBadInput: a trace that asks for it
/// is bad input, and the checking model never offers it).
Error not_applicable(std::string what);

/// One pass of the garbage collector over every dependent, in name order (pods, then PVCs).
void gc_sweep(const ModelConfig& cfg, ClusterState& s, std::vector<std::string>* log);

/// True when the garbage collector has something to do for the dependent `a` names: exactly
/// when apply_action(cfg, s, a) would succeed, without copying the state (the checking model
/// asks this for every pod and claim in every state).
bool gc_applicable(const ModelConfig& cfg, const ClusterState& s, const GcDelete& a);

}  // namespace stsmc::model
