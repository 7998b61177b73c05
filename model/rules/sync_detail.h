#pragma once
// The body of reconcile<D> (model/rules/sync.h): one sync of upstream's StatefulSet controller
// (stateful_set_control.go: UpdateStatefulSet → performUpdate → updateStatefulSet → status write
// → truncateHistory) and its writes (stateful_pod_control.go, defined in
// model/rules/pod_control.h), rule by rule, over the flat state and a value domain D. Each step
// names the upstream function it models; profile switches (spec/profile.h) and mutant switches
// (`// mutant`, spec/mutants.cpp) sit next to the rule they alter. Pods are read from the
// snapshot taken when the sync starts (the informer's view); claims and revisions from the
// store, which includes the sync's own writes.
//
// How upstream's control flow becomes data:
//  - Every write is guarded: a step computes a D::Bool guard (the explicit code would reach this
//    write) and writes x = ite(guard, new, x). Early returns clear a `live` guard; the runner of a
//    phase (run_for_all) clears its own `stopped` guard.
//  - Replicas and condemned pods are per-ordinal predicates (is_replica_, condemned_) instead of
//    lists. The replica list in index order is the ordinals ascending; the condemned list is the
//    ordinals descending (ascending under Fault::kScaleDownLowestFirst). A position in a list, when
//    it matters (burst batches), is computed: o - start for replicas, the number of condemned pods
//    before o for condemned ones.
//  - The controller's view of a slot (snapshot pod or placeholder) is a View per ordinal; the
//    store is the flat state itself, so writes are seen by later reads of claims and of the store's
//    pods (create: "already exists", delete: "not found"), while views stay the snapshot.
//  - Owner references are ordered slots: used ones first. Removing refs compacts the kept ones in
//    order (slot j takes the kept ref with j kept refs before it); appending puts the new ref at
//    the first unused slot. Every write to a claim's refs is one filter-then-append step (each
//    branch of updateClaimOwnerRefForSetAndPod removes some refs and appends at most one, and the
//    two commute), so a ref is appended only when the final list needs a slot for it.
//  - A call with writes is never an operand of && or ||: over Concrete those short-circuit and
//    would skip the call (its writes are guarded by their own argument instead).
//  - An append with every slot used, and a replica range past the last ordinal slot, set the
//    `overflow` flag: the shape is too small and the result is not the explicit one.
//
// It relies on what every flat form of a model state satisfies: replicas >= 0, distinct revision
// numbers ("the newest" is the one with the largest number), used owner-ref slots first.
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/check.h"
#include "model/statefulset_model.h"
#include "model/rules/domain.h"
#include "model/rules/flat_state.h"
#include "model/rules/world.h"
#include "spec/events.h"
#include "spec/profile.h"

namespace stsmc::model::rules::detail {

template <class E>
constexpr std::int64_t val(E e) { return static_cast<std::int64_t>(e); }

inline constexpr std::int64_t kPending = val(spec::PodPhase::kPending);
inline constexpr std::int64_t kRunning = val(spec::PodPhase::kRunning);
inline constexpr std::int64_t kSucceeded = val(spec::PodPhase::kSucceeded);
inline constexpr std::int64_t kFailed = val(spec::PodPhase::kFailed);
inline constexpr std::int64_t kRollingUpdate = val(spec::UpdateStrategyType::kRollingUpdate);
inline constexpr std::int64_t kOnDelete = val(spec::UpdateStrategyType::kOnDelete);
inline constexpr std::int64_t kRetain = val(spec::RetentionPolicyType::kRetain);

/// What the controller's listers serve (stale reads), in one of two forms:
///  - explicit (model::reconcile): per kind an older version of that kind's objects in the
///    sync's shape, or null for a lister that is up to date with the store (it then sees the
///    sync's own writes at once);
///  - symbolic (`lagging`, the transition's form, FlatListers): every kind's lister copy, which
///    it serves where the kind's flag holds, the store otherwise. The pointers are then unused.
template <class D>
struct ListerView {
  const Slots<FlatPod<D>>* pods = nullptr;
  const Slots<FlatClaim<D>>* claims = nullptr;
  const Slots<FlatRevision<D>>* revisions = nullptr;
  const FlatSet<D>* set = nullptr;
  const FlatListers<D>* lagging = nullptr;
  bool fresh() const { return !pods && !claims && !revisions && !set && !lagging; }
};

/// A WriteError may give `code` to a write attempt with verb `v`: InternalError (a server error,
/// or a timeout before the write reached the store) to any, Conflict to an update only (creates
/// and deletes carry no precondition that could conflict). model::injectable over Concrete.
template <class D>
typename D::Bool injectable(const D& d, const typename D::Int& code, spec::Verb v) {
  const bool update = v == spec::Verb::kUpdate || v == spec::Verb::kUpdateStatus;
  return code == d.num(val(spec::ApiCode::kInternal)) || (update ? code == d.num(val(spec::ApiCode::kConflict)) : d.ff());
}

/// The write error of a WriteError action, over any domain: the sync's `attempt`-th write
/// attempt (counted from 1, retries included, as model::sync_write_attempts lists them) fails
/// with `code` when upstream's API can give that code to that verb (`injectable`). An
/// attempt of 0 names no write: the sync runs as without it. The explicit model injects the same
/// error through spec::WriteFaults (model/statefulset_model.cpp, NthAttemptFails); transition_test
/// compares the two on every candidate.
template <class D>
struct Injection {
  typename D::Int attempt;
  typename D::Int code;
};

template <class D>
class Sync {
 public:
  using B = typename D::Bool;
  using I = typename D::Int;
  using Fault = spec::Fault;

