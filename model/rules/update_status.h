#pragma once
// The end of one sync (upstream stateful_set_control.go, updateStatefulSet's rolling update, then
// updateStatefulSetStatus with completeRollingUpdate), as members of rules::detail::Sync
// (model/rules/sync_detail.h, which declares them and includes this file at its end): which
// outdated pods the update deletes, the status the sync counts from its views, and the status
// write with the API server's validation. Every write is an attempt that may fail
// (model/rules/pod_control.h says how).
#include "model/rules/sync_detail.h"

namespace stsmc::model::rules::detail {

// Legacy: delete the highest outdated pod at or above the partition, waiting for each one.
template <class D>
void Sync<D>::rolling_update(const B& alive, I& current) {
  const I lo = update_min();
  B active = alive;
  for (int o = n_ - 1; o >= 0; --o) {
    const View& v = view_[at(o)];
    const B en = active && is_replica_[at(o)] && ord(o) - start_ >= lo;
    const B del = en && outdated(v);
    // NotFound is ignored (the decrement happens anyway); any other error is returned, with
    // the status still written.
    const I code = delete_stateful_pod(o, del);
    const B failed = del && code != num(kNoError) && code != num(kNotFound);
    // A delete's one error from the store, NotFound, is not returned: this one was injected.
    sync_error(failed, spec::Verb::kDelete, spec::Resource::kPods, code, ff(), o);
    current = current - count(del && !failed);
    if (fault_ == Fault::kUpdateDeleteErrorContinues) active = active && !(del && !failed);  // mutant
    else active = active && !del;
    if (fault_ != Fault::kNoWaitOnUpdate) active = active && !(en && !healthy(v));  // mutant
  }
}

template <class D>
void Sync<D>::rolling_update_max_unavailable(const B& alive, I& current) {
  const I lo = update_min();
  const I mu = ite(set_.has_max_unavailable, set_.max_unavailable, num(1));
  const B percent = set_.has_max_unavailable && set_.max_unavailable_percent;
  const I scaled = ite(percent, d_.div(mu * set_.replicas, 100), mu);
  const I max_unavailable = ite(set_.has_partition, d_.max(num(1), scaled), num(1));
  I unavailable = num(0);
  Slots<B> member, stale, ok;
  for (int o = 0; o < n_; ++o) {
    const View& v = view_[at(o)];
    ok.push_back(healthy(v));
    unavailable = unavailable + count(is_replica_[at(o)] && !ok.back());
    member.push_back(is_replica_[at(o)] && ord(o) - start_ >= lo);
    stale.push_back(outdated(v));
  }
  B failed = ff();  // NotFound is ignored; the first other error returns
  const auto remove = [&](int o, const B& want) {
    const B g = want && !failed;
    const I code = delete_stateful_pod(o, g);
    const B f = g && code != num(kNoError) && code != num(kNotFound);
    sync_error(f, spec::Verb::kDelete, spec::Resource::kPods, code, ff(), o);  // (as in rolling_update)
    failed = failed || f;
    current = current - count(g && !f);
    return g && !f;
  };
  if (rules_.max_unavailable == spec::MaxUnavailableRule::kTwoPhase && !monotonic_) {
    I unavailable_outdated = num(0);
    for (int o = 0; o < n_; ++o) unavailable_outdated = unavailable_outdated + count(member[at(o)] && stale[at(o)] && !ok[at(o)]);
    const B go = alive && !(unavailable >= max_unavailable && unavailable_outdated == num(0));
    for (int o = n_ - 1; o >= 0; --o) remove(o, go && member[at(o)] && stale[at(o)] && !ok[at(o)]);
    I down = unavailable;
    for (int o = n_ - 1; o >= 0; --o) {
      const B rm = go && member[at(o)] && stale[at(o)] && ok[at(o)] && max_unavailable - down > num(0);
      remove(o, rm);
      down = down + count(rm);
    }
    return;
  }
  const B stop = rules_.max_unavailable == spec::MaxUnavailableRule::kStopAboveLimit
                     ? unavailable > max_unavailable
                     : unavailable >= max_unavailable;
  const B go = alive && !stop;
  const I to_delete = fault_ == Fault::kMaxUnavailableIgnored  // mutant
                          ? set_.replicas + num(extra_)
                          : max_unavailable - unavailable;
  I deleted = num(0);
  for (int o = n_ - 1; o >= 0; --o) {
    const B rm = go && member[at(o)] && stale[at(o)] && deleted < to_delete;
    remove(o, rm);
    deleted = deleted + count(rm);
  }
}

// --- status ---
template <class D>
typename Sync<D>::Status Sync<D>::count_status() const {
  Status st{num(0), num(0), num(0), num(0), num(0)};
  for (const auto& v : view_) {
    st.replicas = st.replicas + count(v.created);
    B ready = running_ready(v);
    if (fault_ == Fault::kStatusCountsUnready) ready = ready || (v.created && v.phase == num(kRunning));  // mutant
    st.ready = st.ready + count(ready);
    st.available = st.available + count(ready && running_available(v));
    const B counted = v.created && !v.terminating;
    st.current = st.current + count(counted && v.revision == cur_);
    st.updated = st.updated + count(counted && v.revision == upd_);
  }
  return st;
}

// completeRollingUpdate, then the write if inconsistentStatus.
template <class D>
void Sync<D>::write_status(const B& exists, const Status& st) {
  const I target = rules_.complete_uses_spec_replicas ? set_.replicas : st.replicas;
  const B promotes = fault_ == Fault::kPromoteUnderOnDelete ? tt() : set_.strategy_type == num(kRollingUpdate);  // mutant
  const B complete = promotes && st.updated == target && st.ready == target && st.replicas == target;
  const I current = ite(complete, st.updated, st.current);
  const I current_revision = ite(complete, upd_, cur_);
  B inconsistent = set_.generation > set_.observed_generation;
  if (fault_ != Fault::kStatusWrittenOnGeneration)  // mutant
    inconsistent = inconsistent || st.replicas != set_.status_replicas || current != set_.current_replicas ||
                   st.ready != set_.ready_replicas || st.updated != set_.updated_replicas ||
                   !set_.has_current_revision || current_revision != set_.current_revision ||
                   st.available != set_.available_replicas || !set_.has_update_revision ||
                   upd_ != set_.update_revision;
  // The API server's ValidateStatefulSetStatus (ModelConfig::status_validation): the
  // rolling update's decrement can take currentReplicas below 0 when the deleted pod was not
  // counted as current (a revision the controller does not know as current; f16).
  B valid = tt();
  if (status_validation_)
    valid = st.replicas >= num(0) && st.ready >= num(0) && current >= num(0) && st.updated >= num(0) &&
            st.available >= num(0) && st.ready <= st.replicas && current <= st.replicas &&
            st.updated <= st.replicas && st.available <= st.replicas && st.available <= st.ready;
  // StatefulSetStatusUpdater: retried on Conflict (retry.DefaultRetry: 5 attempts, the set
  // re-read from its lister in between, so the same status); any other error is returned.
  const B want = exists && inconsistent;
  if constexpr (kLogs)
    if (log_) log_->wrote_status = want;
  B pending = want, w = ff();
  for (int k = 0; k < attempts(5); ++k) {
    const I inj = injected(pending, spec::Verb::kUpdateStatus, spec::Resource::kStatefulSets, 0);
    // The set is there (the sync read it), unless a partial sync's API server says otherwise.
    const I e = update_answer(inj, tt(), !valid, kInvalid);
    wrote(pending, spec::Verb::kUpdateStatus, spec::Resource::kStatefulSets, 0, 0, e, inj);
    w = w || (pending && e == num(kNoError));
    sync_error(pending && e != num(kNoError) && (e != num(kConflict) || k + 1 == attempts(5)), spec::Verb::kUpdateStatus,
               spec::Resource::kStatefulSets, e, inj == num(kNoError));
    pending = pending && e == num(kConflict);
  }
  s_.observed_generation = ite(w, set_.generation, s_.observed_generation);
  s_.status_replicas = ite(w, st.replicas, s_.status_replicas);
  s_.ready_replicas = ite(w, st.ready, s_.ready_replicas);
  s_.current_replicas = ite(w, current, s_.current_replicas);
  s_.updated_replicas = ite(w, st.updated, s_.updated_replicas);
  s_.available_replicas = ite(w, st.available, s_.available_replicas);
  s_.has_current_revision = s_.has_current_revision || w;
  s_.current_revision = ite(w, current_revision, s_.current_revision);
  s_.has_update_revision = s_.has_update_revision || w;
  s_.update_revision = ite(w, upd_, s_.update_revision);
  s_.has_collision_count = s_.has_collision_count || w;
  s_.collision_count = ite(w, num(0), s_.collision_count);
}

}  // namespace stsmc::model::rules::detail
