// The reconcile of one StatefulSet (upstream stateful_set_control.go), rule by rule. Each step
// names the upstream function it models. Pods are read from the snapshot taken when the sync
// starts (the informer view); claims and revisions are read from the store, which includes the
// sync's own writes.
#include "spec/stateful_set_control.h"

#include <algorithm>

#include "spec/stateful_pod_control.h"
#include "spec/stateful_set_utils.h"

namespace stsmc::spec {
namespace {

struct Revisions {
  TemplateId current;
  TemplateId update;
};

// getStatefulSetRevisions: the update revision is the set's template, created or (rollback)
// renumbered to max+1; the current one is the revision named by status.currentRevision, or
// the update revision when there is none (first sync, or truncated).
Revisions get_revisions(ApiState& store) {
  const TemplateId tmpl = store.set.spec.pod_template;
  auto& revs = store.revisions;
  const std::int64_t next = revs.empty() ? 1 : revs.back().number + 1;
  auto eq = std::find_if(revs.begin(), revs.end(), [&](const Revision& r) { return r.pod_template == tmpl; });
  const auto& named = store.set.status.current_revision;
  const TemplateId current = named && store.find_revision(*named) ? *named : tmpl;
  if (eq == revs.end()) {
    revs.push_back(Revision{next, tmpl});
  } else if (eq + 1 != revs.end()) {
    Revision r = *eq;  // UpdateControllerRevision: the old revision becomes the newest
    r.number = next;
    revs.erase(eq);
    revs.push_back(r);
  }
  return Revisions{current, tmpl};
}

// truncateHistory: of the revisions listed at the start of the sync that no pod (as listed then),
// nor current nor update uses, keep the newest revisionHistoryLimit.
void truncate_history(const ControllerConfig& cfg, ApiState& store, const std::vector<Revision>& listed,
                      const std::vector<Pod>& pods, const Revisions& r) {
  std::vector<TemplateId> history;
  for (const auto& rev : listed) {
    const TemplateId t = rev.pod_template;
    const bool live = t == r.current || t == r.update ||
                      std::any_of(pods.begin(), pods.end(), [&](const Pod& p) { return p.revision == t; });
    if (!live) history.push_back(t);
  }
  const auto limit = static_cast<std::size_t>(std::max(0, cfg.revision_history_limit));
  if (history.size() <= limit) return;
  history.erase(history.end() - static_cast<std::ptrdiff_t>(limit), history.end());  // keep the oldest to delete
  std::erase_if(store.revisions, [&](const Revision& rev) {
    return std::find(history.begin(), history.end(), rev.pod_template) != history.end();
  });
}

// computeReplicaStatus over a list of slots; placeholders are not counted.
void count_status(SetStatus& s, const std::vector<PodView>& pods, std::int32_t mrs, const Revisions& r, Fault fault) {
  for (const auto& v : pods) {
    if (!is_created(v)) continue;
    ++s.replicas;
    const bool running = v.pod.phase == PodPhase::kRunning;
    if (is_running_and_ready(v) || (fault == Fault::kStatusCountsUnready && running)) {
      ++s.ready_replicas;
      if (is_running_and_available(v, mrs)) ++s.available_replicas;
    }
    if (!is_terminating(v)) {
      if (v.pod.revision == r.current) ++s.current_replicas;
      if (v.pod.revision == r.update) ++s.updated_replicas;
    }
  }
}

void update_status(SetStatus& s, std::int32_t mrs, const Revisions& r, Fault fault,
                   std::initializer_list<const std::vector<PodView>*> lists) {
  s.replicas = s.ready_replicas = s.available_replicas = s.current_replicas = s.updated_replicas = 0;
  for (const auto* l : lists) count_status(s, *l, mrs, r, fault);
}

// The spec as the controller reads it: getStartOrdinal ignores spec.ordinals while the
// StatefulSetStartOrdinal gate is off.
SetSpec effective_spec(const ControllerConfig& cfg, SetSpec spec) {
  if (!cfg.gates.StatefulSetStartOrdinal) spec.ordinals_start.reset();
  return spec;
}

class Sync {
 public:
  Sync(const ControllerConfig& cfg, ApiState& store, SyncResult& out)
      : cfg_(cfg), store_(store), out_(out), control_(cfg, store, out), set_(effective_spec(cfg, store.set.spec)),
        monotonic_(cfg.monotonic()), mrs_(set_.min_ready_seconds) {}

