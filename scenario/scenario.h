#pragma once
// Scripted scenarios for `stsmc run` (docs/scenarios.md): a YAML file naming a manifest and a
// list of steps (user actions, faults, `settle`, `sync`, holds, `wait`, `expect`), parsed with
// file:line:col locations.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/expected.h"
#include "model/action.h"
#include "spec/fail_writes.h"

namespace stsmc::scenario {

/// Where a value is in the scenario file.
struct Location {
  std::string file;
  int line = 1;
  int col = 1;
  /// Field path, e.g. "steps[3].scale.replicas" ("" for the document).
  std::string path;
  /// "file:line:col: path: message" (no "path: " when the path is empty).
  std::string format(std::string_view message) const;
};

/// A bad-input error (exit code 2) about the value at `at`.
Error error_at(const Location& at, std::string_view message);

/// A pod named in the scenario, resolved to an ordinal when the manifest is known.
struct PodName {
  std::string name;
  Location at;
};

/// `settle`: run the fair world (controller, kubelet, provisioner, GC) until nothing changes.
struct Settle {
  std::int32_t max_rounds = 100;
  /// `rounds: N`: after max_rounds rounds the step stops with a note; `max-rounds: N` (and the
  /// default) fails the run instead.
  bool stop_at_limit = false;
};

/// `sync`: exactly one controller sync, nothing else of the world; `fail-writes` injects API
/// errors into its writes (FORMAT-faults.md §2.2's rules; a failed write has no effect).
///
/// `sync: {writes: N}`: only the sync's next N write attempts (a partial sync, docs/faults.md):
/// the sync stays in flight after them if it has more, and the next `sync`, `settle` round or
/// `restart-controller` continues or abandons it. A plain `sync` while one is in flight makes
/// all of its remaining writes.
struct Sync {
  std::vector<spec::FailRule> fail_writes;
  std::vector<Location> fail_writes_at;  ///< each rule's place (its `name` when it has one)
  std::optional<std::int32_t> writes;    ///< `writes: N`, 1..limits::kMaxWriteAttempt
};

/// The steps that name a pod.
enum class PodOp : std::uint8_t { kDelete, kFail, kUnready, kNodeLost, kSucceed, kOrphan, kLabel };

/// `delete-pod`, `fail-pod`, `pod-unready`, `node-lost`, `succeed-pod`, `orphan-pod` or
/// `label-pod`.
struct PodStep {
  PodOp op = PodOp::kDelete;
  PodName pod;
  bool force = false;     ///< delete-pod only
  bool matching = true;   ///< label-pod only: the labels match the set's selector afterwards
};

/// The steps that name a claim.
enum class ClaimOp : std::uint8_t { kDelete, kOrphan };

/// `delete-pvc` (the user deletes a claim, kubectl delete pvc: model::DeletePvc) or `orphan-pvc`
/// (the user removes its owner references, kubectl patch pvc: model::OrphanPvc), on a claim
/// named `<template>-<set>-<ordinal>`.
struct ClaimStep {
  ClaimOp op = ClaimOp::kDelete;
  PodName claim;
};

/// `cordon` (on) and `uncordon` (off): the node is unschedulable. The scheduler binds no pod
/// while it lasts, so new pods stay Pending without a node (and, not scheduled, hold no claim
/// under PVC protection); pods already on the node run on.
struct Cordon {
  bool on = true;
};

/// `update-template`: a copy of the current pod template with container 0's image replaced.
struct UpdateImage {
  std::string image;
};

/// Conditions the fair world keeps up for a pod while they are held.
struct HoldSet {
  bool unready = false;      ///< the kubelet does not make the pod Ready
  bool pending = false;      ///< the kubelet does not start the pod (it stays Pending)
  bool terminating = false;  ///< a termination does not finish (as under a finalizer)
  bool any() const { return unready || pending || terminating; }
  friend bool operator==(const HoldSet&, const HoldSet&) = default;
};

/// `hold` (from now on, the fair world keeps the conditions up for the pod named) or `release`
/// (it stops; `what` all false on a release: every hold on the pod).
struct Hold {
  PodName pod;
  HoldSet what;
  bool release = false;
};

/// A name for a revision's identity (`revision-as: old`, `revision-is: old`): the
/// ControllerRevision itself, whatever number it has by then.
struct RevisionName {
  std::string name;
  Location at;
};

/// `hold: {clock: true}` (the fair world ages no pod: only `wait` moves time) or
/// `release: {clock: true}`.
struct ClockHold {
  bool hold = true;
};

/// `wait`: time passes; every Ready pod's Ready condition ages by `seconds` (minReadySeconds).
struct Wait {
  std::uint32_t seconds = 0;
};

/// What `expect.pods.NAME` requires of one pod (each field optional).
struct PodExpect {
  PodName pod;
  std::optional<bool> ready;
  std::optional<std::int64_t> revision;  ///< the revision number of the pod's revision
  std::optional<std::uint32_t> incarnation;
  std::optional<std::string> phase;  ///< Pending, Running, Succeeded or Failed
  std::optional<bool> terminating;
  std::optional<RevisionName> revision_as;  ///< names the pod's revision (its identity)
  std::optional<RevisionName> revision_is;  ///< the pod's revision is the one named before
  std::optional<std::string> image;         ///< the image of container 0 of the pod's template
  std::optional<bool> available;            ///< Ready for minReadySeconds (podutil.IsPodAvailable)
  std::optional<bool> controlled;           ///< its controller owner reference names the set
};

/// What `expect.status` requires of the StatefulSet's status (each field optional). Revisions
/// are revision numbers, as the pod table and `kubectl rollout history` show them.
struct StatusExpect {
  std::optional<std::int64_t> replicas;
  std::optional<std::int64_t> ready_replicas;
  std::optional<std::int64_t> available_replicas;
  std::optional<std::int64_t> current_replicas;
  std::optional<std::int64_t> updated_replicas;
  std::optional<std::int64_t> current_revision;
  std::optional<std::int64_t> update_revision;
  std::optional<std::int64_t> observed_generation;
  std::optional<RevisionName> current_revision_as;  ///< `currentRevision-as`: names it
  std::optional<RevisionName> current_revision_is;  ///< `currentRevision-is`: is the one named
  std::optional<RevisionName> update_revision_as;
  std::optional<RevisionName> update_revision_is;
};

/// `expect.events`: the act's pod events ("create NAME" / "delete NAME"), matched in up to
/// three ways at once.
struct EventsExpect {
  /// The list as written, or `exactly:`: all of the act's events, in this order.
  std::optional<std::vector<std::string>> exactly;
  /// `contains-in-order:` a subsequence: these in this order, other events allowed between.
  std::optional<std::vector<std::string>> in_order;
  /// `same-sync:` groups; each group's events were all recorded by one controller sync.
  std::vector<std::vector<std::string>> same_sync;
};

/// `expect.sync`: what the last controller sync (of a `sync` step or a `settle` round) returned
/// and which writes it attempted.
struct SyncExpect {
  /// "none" (it returned no error), "any" (it returned one), or an API reason one of its errors
  /// carries (upstream's isOrHasInternalError for "InternalError").
  std::optional<std::string> error;
  /// "VERB RESOURCE" (FORMAT-faults.md's names, e.g. "delete pods") -> its attempts in that
  /// sync, failed ones and retries included (upstream's fake request trackers).
  std::vector<std::pair<std::string, std::int64_t>> writes;
};

/// `expect`: checks on the state and on the pod events of the current act.
struct Expect {
  std::vector<PodExpect> pods;       ///< listed pods exist and match
  std::vector<PodName> absent_pods;  ///< these pods do not exist
  std::optional<std::vector<std::string>> pvcs;  ///< the exact set of PVC names
  std::vector<std::string> same_pvc;  ///< PVCs that still have their first-seen incarnation
  std::optional<std::vector<std::string>> dns;     ///< the exact set of pod DNS names
  std::optional<EventsExpect> events;              ///< the act's pod events
  std::optional<StatusExpect> status;              ///< the set's status fields given
  /// `pvc-owners`: claim name -> its exact owner references, "StatefulSet NAME" / "Pod NAME".
  std::vector<std::pair<std::string, std::vector<std::string>>> pvc_owners;
  std::optional<SyncExpect> sync;  ///< the last controller sync's result
};

/// Direct user actions (scale, set-partition, ...) are model Actions as they are.
using StepBody = std::variant<Settle, Sync, model::Action, PodStep, UpdateImage, Expect, Hold, ClockHold, Wait,
                              ClaimStep, Cordon>;

/// One entry of `steps`.
struct Step {
  std::string kind;  ///< the step's key, e.g. "scale"
  Location at;       ///< the key's place; path "steps[i]"
  std::string args;  ///< the arguments as written, in YAML flow style (for messages)
  StepBody body;
};

/// A parsed scenario file.
struct Scenario {
  std::string source;     ///< the scenario file as named
  std::string manifest;   ///< resolved against the scenario's folder
  Location manifest_at;
  std::optional<std::string> kubernetes;
  Location kubernetes_at;
  std::string feature_gates;  ///< "Name=true,Other=false"
  Location feature_gates_at;
  std::vector<Step> steps;
};

/// Parses scenario text; `source` names the file in messages and anchors the manifest path.
Expected<Scenario> parse_scenario(std::string_view text, const std::string& source);

/// Reads and parses the scenario at `path`.
Expected<Scenario> load_scenario_file(const std::string& path);

/// One line for people, e.g. "scale replicas=5" or "delete-pod myapp-1 force=false".
std::string describe(const Step& step);

}  // namespace stsmc::scenario