  /// `log` (Concrete only) receives the sync's events, errors and write attempts as
  /// spec::SyncResult; `faults` (Concrete only) chooses the error of each write attempt.
  Sync(const D& d, const ModelConfig& mc, const Shape& sh, FlatState<D>& s, spec::SyncResult* log = nullptr,
       spec::WriteFaults* faults = nullptr, const ListerView<D>& listers = {})
      : log_(log), faults_(faults), tries_(faults != nullptr || !listers.fresh() ? 0 : 1), seen_(d.num(0)), hit_(d.ff()),
        status_validation_(mc.status_validation),
        lagging_(listers.lagging),
        set_merged_(lagging_ ? std::optional<FlatSet<D>>(select_flat(d, lagging_->set_lag, lagging_->set, s.set()))
                             : std::nullopt),
        set_(set_merged_ ? *set_merged_ : listers.set ? *listers.set : s.set()),
        claims_view_(listers.claims ? listers.claims : &s.claims), pods_view_(listers.pods ? listers.pods : &s.pods),
        revisions_view_(listers.revisions ? listers.revisions : &s.revisions),
        rejected_{d.ff(), d.ff(), d.ff()}, step_rejected_{d.ff(), d.ff(), d.ff()}, step_failed_(d.ff()),
        d_(d), cfg_(mc.controller), rules_(cfg_.rules), fault_(rules_.fault),
        auto_delete_(cfg_.gates.StatefulSetAutoDeletePVC), monotonic_(cfg_.monotonic()), sh_(sh), s_(s),
        n_(sh.ordinals), claim_templates_(sh.claim_templates), extra_(fault_ == Fault::kCreateBeyondRange ? 1 : 0),  // mutant
        events_(d.ff()), overflow_(d.ff()), start_(d.num(0)), mrs_(d.num(0)), cur_(d.num(0)), upd_(d.num(0)),
        retain_scaled_(d.ff()), retain_deleted_(d.ff()) {}

  /// Injects `w` (over Concrete the caller passes no spec::WriteFaults then). A Conflict is
  /// retried as client-go's retry loops do; with one injected error the second try succeeds, so
  /// two tries say the same as client-go's four or five, with smaller terms.
  Sync& inject(const Injection<D>& w) {
    inject_ = w;
    if (tries_ == 1) tries_ = 2;
    return *this;
  }
  /// The injected error hit a write attempt that can get it (the WriteError action is enabled).
  const B& injected_hit() const { return hit_; }
  /// The sync returned an error of class `c` that the API server gave by its own rules to a
  /// write the controller should not have made (spec::SyncResult::rejected says which, over
  /// Concrete with a log): what the *-accepted properties judge, over every domain.
  const B& rejected(spec::WriteClass c) const { return rejected_[static_cast<std::size_t>(c)]; }
  const std::array<B, spec::kWriteClasses>& rejected() const { return rejected_; }

