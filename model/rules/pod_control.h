#pragma once
// The pod and claim writes of one sync (ClaimPods's adoption and release; upstream
// stateful_pod_control.go: CreateStatefulPod, UpdateStatefulPod, DeleteStatefulPod, the claims'
// creation and owner references under the retention policy), as members of
// rules::detail::Sync (model/rules/sync_detail.h, which declares them and includes this file at
// its end). Every write is an attempt: it may get the error a spec::WriteFaults injects, or the
// store's own (AlreadyExists, NotFound).
#include "model/rules/sync_detail.h"
#include "model/rules/world.h"

namespace stsmc::model::rules::detail {

// --- the pods of the sync ---
// ClaimPods (pkg/controller/controller_ref_manager.go: ClaimObject on each listed pod, the
// set's selector as the match; sync → getPodsForStatefulSet): an orphan whose labels match and
// that is not terminating is adopted (AdoptPod), a pod the set controls whose labels no longer
// match is released (ReleasePod); both are patches that carry the pod's UID as a precondition,
// so a pod re-created under the name since the lister saw it gets Conflict. NotFound is ignored
// (the pod is not claimed); any other error is the sync's, returned after every pod was tried.
// The snapshot keeps only the claimed pods: those are the sync's pods. Returns "no error".
template <class D>
auto Sync<D>::claim_pods(const B& g) -> B {
  B ok = tt();
  for (int o = 0; o < n_; ++o) {
    auto& v = snap_[at(o)];
    // CanAdopt (RecheckDeletionTimestamp) reads the set afresh: with the set gone from the
    // store, a stale set lister's sync gets NotFound there, which ClaimObject ignores.
    const B orphan = g && v.exists && !v.controlled && !v.unlabeled && !v.terminating && s_.set_exists;
    const B adopt = fault_ == Fault::kNoAdoption ? ff() : orphan;  // mutant
    const B release = g && v.exists && v.controlled && v.unlabeled;
    const B patched = adopt || release;
    const B owned = v.exists && v.controlled && !v.unlabeled;
    if (skipped(patched)) {
      v.exists = owned;
      continue;
    }
    auto& p = s_.pods[at(o)];
    const I inj = injected(patched, spec::Verb::kUpdate, spec::Resource::kPods, o);
    const I code = update_answer(inj, p.exists, p.uid != v.uid, kConflict);
    wrote(patched, spec::Verb::kUpdate, spec::Resource::kPods, o, 0, code, inj);
    const B done = patched && code == num(kNoError);
    const B err = patched && code != num(kNoError) && code != num(kNotFound);
    sync_error(err, spec::Verb::kUpdate, spec::Resource::kPods, code, inj == num(kNoError), o);
    p.controlled = ite(done, adopt, p.controlled);
    ok = ok && !err;
    v.exists = ite(patched, done && adopt, owned);
  }
  return ok;
}

// --- pod writes (upstream stateful_pod_control.go) ---
// The API server's delete of pod o by name (no UID precondition upstream) under guard g;
// returns its error code: the injected one, else NotFound when the store has no such pod.
template <class D>
auto Sync<D>::api_delete_pod(int o, const B& g) -> I {
  if (skipped(g)) return num(kNoError);
  auto& p = s_.pods[at(o)];
  const I inj = injected(g, spec::Verb::kDelete, spec::Resource::kPods, o);
  const I code = by_name_answer(inj, p.exists);
  wrote(g, spec::Verb::kDelete, spec::Resource::kPods, o, 0, code, inj);
  const B err = g && code != num(kNoError);
  fail(err && inj == num(kNoError), spec::ApiErrorKind::kPodNotFound, tt(), o);
  fail_write(err && inj != num(kNoError), spec::Verb::kDelete, spec::Resource::kPods, code, inj == num(kNoError), o);
  const FlatPod<D> before = p;  // the API server's delete, as the user's (model/rules/world.h)
  world::delete_pod(d_, before, p, g && !err, ff());
  return code;
}

// DeleteStatefulPod: its event (success or failure) always; returns the error code.
template <class D>
auto Sync<D>::delete_stateful_pod(int o, const B& g) -> I {
  if (skipped(g)) return num(kNoError);
  const I code = api_delete_pod(o, g);
  const B err = code != num(kNoError);
  event(g && !err, spec::EventKind::kDeletePod, o);
  event(g && err, spec::EventKind::kFailedDeletePod, o);
  return code;
}

// CreateStatefulPod for the view `v` of ordinal o: the claims first (any failure: the pod's
// FailedCreate, no pod); the pod (AlreadyExists is returned with no event); under
// StatefulSetAutoDeletePVC the claims' owner refs, also after another create error (a failure
// there is the pod's FailedUpdate and the error); then the create event, success or failure.
template <class D>
auto Sync<D>::create_stateful_pod(int o, const View& v, const B& g) -> B {
  if (skipped(g)) return ff();
  const B claim_err = create_claims(o, g);
  event(claim_err, spec::EventKind::kFailedCreatePod, o);
  const B g2 = fault_ == Fault::kClaimErrorCreatesPod ? g : g && !claim_err;  // mutant
  auto& p = s_.pods[at(o)];
  const I inj = injected(g2, spec::Verb::kCreate, spec::Resource::kPods, o);
  const I code = create_answer(inj, p.exists);
  wrote(g2, spec::Verb::kCreate, spec::Resource::kPods, o, 0, code, inj);
  const B exists_err = g2 && code == num(kAlreadyExists);  // no event
  // The controller could not have known of a pod outside the set (it lists only its own): the stall
  // of a released pod (docs/model.md), not a write it should not have made.
  fail(exists_err && inj == num(kNoError), spec::ApiErrorKind::kPodAlreadyExists, p.controlled && !p.unlabeled, o);
  const B other_err = g2 && code != num(kNoError) && !exists_err;
  fail_write((exists_err && inj != num(kNoError)) || other_err, spec::Verb::kCreate, spec::Resource::kPods, code,
             inj == num(kNoError), o);
  const B mk = g2 && code == num(kNoError);
  auto& counter = s_.pod_uid_counters[at(o)];
  const I uid = counter + num(1);
  counter = ite(mk, uid, counter);
  p.exists = p.exists || mk;
  p.uid = ite(mk, uid, p.uid);
  p.phase = ite(mk, num(kPending), p.phase);
  p.ready = p.ready && !mk;
  p.ready_seconds = ite(mk, num(0), p.ready_seconds);
  p.terminating = p.terminating && !mk;
  p.revision = ite(mk, v.revision, p.revision);
  p.node_bound = ite(mk, d_.lit(cfg_.auto_schedule), p.node_bound);
  p.controlled = p.controlled || mk;
  p.node_lost = p.node_lost && !mk;
  p.unlabeled = p.unlabeled && !mk;
  p.identity = ite(mk, fault_ == Fault::kWrongIdentity ? ord(o) + num(1) : v.identity, p.identity);  // mutant
  // Owner refs are stamped from the object the controller sent (the placeholder's UID).
  B refs_err = ff();
  if (auto_delete_) {
    refs_err = update_claims_for_retention_policy(o, v.uid, mk || other_err) != num(kNoError);
    event(refs_err, spec::EventKind::kFailedUpdatePod, o);
  }
  event(mk && !refs_err, spec::EventKind::kCreatePod, o);
  event(other_err && !refs_err, spec::EventKind::kFailedCreatePod, o);
  return claim_err || exists_err || other_err || refs_err;
}

// UpdateStatefulPod: identity (with storage: missing claims) and claim owner refs, then the
// pod's update; the whole is retried while it gets Conflict (retry.RetryOnConflict with
// DefaultBackoff: a claim update's Conflict counts too, wrapped with %w). One update event
// (success or failure) if the pod's update was tried.
template <class D>
auto Sync<D>::update_stateful_pod(int o, const View& v, const B& g) -> B {
  if (skipped(g)) return ff();
  B pending = g, tried = ff(), err = ff();
  for (int k = 0; k < attempts(4); ++k) {
    const auto [e, conflict, wrote_pod] = update_stateful_pod_once(o, v, pending);
    tried = tried || wrote_pod;
    err = ite(pending, e, err);
    pending = pending && conflict;
  }
  event(tried && !err, spec::EventKind::kUpdatePod, o);
  event(tried && err, spec::EventKind::kFailedUpdatePod, o);
  return err;
}

// One attempt of UpdateStatefulPod's closure: (error, the error is a Conflict, the pod's update
// was tried).
template <class D>
auto Sync<D>::update_stateful_pod_once(int o, const View& v, const B& g) -> std::tuple<B, B, B> {
  if (skipped(g)) return {ff(), ff(), ff()};
  const B wrong_identity = v.identity != ord(o);
  const B claim_err = create_claims(o, g && wrong_identity);
  event(claim_err, spec::EventKind::kFailedUpdatePod, o);
  const B g2 = g && !claim_err;
  B changed = wrong_identity, refs_conflict = ff(), refs_err = ff();
  if (auto_delete_) {
    const B mismatch = !claims_match_retention_policy(o, v.uid);
    const I rc = update_claims_for_retention_policy(o, v.uid, g2 && mismatch);
    refs_err = g2 && rc != num(kNoError);
    refs_conflict = refs_err && rc == num(kConflict);
    event(refs_err, spec::EventKind::kFailedUpdatePod, o);
    changed = changed || mismatch;
  }
  const B write = g2 && !refs_err && changed;
  // The API server's update: NotFound without the pod, Conflict for another UID (neither can
  // happen on a fresh view: nothing in this sync deleted or created this ordinal).
  auto& p = s_.pods[at(o)];
  const I inj = injected(write, spec::Verb::kUpdate, spec::Resource::kPods, o);
  const I code = update_answer(inj, p.exists, p.uid != v.uid, kConflict);
  wrote(write, spec::Verb::kUpdate, spec::Resource::kPods, o, 0, code, inj);
  const B write_err = write && code != num(kNoError);
  fail_write(write_err, spec::Verb::kUpdate, spec::Resource::kPods, code, inj == num(kNoError), o);
  p.identity = ite(write && !write_err, ord(o), p.identity);
  return {claim_err || refs_err || write_err, refs_conflict || (write_err && code == num(kConflict)), write};
}

// createMissingPersistentVolumeClaims, then the owner refs (a failure there: the pod's
// FailedUpdate and the error).
template <class D>
auto Sync<D>::create_missing_claims(int o, const View& v, const B& g) -> B {
  if (skipped(g)) return ff();
  const B err = create_claims(o, g);
  if (!auto_delete_) return err;
  const B refs_err = update_claims_for_retention_policy(o, v.uid, g && !err) != num(kNoError);
  event(refs_err, spec::EventKind::kFailedUpdatePod, o);
  return err || refs_err;
}

// createPersistentVolumeClaims for ordinal o: every missing claim is created (its event,
// success or failure, except for AlreadyExists); an existing terminating one, or a failed
// create, is the error.
template <class D>
auto Sync<D>::create_claims(int o, const B& g) -> B {
  if (skipped(g)) return ff();
  B err = ff();
  for (int t = 0; t < claim_templates_; ++t) {
    const B listed = claim(t, o).exists, listed_terminating = claim(t, o).terminating;
    auto& c = stored_claim(t, o);
    err = err || (listed && listed_terminating);
    fail(g && listed && listed_terminating, spec::ApiErrorKind::kClaimTerminating, ff(), o, t);
    const B want = g && !listed;
    const I inj = injected(want, spec::Verb::kCreate, spec::Resource::kClaims, o, t);
    const I code = create_answer(inj, c.exists);
    wrote(want, spec::Verb::kCreate, spec::Resource::kClaims, o, t, code, inj);
    const B failed = want && code != num(kNoError);
    fail_write(failed, spec::Verb::kCreate, spec::Resource::kClaims, code, inj == num(kNoError), o, t);
    event(failed && code != num(kAlreadyExists), spec::EventKind::kFailedCreateClaim, o, t);
    err = err || failed;
    const B mk = want && !failed;
    event(mk, spec::EventKind::kCreateClaim, o, t);
    auto& counter = s_.claim_uid_counters[at(sh_.claim_index(t, o))];
    const I uid = counter + num(1);
    counter = ite(mk, uid, counter);
    c.exists = c.exists || mk;
    c.uid = ite(mk, uid, c.uid);
    c.bound = ite(mk, d_.lit(cfg_.instant_binding), c.bound);
    c.terminating = c.terminating && !mk;
    for (auto& r : c.refs) {
      r.used = r.used && !mk;
      r.pod = r.pod && !mk;
      r.uid = ite(mk, num(0), r.uid);
    }
  }
  return g && err;
}

template <class D>
auto Sync<D>::has_set_ref(const FlatClaim<D>& c) const -> B {
  B any = ff();
  for (const auto& r : c.refs) any = any || (r.used && !r.pod);
  return any;
}

// A pod ref in the flat form names the claim's own ordinal: the UID decides.
template <class D>
auto Sync<D>::has_pod_ref(const FlatClaim<D>& c, const I& uid) const -> B {
  B any = ff();
  for (const auto& r : c.refs) any = any || (r.used && r.pod && r.uid == uid);
  return any;
}

template <class D>
auto Sync<D>::scaled_down(int o) const -> B {
  if (fault_ == Fault::kPodRefInRange) return tt();  // mutant
  if (rules_.scaled_down_uses_range) return !in_range_[at(o)];
  return ord(o) >= set_.replicas;
}

// claimOwnerMatchesSetAndPod
template <class D>
auto Sync<D>::claim_matches(const FlatClaim<D>& c, int o, const I& uid) const -> B {
  const B set_ref = has_set_ref(c), pod_ref = has_pod_ref(c, uid);
  const B down = scaled_down(o);
  const B both = fault_ == Fault::kSetRefUnderRetain ? set_ref && !pod_ref : !set_ref && !pod_ref;  // mutant
  return ite(retain_scaled_, ite(retain_deleted_, both, set_ref && !pod_ref),
             ite(retain_deleted_, !set_ref && down == pod_ref, down != set_ref && down == pod_ref));
}

template <class D>
auto Sync<D>::claims_match_retention_policy(int o, const I& uid) -> B {
  B all = tt();
  for (int t = 0; t < claim_templates_; ++t) {
    const auto& c = claim(t, o);
    all = all && (!c.exists || claim_matches(c, o, uid));
  }
  return all;
}

// UpdatePodClaimForRetentionPolicy: each claim's refs in template order; the first failed
// update ends it. Returns its error code.
template <class D>
auto Sync<D>::update_claims_for_retention_policy(int o, const I& uid, const B& g) -> I {
  I code = num(kNoError);
  for (int t = 0; t < claim_templates_; ++t) {
    const auto& c = claim(t, o);
    const I e = update_claim_refs(c, o, t, uid, g && code == num(kNoError) && c.exists && !claim_matches(c, o, uid));
    code = ite(code == num(kNoError), e, code);
  }
  return code;
}

// PodClaimIsStale: under whenScaled=Delete a claim has a ref to a pod of this name with
// another UID.
template <class D>
auto Sync<D>::pod_claim_is_stale(int o, const I& uid) -> B {
  if (fault_ == Fault::kIgnoreStaleClaims) return ff();  // mutant
  B stale = ff();
  for (int t = 0; t < claim_templates_; ++t) {
    const auto& c = claim(t, o);
    for (const auto& r : c.refs) stale = stale || (c.exists && r.used && r.pod && r.uid != uid);
  }
  return !retain_scaled_ && stale;
}

// updateClaimOwnerRefForSetAndPod under guard g, as one filter-then-append step:
//   Retain/Retain: remove set and pod refs (fault kSetRefUnderRetain: add the set ref)
//   whenScaled Retain, whenDeleted Delete: add the set ref, remove pod refs
//   whenScaled Delete: remove the set ref if whenDeleted is Retain or scaled down, add it
//     otherwise; add the pod ref if scaled down, remove it otherwise.
// The write happens only when the refs change (needsUpdate); returns its error code.
// `c` is the claim as listed; the update sends it with the new refs to the store (no
// resourceVersion precondition upstream): NotFound without a stored claim, Conflict when the
// stored one has another UID.
template <class D>
auto Sync<D>::update_claim_refs(const FlatClaim<D>& listed, int o, int t, const I& uid, const B& g) -> I {
  if (skipped(g)) return num(kNoError);
  // With a fresh claims lister `listed` is the stored claim itself: it is read up to the final
  // writes only.
  const FlatClaim<D>& c = listed;
  const B down = scaled_down(o);
  const bool set_under_retain = fault_ == Fault::kSetRefUnderRetain;  // mutant
  const B both_rm = set_under_retain ? ff() : tt();
  const B rm_set = ite(retain_scaled_, ite(retain_deleted_, both_rm, ff()), retain_deleted_ || down);
  const B rm_pod = ite(retain_scaled_, ite(retain_deleted_, both_rm, tt()), !down);
  const B add_set = ite(retain_scaled_, ite(retain_deleted_, set_under_retain ? tt() : ff(), tt()),
                        !retain_deleted_ && !down);
  const B add_pod = !retain_scaled_ && down;
  const B app_set = add_set && !has_set_ref(c);
  const B app_pod = add_pod && !has_pod_ref(c, uid);
  const B app = app_set || app_pod;

  const std::size_t k = c.refs.size();
  Slots<B> keep;
  Slots<I> kept_before;
  I kept = num(0);
  for (const auto& r : c.refs) {
    keep.push_back(r.used && !((rm_set && !r.pod) || (rm_pod && r.pod && r.uid == uid)));
    kept_before.push_back(kept);
    kept = kept + count(keep.back());
  }
  overflow_ = overflow_ || (g && app && kept >= num(static_cast<std::int64_t>(k)));
  Slots<FlatRef<D>> next;
  for (std::size_t j = 0; j < k; ++j) {
    FlatRef<D> n(d_);
    for (std::size_t i = j; i < k; ++i) {  // compaction: slot j takes the kept ref with j before it
      const B take = keep[i] && kept_before[i] == num(static_cast<std::int64_t>(j));
      n.used = n.used || take;
      n.pod = n.pod || (take && c.refs[i].pod);
      n.uid = ite(take, c.refs[i].uid, n.uid);
    }
    const B put = app && kept == num(static_cast<std::int64_t>(j));  // append at the first unused slot
    n.used = n.used || put;
    n.pod = n.pod || (put && app_pod);
    n.uid = ite(put && app_pod, uid, n.uid);
    next.push_back(n);
  }
  B changes = ff();
  for (std::size_t j = 0; j < k; ++j) {
    const auto& r = c.refs[j];
    changes = changes || r.used != next[j].used || (next[j].used && (r.pod != next[j].pod || r.uid != next[j].uid));
  }
  const B write = g && changes;
  auto& stored = stored_claim(t, o);
  const I inj = injected(write, spec::Verb::kUpdate, spec::Resource::kClaims, o, t);
  const I code = update_answer(inj, stored.exists, stored.uid != c.uid, kConflict);
  wrote(write, spec::Verb::kUpdate, spec::Resource::kClaims, o, t, code, inj);
  const B failed = write && code != num(kNoError);
  fail_write(failed, spec::Verb::kUpdate, spec::Resource::kClaims, code, inj == num(kNoError), o, t);
  const B apply = g && !failed && stored.exists;
  for (std::size_t j = 0; j < k; ++j) {
    auto& r = stored.refs[j];
    r.used = ite(apply, next[j].used, r.used);
    r.pod = ite(apply, next[j].pod, r.pod);
    r.uid = ite(apply, next[j].uid, r.uid);
  }
  return ite(failed, code, num(kNoError));
}

}  // namespace stsmc::model::rules::detail
