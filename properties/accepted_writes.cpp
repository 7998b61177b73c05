// creates-accepted, deletes-accepted, status-accepted: no sync fails on a write the API server
// rejects by its own rules (an object that exists, one that is gone, a status it refuses), only
// on failures the world injects (docs/checking.md, docs/faults.md "Stale reads"). Upstream 1.28
// breaks all three when it acts on informer caches that lag the server (recorded f13, f14, f16),
// status-accepted also when its rolling update deletes a pod it never counted, and
// creates-accepted also when it replaces a Failed pod that is already terminating: known
// upstream behaviour (properties/known_hits.cpp, uncounted_delete_note and replacement_note).
//
// Which of a sync's errors are such rejections is decided by the sync itself, over every domain
// (model/rules/sync_detail.h: Sync::rejected, spec::SyncResult::rejected), so bmc and prove judge
// these properties by the same rules (model/rules/properties.h, `violates`). The explicit judge
// reads the one sync through its log (model::apply_action with a StepLog) for the message.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "model/rules/properties.h"
#include "model/statefulset_model.h"
#include "properties/catalog.h"

namespace stsmc::properties {
namespace {

using State = model::ClusterState;

/// Why the API server's answer `e` (one of the sync's rejected errors: spec::SyncResult::rejected,
/// which model/rules/sync_detail.h decides) is its own, with upstream's reference.
std::string rejection(const model::ModelConfig& cfg, const spec::ApiError& e) {
  const std::string what = "the sync failed on `" + spec::error_message(cfg.controller, e) + "`: ";
  switch (e.kind) {
    case spec::ApiErrorKind::kPodNotFound:
      return what +
             "it deleted a pod the API server no longer has, and upstream 1.28 returns the NotFound and ends the "
             "sync; with a lagging pod lister every sync does until the lister catches up (a Parallel scale-down "
             "stalls on it: recorded f14; kubernetes PR #136812 counts the NotFound as done)";
    case spec::ApiErrorKind::kPodAlreadyExists:
      return what + "it created a pod of its own that the API server already has; upstream returns the "
                    "AlreadyExists as the sync's error (as in the recorded f13)";
    case spec::ApiErrorKind::kClaimTerminating:
    case spec::ApiErrorKind::kWriteFailed:
      break;
  }
  if (e.verb == spec::Verb::kUpdateStatus && e.code == spec::ApiCode::kInvalid)
    return what +
           "the API server rejects the status the controller counted (ValidateStatefulSetStatus: a negative "
           "counter, or one above status.replicas; recorded f16, where the real controller wrote "
           "status.currentReplicas -1; openshift/origin#17435)";
  return what + "the API server rejected the write by its own rules";
}

/// The log of the sync `a` from `s`, kept per thread for the three properties that read it about
/// one transition in a row (keyed by the model's instance, the state and the action: copies
/// compared field by field). Nothing when the action does not apply.
const spec::SyncResult* sync_log(const Model& m, const State& s, const model::Action& a) {
  struct Last {
    std::uint64_t model = 0;
    State s;
    std::optional<model::Action> a;
    std::optional<spec::SyncResult> log;
  };
  thread_local Last last;
  if (!(last.model == m.instance() && last.a && *last.a == a && last.s == s)) {
    last.model = m.instance();
    last.s = s;
    last.a = a;
    State t = s;
    model::StepLog log;
    last.log.reset();
    if (model::apply_action(m.config(), t, a, &log)) last.log = std::move(log.sync);
  }
  return last.log ? &*last.log : nullptr;
}

/// Which syncs are re-run to read their log: those whose step, as the target state recorded it
/// (model::StepNote, set by the sync that made `t`), had a write of class `c` rejected; every
/// sync when `t` carries no note (a copy, or a state from elsewhere). A rejected status write
/// stores nothing, so the status stays as it was. Creates and deletes get no such shortcut of
/// their own: upstream's controller makes a create the API server rejects with up-to-date
/// listers too (replacement_note below: bmc found it, where the explorer had once skipped every
/// sync on up-to-date listers).
bool may_violate(WriteClass c, const State& s, const model::Action& a, const State& t) {
  if (!model::is_sync(a)) return false;
  const std::uint8_t noted = t.step_note.rejected;
  if (noted != model::StepNote::kUnknown && !(noted >> static_cast<unsigned>(c) & 1u)) return false;
  if (c == WriteClass::kStatus) return s.api.set.status == t.api.set.status;
  return true;
}

/// A violation under a mutant is known upstream behaviour only where upstream's controller (the
/// model without its mutant) has a write of the same class rejected in the same step too.
bool upstream_rejects_too(WriteClass c, const Model& m, const State& s, const model::Action& a) {
  return &m.upstream() == &m || rejected_write(c, m.upstream(), s, a).has_value();
}

/// creates-accepted's own known upstream behaviour, on any listers: under 1.28's rule for
/// terminal pods (processReplica deletes a Failed or Succeeded pod and creates its replacement
/// in the same sync: spec::TerminalPodRule::kRecreateSameSync), a pod that was terminating
/// already (its node lost) stays after the delete, and the replacement's create gets
/// AlreadyExists. A mutant's step is known only where upstream's controller fails the same way.
std::string replacement_note(const Model& m, const State& s, const model::Action* a, const State&) {
  if (!a || m.config().controller.rules.terminal_pods != spec::TerminalPodRule::kRecreateSameSync) return "";
  const spec::SyncResult* log = sync_log(m, s, *a);
  if (!log) return "";
  const bool terminal_terminating = std::any_of(log->rejected.begin(), log->rejected.end(), [&](std::size_t i) {
    const spec::ApiError& e = log->errors[i];
    if (e.kind != spec::ApiErrorKind::kPodAlreadyExists) return false;
    const spec::Pod* p = s.api.find_pod(e.pod);
    return p && p->terminating && (p->phase == spec::PodPhase::kFailed || p->phase == spec::PodPhase::kSucceeded);
  });
  if (!terminal_terminating) return "";
  if (!upstream_rejects_too(WriteClass::kCreates, m, s, *a)) return "";
  return "known upstream behaviour: upstream 1.28's processReplica deletes a Failed or Succeeded pod and creates its "
         "replacement in the same sync; a pod already terminating (as on a lost node) stays after that "
         "delete, so the create gets AlreadyExists and the sync fails, every sync until the pod is gone (on a lost "
         "node: never, by design: kubernetes#54368/#74689). "
         "Later releases create the replacement on a later sync, once the old pod is gone (profile 1.33: "
         "terminal_pods recreate-next-sync)";
}

/// The sync from s to t deleted a pod at neither the current nor the update revision: a pod
/// that status.currentReplicas never counted, and for whose rolling-update delete upstream's
/// updateStatefulSet decrements it all the same. The current revision is status.currentRevision
/// when a revision of it exists, else the update revision (getStatefulSetRevisions), as when
/// the first status write failed and a template update followed.
bool deleted_uncounted_pod(const State& s, const State& t) {
  const spec::SetObject& set = s.api.set;
  const spec::TemplateId update = set.spec.pod_template;
  spec::TemplateId current = update;
  if (const auto c = set.status.current_revision)
    for (const auto& r : s.api.revisions)
      if (r.pod_template == *c) current = *c;
  return std::any_of(s.api.pods.begin(), s.api.pods.end(), [&](const spec::Pod& p) {
    if (p.terminating || p.revision == update || p.revision == current) return false;
    const spec::Pod* q = t.api.find_pod(p.ordinal);
    return !q || q->uid != p.uid || q->terminating;
  });
}

/// status-accepted's own known upstream behaviour, on any listers: the negative
/// status.currentReplicas of an uncounted pod's delete, which upstream's controller (the model
/// without its mutant) writes in the same step too.
std::string uncounted_delete_note(const Model& m, const State& s, const model::Action* a, const State& t) {
  // A sync in flight (a partial sync) made its delete in an earlier step: what it deleted is
  // judged from the start it counted from (its set as its set lister served it).
  State start;
  const State* from = &s;
  if (a && s.in_flight && model::is_sync(*a)) {
    start.api = s.in_flight->store;
    if (!s.in_flight->caches.set.empty()) start.api.set = s.in_flight->caches.set.front();
    from = &start;
  }
  if (!a || !deleted_uncounted_pod(*from, t)) return "";
  if (!upstream_rejects_too(WriteClass::kStatus, m, s, *a)) return "";
  return "known upstream behaviour: the rolling update deleted a pod at neither the current nor the update revision "
         "and decremented status.currentReplicas for it although it never counted it (updateStatefulSet; such a pod "
         "is left by two template switches in a row, or by a status.currentRevision that names no revision, as after "
         "a failed first status write, when the update revision is taken as the current one), and the API server "
         "rejects the negative count (ValidateStatefulSetStatus; the -1 of openshift/origin#17435 and of the recorded "
         "f16)";
}

Property accepted(WriteClass c, std::string id, std::string statement) {
  Property p;
  p.id = std::move(id);
  p.statement = std::move(statement);
  p.kind = checker::PropertyKind::kStep;
  p.step = [c](const Model& m, const State& s, const model::Action& a, const State& t) -> std::optional<std::string> {
    if (!may_violate(c, s, a, t)) return std::nullopt;
    return rejected_write(c, m, s, a);
  };
  if (c == WriteClass::kStatus) p.known_hit = uncounted_delete_note;
  if (c == WriteClass::kCreates) p.known_hit = replacement_note;
  return p;
}

}  // namespace

std::optional<std::string> rejected_write(WriteClass c, const Model& m, const State& s, const model::Action& a) {
  if (!model::is_sync(a)) return std::nullopt;
  const spec::SyncResult* log = sync_log(m, s, a);
  if (!log) return std::nullopt;
  for (const std::size_t i : log->rejected)
    if (spec::write_class(log->errors[i]) == c) return rejection(m.config(), log->errors[i]);
  return std::nullopt;
}

std::string prove_gap(const std::string& id) {
  const auto& ids = model::rules::unproved_by_default_ids();
  if (std::find(ids.begin(), ids.end(), id) == ids.end()) return "";
  return std::string(model::rules::kUnprovedByDefaultReason);
}

bool proved_by_default(const Property& p) {
  return p.kind != checker::PropertyKind::kLiveness && prove_gap(p.id).empty();
}

Property creates_accepted() {
  return accepted(WriteClass::kCreates, "creates-accepted",
                  "A sync fails on a create or update only when the world injected the failure: the controller "
                  "creates no pod of its own that the API server already has and updates no object the server no "
                  "longer has as it read it. Upstream 1.28 breaks it on informer caches that lag the server "
                  "(recorded f13), and when it replaces a Failed pod that is already terminating (on a lost node) "
                  "in the same sync: known upstream behaviour.");
}

Property deletes_accepted() {
  return accepted(WriteClass::kDeletes, "deletes-accepted",
                  "A sync fails on a delete only when the world injected the failure: the controller deletes no pod "
                  "the API server no longer has. Upstream 1.28 breaks it on a pod lister that lags the server, and "
                  "its scale-down then stalls until the lister catches up (recorded f14; kubernetes PR #136812): "
                  "known upstream behaviour under --faults stale-reads.");
}

Property status_accepted() {
  return accepted(WriteClass::kStatus, "status-accepted",
                  "Every status the controller writes passes the API server's validation (no negative counter, "
                  "none above status.replicas, availableReplicas at most readyReplicas). Upstream 1.28 breaks it "
                  "when its rolling update deletes a pod at neither the current nor the update revision (two "
                  "template switches in a row, or after a failed first status write) and on a revision lister that "
                  "lags the server (recorded f16): status.currentReplicas -1 (openshift/origin#17435), known "
                  "upstream behaviour.");
}

}  // namespace stsmc::properties