  /// One sync; returns "the sync recorded an event".
  B run(B* overflow) {
    snap_ = *pods_view_;
    listed_ = *revisions_view_;
    if (lagging_) {  // the symbolic form: each slot as the lister serves it where it lags
      for (std::size_t i = 0; i < snap_.size(); ++i)
        snap_[i] = select_flat(d_, lagging_->pods_lag, lagging_->pods[i], s_.pods[i]);
      for (std::size_t i = 0; i < listed_.size(); ++i)
        listed_[i] = select_flat(d_, lagging_->revisions_lag, lagging_->revisions[i], s_.revisions[i]);
    }
    // sync: ClaimPods's error returns before UpdateStatefulSet.
    const B present = set_.set_exists && claim_pods(set_.set_exists);
    // performUpdate: a failed revision write returns before any pod is touched or the status is
    // written (truncateHistory still runs, with neither revision known).
    const B revisions_ok = get_revisions(present);
    const B exists = present && revisions_ok;
    // effective_spec: ordinals.start counts only under the StatefulSetStartOrdinal gate.
    start_ = cfg_.gates.StatefulSetStartOrdinal ? ite(set_.has_start, set_.start, num(0)) : num(0);
    mrs_ = set_.min_ready_seconds;
    retain_scaled_ = set_.when_scaled == num(kRetain);
    retain_deleted_ = set_.when_deleted == num(kRetain);
    partition_pods();
    // The replica range (and the faulty controller's one past it) must have slots.
    const std::int64_t first = n_ > 0 ? sh_.ordinal(0) : 0, past = n_ > 0 ? sh_.ordinal(n_ - 1) + 1 : 0;
    overflow_ = overflow_ || (exists && start_ + set_.replicas + num(extra_) > num(past));
    if (sh_.fitted)  // a fitted shape may start above the range's first ordinal
      overflow_ = overflow_ || (exists && set_.replicas + num(extra_) > num(0) && start_ < num(first));

    Slots<int> ascending, condemned_order;
    for (int o = 0; o < n_; ++o) ascending.push_back(o);
    for (int o = 0; o < n_; ++o)
      condemned_order.push_back(fault_ == Fault::kScaleDownLowestFirst ? o : n_ - 1 - o);  // mutant
    Slots<I> replica_index, condemned_index(static_cast<std::size_t>(n_), num(0));
    for (int o = 0; o < n_; ++o) replica_index.push_back(ord(o) - start_);
    I before = num(0);
    for (int o : condemned_order) {
      condemned_index[at(o)] = before;
      before = before + count(condemned_[at(o)]);
    }

    // Phase A: replicas in ordinal order.
    const B stop_a = run_for_all(ascending, is_replica_, replica_index, exists,
                                 [&](int o, const B& en) { return process_replica(o, en); });
    B alive = exists;
    if (fault_ != Fault::kScaleDownBeforeReplicasReady) alive = alive && !stop_a;  // mutant
    // Phase B: the condemned pods' claims get their scale-down owner refs before any delete
    // (spec: Sync::fix_condemned_claims, upstream fixPodClaim).
    const auto fix_condemned_claims = [&](const B& guard) {
      if (!auto_delete_) return ff();
      return run_for_all(condemned_order, condemned_, condemned_index, guard, [&](int o, const B& en) {
        const B err = en && update_claims_for_retention_policy(o, view_[at(o)].uid, en) != num(kNoError);
        if (fault_ == Fault::kClaimRefErrorIgnored) return std::pair<B, B>{ff(), ff()};  // mutant
        return std::pair<B, B>{err, err};
      });
    };
    // The mutant runs Phase C before Phase B (a condemned pod can go before its claims carry the
    // pod owner reference; under OrderedReady Phase C's exit skips Phase B).
    const bool claims_first = fault_ != Fault::kScaleDownBeforeClaimRefs;  // mutant
    if (claims_first) alive = alive && !fix_condemned_claims(alive);
    // Phase C: scale down. (Under burst neither B nor C can fail, since nothing else in the sync
    // deletes a condemned pod, so their batches never matter; they are kept as upstream runs them.)
    const B stop_c = run_for_all(condemned_order, condemned_, condemned_index, alive,
                                 [&](int o, const B& en) { return process_condemned(o, en); });
    alive = alive && !stop_c;
    if (!claims_first) alive = alive && !fix_condemned_claims(alive);

    // The status over replicas and condemned pods (views only change in Phase A, so every
    // return's recount gives this), then the rolling update's decrements.
    Status st = count_status();
    if (fault_ != Fault::kOnDeleteRolls) alive = alive && set_.strategy_type != num(kOnDelete);  // mutant
    // Phase D: rolling update.
    if (cfg_.gates.MaxUnavailableStatefulSet) rolling_update_max_unavailable(alive, st.current);
    else rolling_update(alive, st.current);

    write_status(exists, st);
    truncate_history(present, revisions_ok);
    if (overflow) *overflow = overflow_;
    else if constexpr (std::is_same_v<D, Concrete>) STSMC_CHECK(!overflow_);
    return events_;
  }

 private:
  /// The controller's view of one ordinal: the snapshot's pod, or a placeholder (created false).
  struct View {
    B created; I uid; I phase; B ready; I ready_seconds; B terminating; I revision; I identity;
  };
  struct Status {
    I replicas; I ready; I available; I current; I updated;
  };