  SetStatus run(const Revisions& r, const std::vector<Pod>& pods);

 private:
  enum class Step { kContinue, kExit };
  struct StepResult { Step step; std::optional<ApiError> err; };

  TemplateId new_pod_revision(Ordinal o, const Revisions& r) const;
  void partition_pods(const std::vector<Pod>& pods, const Revisions& r);
  template <class F> bool run_for_all(std::size_t n, F&& fn);
  StepResult process_replica(std::size_t i, const Revisions& r);
  StepResult process_condemned(std::size_t i);
  bool fix_condemned_claims();
  bool healthy(const PodView& v) const { return is_healthy(v, cfg_.rules, mrs_); }
  void rolling_update(SetStatus& status, const Revisions& r);
  void rolling_update_max_unavailable(SetStatus& status, const Revisions& r);

  const ControllerConfig& cfg_;
  ApiState& store_;
  SyncResult& out_;
  PodControl control_;
  const SetSpec set_;  // the set as read at the start of the sync
  const bool monotonic_;
  const std::int32_t mrs_;
  std::vector<PodView> replicas_;
  std::vector<PodView> condemned_;
  std::optional<Ordinal> first_unhealthy_;
};

// newVersionedStatefulSetPod: below the partition (or, with no rollingUpdate, below
// start + status.currentReplicas) a new pod gets the current revision, else the update one.
TemplateId Sync::new_pod_revision(Ordinal o, const Revisions& r) const {
  const auto& us = set_.update_strategy;
  if (cfg_.rules.fault == Fault::kCreateIgnoresPartition) return r.update;  // mutant
  const bool rolling = us.type == UpdateStrategyType::kRollingUpdate;
  const bool has_rolling_update = us.partition.has_value();
  const std::int64_t start = set_.start();  // 64 bits: start + a count may pass int32's range
  if ((rolling && !has_rolling_update && o < start + store_.set.status.current_replicas) ||
      (has_rolling_update && o < start + *us.partition))
    return r.current;
  return r.update;
}

void Sync::partition_pods(const std::vector<Pod>& pods, const Revisions& r) {
  const bool extra = cfg_.rules.fault == Fault::kCreateBeyondRange;  // mutant
  replicas_.assign(static_cast<std::size_t>(std::max(0, set_.replicas) + (extra ? 1 : 0)), PodView{});
  std::vector<bool> filled(replicas_.size(), false);
  for (const auto& p : pods) {
    if (set_.in_range(p.ordinal) || (extra && p.ordinal == set_.end() + 1)) {
      const auto idx = static_cast<std::size_t>(p.ordinal - set_.start());
      replicas_[idx] = PodView{p, true};
      filled[idx] = true;
    } else if (p.ordinal >= 0) {
      condemned_.push_back(PodView{p, true});
    }
  }
  for (std::size_t i = 0; i < replicas_.size(); ++i) {
    const Ordinal o = set_.start() + static_cast<Ordinal>(i);
    if (!filled[i]) replicas_[i] = placeholder(o, new_pod_revision(o, r));
  }
  const bool ascending = cfg_.rules.fault == Fault::kScaleDownLowestFirst;  // mutant
  std::sort(condemned_.begin(), condemned_.end(), [&](const PodView& a, const PodView& b) {
    return ascending ? a.pod.ordinal < b.pod.ordinal : a.pod.ordinal > b.pod.ordinal;
  });
  // The first unhealthy replica by index, else the lowest-ordinal unhealthy condemned pod.
  for (const auto& v : replicas_)
    if (!first_unhealthy_ && !healthy(v)) first_unhealthy_ = v.pod.ordinal;
  for (auto it = condemned_.rbegin(); it != condemned_.rend(); ++it)
    if (!first_unhealthy_ && !healthy(*it)) first_unhealthy_ = it->pod.ordinal;
}

// runForAll: monotonic runs in order and stops at the first exit or error; burst runs
// slowStartBatch (batches of 1, 2, 4, ...) ignoring exits and stops after a batch with an error.
// Returns true when the caller must stop.
template <class F>
bool Sync::run_for_all(std::size_t n, F&& fn) {
  if (monotonic_) {
    for (std::size_t i = 0; i < n; ++i) {
      StepResult res = fn(i);
      if (res.err) out_.errors.push_back(*res.err);
      if (res.step == Step::kExit || res.err) return true;
    }
    return false;
  }
  std::size_t i = 0;
  for (std::size_t batch = std::min<std::size_t>(1, n); batch > 0; batch = std::min(2 * batch, n - i)) {
    bool failed = false;
    for (std::size_t k = 0; k < batch; ++k, ++i) {
      StepResult res = fn(i);
      if (res.err) { out_.errors.push_back(*res.err); failed = true; }
    }
    if (failed) return true;
  }
  return false;
}

Sync::StepResult Sync::process_replica(std::size_t i, const Revisions& r) {
  PodView& v = replicas_[i];
  const bool replace_succeeded = cfg_.rules.recreate_succeeded && is_succeeded(v);
  const bool replace_failed = is_failed(v) && cfg_.rules.fault != Fault::kFailedNotRecreated;
  if (replace_failed || replace_succeeded) {
    const auto kind = is_failed(v) ? EventKind::kRecreatingFailedPod : EventKind::kRecreatingTerminatedPod;
    if (cfg_.rules.terminal_pods == TerminalPodRule::kRecreateSameSync) {
      out_.events.push_back(Event{kind, v.pod.ordinal});
      if (auto err = control_.delete_stateful_pod(v)) return {Step::kExit, err};
      v = placeholder(v.pod.ordinal, new_pod_revision(v.pod.ordinal, r));
    } else {
      if (!is_terminating(v)) {
        out_.events.push_back(Event{kind, v.pod.ordinal});
        if (auto err = control_.delete_stateful_pod(v)) return {Step::kExit, err};
      }
      return {Step::kExit, std::nullopt};  // the replacement is created on a later sync
    }
  }
  if (!is_created(v)) {
    if (cfg_.gates.StatefulSetAutoDeletePVC && control_.pod_claim_is_stale(set_, v))
      return {Step::kExit, std::nullopt};  // wait for the GC to remove the stale claim
    if (auto err = control_.create_stateful_pod(set_, v)) return {Step::kExit, err};
    return {monotonic_ ? Step::kExit : Step::kContinue, std::nullopt};
  }
  if (is_pending(v))
    if (auto err = control_.create_missing_claims(set_, v)) return {Step::kExit, err};
  if (monotonic_ && cfg_.rules.fault != Fault::kCreateWithoutWaiting &&
      (is_terminating(v) || !is_running_and_ready(v) || !is_running_and_available(v, mrs_)))
    return {Step::kExit, std::nullopt};
  const bool retention_match =
      !cfg_.gates.StatefulSetAutoDeletePVC || control_.claims_match_retention_policy(set_, v);
  if (v.pod.identity == v.pod.ordinal && retention_match) return {Step::kContinue, std::nullopt};
  if (auto err = control_.update_stateful_pod(set_, v)) return {Step::kExit, err};
  return {Step::kContinue, std::nullopt};
}

Sync::StepResult Sync::process_condemned(std::size_t i) {
  const PodView& v = condemned_[i];
  if (is_terminating(v)) {
    const bool wait = monotonic_ && cfg_.rules.fault != Fault::kScaleDownIgnoresTerminating;
    return {wait ? Step::kExit : Step::kContinue, std::nullopt};
  }
  const bool first = first_unhealthy_ == v.pod.ordinal;
  if (monotonic_ && !first && (!is_running_and_ready(v) || !is_running_and_available(v, mrs_)))
    return {Step::kExit, std::nullopt};
  return {Step::kExit, control_.delete_stateful_pod(v)};
}

// Phase B of updateStatefulSet (its fixPodClaim, before processCondemned): the claims of every
// condemned pod get the owner refs the policy wants for a scaled-down pod (under whenScaled=Delete
// a ref to that pod, so the GC deletes them once the pod is gone). Returns true when the caller
// must stop (never: ClaimsMatchRetentionPolicy skips a missing claim, and writes do not fail here).
bool Sync::fix_condemned_claims() {
  if (!cfg_.gates.StatefulSetAutoDeletePVC) return false;
  return run_for_all(condemned_.size(), [&](std::size_t i) {
    if (!control_.claims_match_retention_policy(set_, condemned_[i]))
      control_.update_claims_for_retention_policy(set_, condemned_[i]);
    return StepResult{Step::kContinue, std::nullopt};
  });
}

// The legacy rolling update (MaxUnavailableStatefulSet off): delete the highest outdated pod at
// or above the partition, one per sync, and wait for each updated pod to be healthy.
void Sync::rolling_update(SetStatus& status, const Revisions& r) {
  const auto& us = set_.update_strategy;
  const std::int64_t update_min = cfg_.rules.fault == Fault::kUpdateBelowPartition ? 0 : us.partition.value_or(0);
  for (std::int64_t t = static_cast<std::int64_t>(replicas_.size()) - 1; t >= update_min; --t) {
    const PodView& v = replicas_[static_cast<std::size_t>(t)];
    if (v.pod.revision != r.update && !is_terminating(v)) {
      auto err = control_.delete_stateful_pod(v);
      if (err && err->kind != ApiErrorKind::kPodNotFound) { out_.errors.push_back(*err); return; }
      --status.current_replicas;
      return;
    }
    if (!healthy(v) && cfg_.rules.fault != Fault::kNoWaitOnUpdate) return;
  }
}

// updateStatefulSetAfterInvariantEstablished (gate on): delete up to maxUnavailable minus the
// unavailable replicas, highest first, at or above the partition.
void Sync::rolling_update_max_unavailable(SetStatus& status, const Revisions& r) {
  const auto& us = set_.update_strategy;
  const std::int64_t update_min = cfg_.rules.fault == Fault::kUpdateBelowPartition ? 0 : us.partition.value_or(0);
  std::int32_t max_unavailable = 1;
  if (us.partition) {
    const IntOrPercent mu = us.max_unavailable.value_or(IntOrPercent{1, false});
    max_unavailable = std::max(1, mu.scaled(set_.replicas));
  }
  std::int32_t unavailable = 0;
  for (const auto& v : replicas_) if (!healthy(v)) ++unavailable;
  const auto last = static_cast<std::int64_t>(replicas_.size()) - 1;
  const auto outdated = [&](const PodView& v) { return v.pod.revision != r.update && !is_terminating(v); };
  const auto remove = [&](const PodView& v) {
    auto err = control_.delete_stateful_pod(v);
    if (err && err->kind != ApiErrorKind::kPodNotFound) { out_.errors.push_back(*err); return false; }
    --status.current_replicas;
    return true;
  };
  if (cfg_.rules.max_unavailable == MaxUnavailableRule::kTwoPhase && !monotonic_) {
    // #137666: first every unavailable outdated pod, then available ones within the budget.
    std::int32_t unavailable_outdated = 0;
    for (std::int64_t t = last; t >= update_min; --t) {
      const PodView& v = replicas_[static_cast<std::size_t>(t)];
      if (outdated(v) && !healthy(v)) ++unavailable_outdated;
    }
    if (unavailable >= max_unavailable && unavailable_outdated == 0) return;
    for (std::int64_t t = last; t >= update_min; --t) {
      const PodView& v = replicas_[static_cast<std::size_t>(t)];
      if (outdated(v) && !healthy(v) && !remove(v)) return;
    }
    for (std::int64_t t = last; t >= update_min && max_unavailable - unavailable > 0; --t) {
      const PodView& v = replicas_[static_cast<std::size_t>(t)];
      if (!outdated(v) || !healthy(v)) continue;
      if (!remove(v)) return;
      ++unavailable;
    }
    return;
  }
  const bool stop = cfg_.rules.max_unavailable == MaxUnavailableRule::kStopAboveLimit
                        ? unavailable > max_unavailable
                        : unavailable >= max_unavailable;
  if (stop) return;
  const std::int32_t to_delete = cfg_.rules.fault == Fault::kMaxUnavailableIgnored
                                     ? static_cast<std::int32_t>(replicas_.size())
                                     : max_unavailable - unavailable;
  std::int32_t deleted = 0;
  for (std::int64_t t = last; t >= update_min && deleted < to_delete; --t) {
    const PodView& v = replicas_[static_cast<std::size_t>(t)];
    if (!outdated(v)) continue;
    if (!remove(v)) return;
    ++deleted;
  }
}

SetStatus Sync::run(const Revisions& r, const std::vector<Pod>& pods) {
  SetStatus status{};
  status.observed_generation = store_.set.generation;
  status.current_revision = r.current;
  status.update_revision = r.update;
  status.collision_count = 0;
  std::vector<PodView> all;
  for (const auto& p : pods) all.push_back(PodView{p, true});
  update_status(status, mrs_, r, cfg_.rules.fault, {&all});
  partition_pods(pods, r);
  const auto recount = [&] { update_status(status, mrs_, r, cfg_.rules.fault, {&replicas_, &condemned_}); };
  // Phase A: replicas in ordinal order.
  if (run_for_all(replicas_.size(), [&](std::size_t i) { return process_replica(i, r); }) &&
      cfg_.rules.fault != Fault::kScaleDownBeforeReplicasReady) {
    recount();
    return status;
  }
  // Phase B, then Phase C (the mutant swaps them: a condemned pod can go before its claims
  // carry the pod owner reference, and under OrderedReady Phase C's exit skips Phase B).
  const bool claims_first = cfg_.rules.fault != Fault::kScaleDownBeforeClaimRefs;  // mutant
  if (claims_first && fix_condemned_claims()) { recount(); return status; }
  // Phase C: scale down, highest ordinal first.
  if (run_for_all(condemned_.size(), [&](std::size_t i) { return process_condemned(i); })) {
    recount();
    return status;
  }
  if (!claims_first && fix_condemned_claims()) { recount(); return status; }
  recount();
  if (set_.update_strategy.type == UpdateStrategyType::kOnDelete && cfg_.rules.fault != Fault::kOnDeleteRolls)
    return status;
  // Phase D: rolling update.
  if (cfg_.gates.MaxUnavailableStatefulSet) rolling_update_max_unavailable(status, r);
  else rolling_update(status, r);
  return status;
}

// completeRollingUpdate, then write the status if inconsistentStatus.
bool write_status(const ControllerConfig& cfg, ApiState& store, SetStatus status) {
  const SetSpec& spec = store.set.spec;
  const std::int32_t target = cfg.rules.complete_uses_spec_replicas ? spec.replicas : status.replicas;
  const bool promotes = spec.update_strategy.type == UpdateStrategyType::kRollingUpdate ||
                        cfg.rules.fault == Fault::kPromoteUnderOnDelete;
  if (promotes &&
      status.updated_replicas == target && status.ready_replicas == target && status.replicas == target) {
    status.current_replicas = status.updated_replicas;
    status.current_revision = status.update_revision;
  }
  const SetStatus& old = store.set.status;
  const bool generation_only = cfg.rules.fault == Fault::kStatusWrittenOnGeneration;  // mutant
  const bool inconsistent =
      status.observed_generation > old.observed_generation || (!generation_only && ( status.replicas != old.replicas ||
      status.current_replicas != old.current_replicas || status.ready_replicas != old.ready_replicas ||
      status.updated_replicas != old.updated_replicas || status.current_revision != old.current_revision ||
      status.available_replicas != old.available_replicas || status.update_revision != old.update_revision));
  if (!inconsistent) return false;
  store.set.status = status;
  return true;
}

}  // namespace

SyncResult sync_stateful_set(const ControllerConfig& cfg, ApiState& store) {
  SyncResult out;
  if (!store.set.exists) return out;
  const std::vector<Revision> listed = store.revisions;
  const std::vector<Pod> pods = store.pods;
  const Revisions r = get_revisions(store);
  Sync sync(cfg, store, out);
  const SetStatus status = sync.run(r, pods);
  out.wrote_status = write_status(cfg, store, status);
  truncate_history(cfg, store, listed, pods, r);
  return out;
}

}  // namespace stsmc::spec