  // --- what the sync reports (spec::SyncResult) ---
  // Every domain learns whether an event was recorded; over Concrete with a log, the events go
  // there in the order upstream records them, and the error a phase's step returned (the first
  // write that failed in it) is appended when runForAll collects it.
  static constexpr bool kLogs = std::is_same_v<D, Concrete>;
  spec::Ordinal ordinal_of(int o) const { return static_cast<spec::Ordinal>(sh_.ordinal(o)); }
  // True when what happens under g goes to the log: not for the attempts a sync in flight
  // replays (made and logged in earlier steps).
  bool logging(const B& g) const
    requires kLogs
  {
    return log_ && g && !(faults_ && faults_->replaying());
  }
  void event(const B& g, spec::EventKind k, int o, int t = 0) {
    events_ = events_ || g;
    if constexpr (kLogs)
      if (logging(g)) log_->events.push_back(spec::Event{k, ordinal_of(o), static_cast<std::uint8_t>(t)});
  }
  // A step's error under g; `rejected`: the API server gave it by its own rules to a write the
  // controller should not have made (what the *-accepted properties judge).
  void fail(const B& g, spec::ApiErrorKind k, const B& rejected, int o, int t = 0) {
    note_step_error(g, spec::write_class(k), rejected);
    if constexpr (kLogs)
      if (g && !step_error_) step_error_ = spec::ApiError{k, ordinal_of(o), static_cast<std::uint8_t>(t)};
  }
  // The first error of a step is the one it returns (as `fail` keeps it over Concrete).
  void note_step_error(const B& g, spec::WriteClass c, const B& rejected) {
    auto& r = step_rejected_[static_cast<std::size_t>(c)];
    r = r || (g && !step_failed_ && rejected);
    step_failed_ = step_failed_ || g;
  }
  void begin_step() {
    step_error_.reset();
    for (auto& r : step_rejected_) r = ff();
    step_failed_ = ff();
  }
  // Upstream's runForAll appends a step's error to the sync's errors.
  void collect_error(const B& failed) {
    B rejected = ff();
    for (std::size_t c = 0; c < spec::kWriteClasses; ++c) {
      rejected_[c] = rejected_[c] || (failed && step_rejected_[c]);
      rejected = rejected || step_rejected_[c];
    }
    if constexpr (kLogs)
      if (logging(failed) && step_error_) {
        log_->errors.push_back(*step_error_);
        if (rejected) log_->rejected.push_back(log_->errors.size() - 1);
      }
    begin_step();
  }
  // An error the sync returns from outside runForAll (revisions, rolling update, status); `store`:
  // the store's own error, not one the world injected.
  // (The logging helpers test their guard inline and log out of line: the engines' syncs log
  // nothing and pay one branch.)
  void sync_error(const B& g, spec::Verb v, spec::Resource r, const I& code, const B& store, int o = 0, int t = 0) {
    auto& rej = rejected_[static_cast<std::size_t>(spec::write_class(v))];
    rej = rej || (g && store);
    if constexpr (kLogs)
      if (logging(g)) {
        log_error(v, r, code, o, t);
        if (store) log_->rejected.push_back(log_->errors.size() - 1);
      }
  }
  void log_error(spec::Verb v, spec::Resource r, const I& code, int o, int t) {
    log_->errors.push_back(spec::ApiError{spec::ApiErrorKind::kWriteFailed, ordinal_of(o), static_cast<std::uint8_t>(t), v,
                                          r, static_cast<spec::ApiCode>(code)});
  }
  // A write's error as the step's error (the first one wins, as `fail`); `store`: the store's own
  // error, not one the world injected.
  void fail_write(const B& g, spec::Verb v, spec::Resource r, const I& code, const B& store, int o, int t = 0) {
    note_step_error(g, spec::write_class(v), store);
    if constexpr (kLogs)
      if (g && !step_error_)
        step_error_ = spec::ApiError{spec::ApiErrorKind::kWriteFailed, ordinal_of(o), static_cast<std::uint8_t>(t),
                                     v, r, static_cast<spec::ApiCode>(code)};
  }

  // --- API write attempts ---
  // The error codes are spec::ApiCode's values as D::Int (0: none).
  static constexpr std::int64_t kNoError = val(spec::ApiCode::kNone);
  static constexpr std::int64_t kAlreadyExists = val(spec::ApiCode::kAlreadyExists);
  static constexpr std::int64_t kConflict = val(spec::ApiCode::kConflict);
  static constexpr std::int64_t kNotFound = val(spec::ApiCode::kNotFound);
  static constexpr std::int64_t kInvalid = val(spec::ApiCode::kInvalid);
  // The error injected into a write attempt under guard g (Concrete with WriteFaults: its choice;
  // otherwise none). `o` is the ordinal slot, or the template for revisions.
  I injected(const B& g, spec::Verb v, spec::Resource r, int o, int t = 0) {
    if constexpr (kLogs) {
      answered_ = false;
      if (g && faults_) {
        const auto c = faults_->on_attempt(attempt(v, r, o, t));
        if (!faults_->answers()) return static_cast<I>(c);
        answered_ = true;
        // An error replayed from an earlier step of a partial sync was judged (the *-accepted
        // properties) in that step: here it counts as injected.
        const bool replayed_error = faults_->replaying() && c != spec::ApiCode::kNone;
        answer_ = replayed_error ? 0 : static_cast<std::int64_t>(c);
        return replayed_error ? static_cast<I>(c) : num(kNoError);
      }
    }
    if (!inject_) return num(kNoError);
    if (skipped(g)) return num(kNoError);
    seen_ = seen_ + count(g);
    const B hit = g && seen_ == inject_->attempt && injectable(d_, inject_->code, v);
    hit_ = hit_ || hit;
    return ite(hit, inject_->code, num(kNoError));
  }
  // What the store answers the attempt injected() was last asked about: `own`, the sync's store's
  // answer about the object's existence and UID, unless the spec::WriteFaults answers for the
  // API server (a partial sync; Concrete only).
  I store_answer(const I& own) const {
    if constexpr (kLogs)
      if (answered_) return num(answer_);
    return own;
  }
  // The API server's answer to the attempt injected() was last asked about, `inj` its injected
  // error (that error wins), in the three shapes the controller's writes take:
  // a create: AlreadyExists when the store has an object of that name;
  I create_answer(const I& inj, const B& exists) const {
    return ite(inj != num(kNoError), inj, store_answer(ite(exists, num(kAlreadyExists), num(kNoError))));
  }
  // a write by name alone (a delete, an update without precondition): NotFound when it has none;
  I by_name_answer(const I& inj, const B& exists) const {
    return ite(inj != num(kNoError), inj, store_answer(ite(exists, num(kNoError), num(kNotFound))));
  }
  // an update the server may refuse: NotFound without the object, else `code` where `refused`
  // (Conflict when the stored object has another UID than the one read, Invalid for a status
  // the API server's validation rejects).
  I update_answer(const I& inj, const B& exists, const B& refused, std::int64_t code) const {
    const I found = store_answer(ite(exists, num(kNoError), num(kNotFound)));
    return ite(inj != num(kNoError), inj, ite(found != num(kNoError), found, ite(refused, num(code), num(kNoError))));
  }
  // Logs a write attempt under guard g with the error it got (`inj`: injected, else the store's).
  void wrote(const B& g, spec::Verb v, spec::Resource r, int o, int t, const I& code, const I& inj) {
    if constexpr (kLogs)
      if (logging(g)) log_write(v, r, o, t, code, inj);
  }
  void log_write(spec::Verb v, spec::Resource r, int o, int t, const I& code, const I& inj) {
    spec::WriteAttempt a = attempt(v, r, o, t);
    a.error = static_cast<spec::ApiCode>(code);
    a.injected = inj != kNoError;
    log_->writes.push_back(a);
  }
  spec::WriteAttempt attempt(spec::Verb v, spec::Resource r, int o, int t) const {
    spec::WriteAttempt a{v, r};
    if (r == spec::Resource::kRevisions) a.revision = static_cast<spec::TemplateId>(o);
    else if (r != spec::Resource::kStatefulSets) a.pod = ordinal_of(o);
    a.claim_template = static_cast<std::uint8_t>(t);
    return a;
  }
  // How many times a write is tried while it gets Conflict: client-go's retry.DefaultBackoff
  // (pod and revision updates) and retry.DefaultRetry (the status). Without write faults and
  // with a fresh view no write can get Conflict, so one attempt says the same with smaller terms.
  int attempts(int retries) const { return tries_ == 0 ? retries : std::min(retries, tries_); }

  /// Over Concrete a step whose guard is false writes nothing, records nothing and returns
  /// false, so it is skipped (every function that starts with `if (skipped(g))` is written so);
  /// over Z3 every guarded write is part of the term.
  static bool skipped(const B& g) {
    if constexpr (kLogs) return !g;
    else return false;
  }

  // --- domain shorthands ---
  I ord(int o) const { return num(sh_.ordinal(o)); }
  B tt() const { return d_.tt(); }
  B ff() const { return d_.ff(); }
  I num(std::int64_t v) const { return d_.num(v); }
  template <class T> T ite(const B& c, const T& a, const T& b) const { return d_.ite(c, a, b); }
  I count(const B& b) const { return ite(b, num(1), num(0)); }
  static std::size_t at(int i) { return static_cast<std::size_t>(i); }
  View select(const B& c, const View& a, const View& b) const {
    return View{ite(c, a.created, b.created), ite(c, a.uid, b.uid), ite(c, a.phase, b.phase),
                ite(c, a.ready, b.ready), ite(c, a.ready_seconds, b.ready_seconds),
                ite(c, a.terminating, b.terminating), ite(c, a.revision, b.revision),
                ite(c, a.identity, b.identity)};
  }

  // --- pod predicates (spec/stateful_set_utils.h) over views ---
  B terminating(const View& v) const { return v.created && v.terminating; }
  B running_ready(const View& v) const { return v.created && v.phase == num(kRunning) && v.ready; }
  B running_available(const View& v) const {
    return v.created && v.ready && (mrs_ <= num(0) || v.ready_seconds >= mrs_);
  }
  B healthy(const View& v) const {
    const B ok = rules_.health == spec::HealthRule::kRunningReady ? running_ready(v) : running_available(v);
    return ok && !terminating(v);
  }

  // --- revisions (model/rules/revision_history.h) ---
  // getStatefulSetRevisions: returns "no revision write failed".
  B get_revisions(const B& exists);
  // truncateHistory over the revisions listed at the start.
  void truncate_history(const B& exists, const B& known);

  // --- the pods of the sync (ClaimPods, model/rules/pod_control.h) ---
  // Adopts and releases; the snapshot keeps only the claimed pods. Returns "no error".
  B claim_pods(const B& g);

  // --- partition ---
  // newVersionedStatefulSetPod's revision choice (status.currentReplicas is the stored one).
  I new_pod_revision(int o) const {
    if (fault_ == Fault::kCreateIgnoresPartition) return upd_;  // mutant
    const B rolling = set_.strategy_type == num(kRollingUpdate);
    const B below = (rolling && !set_.has_partition && ord(o) < start_ + set_.current_replicas) ||
                    (set_.has_partition && ord(o) < start_ + set_.partition);
    return ite(below, cur_, upd_);
  }

  void partition_pods() {
    const I end = start_ + set_.replicas;  // one past the range
    for (int o = 0; o < n_; ++o) {
      const auto& p = snap_[at(o)];
      in_range_.push_back(ord(o) >= start_ && ord(o) < end);
      is_replica_.push_back(ord(o) >= start_ && ord(o) < end + num(extra_));
      condemned_.push_back(p.exists && !is_replica_.back());
      const View pod{p.exists, p.uid, p.phase, p.ready, p.ready_seconds, p.terminating, p.revision, p.identity};
      view_.push_back(select(is_replica_.back() && !p.exists, placeholder(o), pod));
    }
    // The first unhealthy replica by index, else the first unhealthy condemned pod from the
    // back of the condemned list.
    B found = ff();
    for (int o = 0; o < n_; ++o) {
      const B u = is_replica_[at(o)] && !healthy(view_[at(o)]);
      first_unhealthy_.push_back(u && !found);
      found = found || u;
    }
    for (int i = 0; i < n_; ++i) {
      const int o = fault_ == Fault::kScaleDownLowestFirst ? n_ - 1 - i : i;  // mutant
      const B u = condemned_[at(o)] && !healthy(view_[at(o)]);
      first_unhealthy_[at(o)] = first_unhealthy_[at(o)] || (u && !found);
      found = found || u;
    }
  }

  View placeholder(int o) const {
    return View{ff(), num(0), num(kPending), ff(), num(0), ff(), new_pod_revision(o), ord(o)};
  }

  // --- runForAll ---
  // Monotonic: in order, stop at the first exit or error. Burst: slowStartBatch (batches of 1,
  // 2, 4, ... by list position), exits ignored, stop after a batch with an error. `step(o, en)`
  // guards its writes by `en` and returns (exit, error). Returns "the caller must stop".
  template <class Step>
  B run_for_all(const Slots<int>& order, const Slots<B>& member, const Slots<I>& index,
                const B& guard, Step&& step) {
    B stopped = ff();
    if (monotonic_) {
      for (int o : order) {
        const B en = guard && member[at(o)] && !stopped;
        begin_step();
        const std::pair<B, B> res = step(o, en);
        collect_error(en && res.second);
        stopped = stopped || (en && (res.first || res.second));
      }
      return stopped;
    }
    B batch_failed = ff();
    for (int o : order) {
      B boundary = ff();  // position 1, 3, 7, ... opens a new batch
      for (int k = 1; (1 << k) - 1 < n_; ++k) boundary = boundary || index[at(o)] == num((1 << k) - 1);
      boundary = boundary && member[at(o)];
      stopped = stopped || (boundary && batch_failed);
      batch_failed = batch_failed && !boundary;
      const B en = guard && member[at(o)] && !stopped;
      begin_step();
      const B err = step(o, en).second;  // never inside && / ||: Concrete would short-circuit it
      collect_error(en && err);
      batch_failed = batch_failed || (en && err);
    }
    return stopped || batch_failed;
  }

  // --- processReplica / processCondemned ---
  std::pair<B, B> process_replica(int o, const B& en) {
    if (skipped(en)) return {ff(), ff()};
    View v = view_[at(o)];
    B live = en, exit = ff(), err = ff();
    B replace = ff();
    if (rules_.recreate_succeeded) replace = replace || (v.created && v.phase == num(kSucceeded));
    if (fault_ != Fault::kFailedNotRecreated) replace = replace || (v.created && v.phase == num(kFailed));  // mutant
    const B recreate = live && replace;
    const B failed = v.phase == num(kFailed);
    if (rules_.terminal_pods == spec::TerminalPodRule::kRecreateSameSync) {
      event(recreate && failed, spec::EventKind::kRecreatingFailedPod, o);
      event(recreate && !failed, spec::EventKind::kRecreatingTerminatedPod, o);
      const B e = delete_failed(o, recreate);
      err = err || e;
      exit = exit || e;
      live = live && !e;
      view_[at(o)] = select(recreate && !e, placeholder(o), v);
      v = view_[at(o)];
    } else {
      const B del = recreate && !terminating(v);
      event(del && failed, spec::EventKind::kRecreatingFailedPod, o);
      event(del && !failed, spec::EventKind::kRecreatingTerminatedPod, o);
      const B e = delete_failed(o, del);
      err = err || e;
      exit = exit || recreate;  // the replacement is created on a later sync
      live = live && !recreate;
    }
    B create = live && !v.created;
    if (auto_delete_) {  // wait for the GC to remove a stale claim
      const B stale = create && pod_claim_is_stale(o, v.uid);
      exit = exit || stale;
      create = create && !stale;
    }
    const B create_err = create_stateful_pod(o, v, create);
    if (fault_ == Fault::kCreateErrorContinues) {  // mutant: the error is dropped, the loop goes on
      exit = exit || (monotonic_ ? create && !create_err : ff());
    } else {
      err = err || create_err;
      exit = exit || (monotonic_ ? create : create_err);
    }
    live = live && v.created;
    const B pending = live && v.phase == num(kPending);
    const B claims_err = create_missing_claims(o, v, pending);
    err = err || claims_err;
    exit = exit || claims_err;
    live = live && !claims_err;
    if (monotonic_ && fault_ != Fault::kCreateWithoutWaiting) {  // mutant
      const B wait = live && (terminating(v) || !running_ready(v) || !running_available(v));
      exit = exit || wait;
      live = live && !wait;
    }
    const B retention_match = auto_delete_ ? claims_match_retention_policy(o, v.uid) : tt();
    const B update = live && !(v.identity == ord(o) && retention_match);
    const B update_err = update_stateful_pod(o, v, update);
    err = err || update_err;
    exit = exit || update_err;
    return {exit, err};
  }

  std::pair<B, B> process_condemned(int o, const B& en) {
    if (skipped(en)) return {ff(), ff()};
    const View& v = view_[at(o)];
    const B term = terminating(v);
    const bool wait = monotonic_ && fault_ != Fault::kScaleDownIgnoresTerminating;  // mutant
    B exit = wait ? en && term : ff();
    B del = en && !term;
    if (monotonic_) {
      const B hold = del && !first_unhealthy_[at(o)] && (!running_ready(v) || !running_available(v));
      exit = exit || hold;
      del = del && !hold;
    }
    const B err = delete_failed(o, del);
    if (fault_ == Fault::kScaleDownErrorContinues) return {exit || (del && !err), ff()};  // mutant
    return {exit || del, err};
  }

  // --- rolling updates ---
  I update_min() const {
    return fault_ == Fault::kUpdateBelowPartition ? num(0) : ite(set_.has_partition, set_.partition, num(0));  // mutant
  }
  B outdated(const View& v) const { return v.revision != upd_ && !terminating(v); }

  // Defined in model/rules/update_status.h.
  // Legacy: delete the highest outdated pod at or above the partition, waiting for each one.
  void rolling_update(const B& alive, I& current);
  // With maxUnavailable (the MaxUnavailableStatefulSet gate): up to that many at once.
  void rolling_update_max_unavailable(const B& alive, I& current);

  // --- status (defined in model/rules/update_status.h) ---
  // The status the sync counts from its views.
  Status count_status() const;
  // completeRollingUpdate, then the write if inconsistentStatus.
  void write_status(const B& exists, const Status& st);

  // --- pod and claim writes (upstream stateful_pod_control.go) ---
  // Defined in model/rules/pod_control.h.
  I api_delete_pod(int o, const B& g);
  I delete_stateful_pod(int o, const B& g);
  B delete_failed(int o, const B& g) { return g && delete_stateful_pod(o, g) != num(kNoError); }

  B create_stateful_pod(int o, const View& v, const B& g);
  B update_stateful_pod(int o, const View& v, const B& g);
  std::tuple<B, B, B> update_stateful_pod_once(int o, const View& v, const B& g);
  B create_missing_claims(int o, const View& v, const B& g);

  // --- claims ---
  // A claim as its lister serves it (the store itself unless the claims view is stale), and as
  // the store holds it.
  // (The symbolic form reads the store's claim at the time of the read, as an up-to-date lister
  // would; the reference stays valid until the next read of that slot.)
  const FlatClaim<D>& claim(int t, int o) const {
    const std::size_t i = at(sh_.claim_index(t, o));
    if (!lagging_) return (*claims_view_)[i];
    if (claim_reads_.empty()) claim_reads_ = s_.claims;
    claim_reads_[i] = select_flat(d_, lagging_->claims_lag, lagging_->claims[i], s_.claims[i]);
    return claim_reads_[i];
  }
  FlatClaim<D>& stored_claim(int t, int o) { return s_.claims[at(sh_.claim_index(t, o))]; }

  B create_claims(int o, const B& g);
  B has_set_ref(const FlatClaim<D>& c) const;
  B has_pod_ref(const FlatClaim<D>& c, const I& uid) const;
  B scaled_down(int o) const;
  B claim_matches(const FlatClaim<D>& c, int o, const I& uid) const;
  B claims_match_retention_policy(int o, const I& uid);
  I update_claims_for_retention_policy(int o, const I& uid, const B& g);
  B pod_claim_is_stale(int o, const I& uid);
  I update_claim_refs(const FlatClaim<D>& listed, int o, int t, const I& uid, const B& g);

  spec::SyncResult* log_;
  spec::WriteFaults* faults_;
  int tries_;  ///< most tries of a write retried on Conflict: 0 for client-go's, else this many
  std::optional<Injection<D>> inject_;  ///< a WriteError's error (inject)
  I seen_;                              ///< write attempts so far, while injecting
  bool answered_ = false;               ///< the last attempt's store answer came from faults_
  std::int64_t answer_ = 0;             ///< ... and was this (a spec::ApiCode)
  B hit_;                               ///< the injected error hit an attempt that can get it
  const bool status_validation_;
  const FlatListers<D>* lagging_;                ///< the symbolic form of the listers (ListerView)
  std::optional<FlatSet<D>> set_merged_;         ///< ... the set as its lister serves it then
  const FlatSet<D>& set_;                        ///< the set as its lister serves it
  mutable Slots<FlatClaim<D>> claim_reads_;      ///< ... the claims read so far then (claim())
  const Slots<FlatClaim<D>>* claims_view_;       ///< the claims as their lister serves them
  const Slots<FlatPod<D>>* pods_view_;           ///< the pods as their lister serves them
  const Slots<FlatRevision<D>>* revisions_view_; ///< the revisions as their lister serves them
  std::optional<spec::ApiError> step_error_;
  std::array<B, spec::kWriteClasses> rejected_;       ///< rejected(c)
  std::array<B, spec::kWriteClasses> step_rejected_;  ///< ... the current runForAll step's error is such
  B step_failed_;                                     ///< the current step has its error
  const D& d_;
  const spec::ControllerConfig& cfg_;
  const spec::Rules& rules_;
  const Fault fault_;
  const bool auto_delete_;
  const bool monotonic_;
  const Shape& sh_;
  FlatState<D>& s_;
  const int n_;
  const int claim_templates_;
  const int extra_;

  B events_;
  B overflow_;
  Slots<FlatPod<D>> snap_;          ///< the pods as listed at the start of the sync
  Slots<FlatRevision<D>> listed_;   ///< the revisions as listed at the start of the sync
  I start_;
  I mrs_;
  I cur_;
  I upd_;
  B retain_scaled_;
  B retain_deleted_;
  Slots<B> in_range_;
  Slots<B> is_replica_;
  Slots<B> condemned_;
  Slots<B> first_unhealthy_;
  Slots<View> view_;
};

}  // namespace stsmc::model::rules::detail

#include "model/rules/pod_control.h"       // the definitions of Sync's pod and claim writes
#include "model/rules/revision_history.h"  // ... and of its revision reads and writes
#include "model/rules/update_status.h"     // ... and of its rolling update and status write
