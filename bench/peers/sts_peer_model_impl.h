#pragma once
// The body of StsPeerModel (included by bench/peers/sts_peer_model.h): guards and effects of the
// d_steps of sts.pml, and its assertions as properties. Names follow the Promela macros.
#include <algorithm>
#include <string>

namespace stsmc::peers {

inline std::vector<StsState> StsPeerModel::init_states() const {
  StsState s{};
  s.replicas = init_replicas.value_or(n);
  s.nscale = max_scale;
  s.nimage = max_image;
  s.npart = max_part;
  return {s};
}

inline bool StsPeerModel::all_ready_below(const State& s, unsigned i) const {
  for (unsigned k = 0; k < i; ++k)
    if (s.pod[k] != Phase::kReady) return false;
  return true;
}
inline bool StsPeerModel::none_terminating(const State& s) const {
  for (unsigned k = 0; k < n; ++k)
    if (s.pod[k] == Phase::kTerminating) return false;
  return true;
}
/// Every ordinal from i on is absent.
inline bool StsPeerModel::all_absent_from(const State& s, unsigned i) const {
  for (unsigned k = i; k < n; ++k)
    if (s.pod[k] != Phase::kAbsent) return false;
  return true;
}
inline bool StsPeerModel::all_active_ready(const State& s) const {
  return all_ready_below(s, std::min<unsigned>(s.replicas, n));
}
inline bool StsPeerModel::no_condemned(const State& s) const {
  return all_absent_from(s, s.replicas);
}
/// Every active ordinal from i on runs the update revision.
inline bool StsPeerModel::all_updated_from(const State& s, unsigned i) const {
  for (unsigned k = i; k < s.replicas && k < n; ++k)
    if (s.rev[k] != s.upd_rev) return false;
  return true;
}

/// The guard of the d_step `a`.
inline bool StsPeerModel::enabled(const State& s, const Action& a) const {
  const unsigned i = a.arg;
  const Phase p = i < kMaxOrdinals ? s.pod[i] : Phase::kAbsent;
  switch (a.step) {
    case Step::kCreate:
      return i < s.replicas && p == Phase::kAbsent &&
             (bug_unordered_create ? none_terminating(s) : all_ready_below(s, i));
    case Step::kRecreateFailed:
      return i < s.replicas && p == Phase::kFailed && all_ready_below(s, i);
    case Step::kScaleDown:
      return i >= s.replicas && p != Phase::kAbsent && p != Phase::kTerminating &&
             all_absent_from(s, i + 1) && all_ready_below(s, i) && none_terminating(s);
    case Step::kRoll:
      return i >= (bug_ignore_partition ? 0u : s.partition) && i < s.replicas &&
             s.rev[i] != s.upd_rev && p != Phase::kAbsent && p != Phase::kTerminating &&
             (bug_roll_no_wait ? none_terminating(s) : all_active_ready(s)) && no_condemned(s) &&
             all_updated_from(s, i + 1);
    case Step::kCompleteUpdate:
      return s.cur_rev != s.upd_rev && all_active_ready(s) && all_updated_from(s, 0) &&
             no_condemned(s);
    case Step::kPodRunning: return p == Phase::kPending;
    case Step::kPodReady: return p == Phase::kRunning;
    case Step::kPodUnready:
    case Step::kPodFailed: return p == Phase::kReady;
    case Step::kPodGone: return p == Phase::kTerminating;
    case Step::kScale: return s.nscale > 0 && s.replicas != i;
    case Step::kSetPartition: return s.npart > 0 && s.partition != i;
    case Step::kUpdateImage: return s.nimage > 0;
  }
  return false;
}

/// The alternatives enabled in `s`, in the order of `enabled_actions_by_guard`, but with the
/// quantified macros evaluated once per state rather than once per alternative: how many lower
/// pods are ready, whether one terminates, the highest existing pod, where the run of updated
/// active pods begins.
inline void StsPeerModel::actions(const State& s, std::vector<Action>& out) const {
  auto push = [&](Step step, unsigned arg) { out.push_back(Action{step, static_cast<std::uint8_t>(arg)}); };
  unsigned ready = 0;  // all_ready_below(s, i) <=> i <= ready
  while (ready < n && s.pod[ready] == Phase::kReady) ++ready;
  bool terminating = false;
  int highest = -1;  // all_absent_from(s, i) <=> i > highest
  for (unsigned k = 0; k < n; ++k) {
    terminating |= s.pod[k] == Phase::kTerminating;
    if (s.pod[k] != Phase::kAbsent) highest = static_cast<int>(k);
  }
  const unsigned active = std::min<unsigned>(s.replicas, n);
  unsigned updated = active;  // all_updated_from(s, i) <=> i >= updated
  while (updated > 0 && s.rev[updated - 1] == s.upd_rev) --updated;
  const bool active_ready = active <= ready;
  const bool no_condemned = static_cast<int>(s.replicas) > highest;
  auto exists = [&](unsigned i) { return s.pod[i] != Phase::kAbsent && s.pod[i] != Phase::kTerminating; };

  for (unsigned i = 0; i < n; ++i)
    if (i < s.replicas && s.pod[i] == Phase::kAbsent && (bug_unordered_create ? !terminating : i <= ready))
      push(Step::kCreate, i);
  for (unsigned i = 0; i < n; ++i)
    if (i < s.replicas && s.pod[i] == Phase::kFailed && i <= ready) push(Step::kRecreateFailed, i);
  for (unsigned i = 0; i < n; ++i)
    if (i >= s.replicas && exists(i) && static_cast<int>(i) + 1 > highest && i <= ready && !terminating)
      push(Step::kScaleDown, i);
  const unsigned roll_from = bug_ignore_partition ? 0u : s.partition;
  const bool roll_wait = bug_roll_no_wait ? !terminating : active_ready;
  for (unsigned i = 0; i < n; ++i)
    if (i >= roll_from && i < s.replicas && s.rev[i] != s.upd_rev && exists(i) && roll_wait &&
        no_condemned && i + 1 >= updated)
      push(Step::kRoll, i);
  if (s.cur_rev != s.upd_rev && active_ready && updated == 0 && no_condemned) push(Step::kCompleteUpdate, 0);
  for (unsigned i = 0; i < n; ++i) {
    switch (s.pod[i]) {
      case Phase::kPending: push(Step::kPodRunning, i); break;
      case Phase::kRunning: push(Step::kPodReady, i); break;
      case Phase::kReady:
        push(Step::kPodUnready, i);
        push(Step::kPodFailed, i);
        break;
      case Phase::kTerminating: push(Step::kPodGone, i); break;
      case Phase::kAbsent:
      case Phase::kFailed: break;
    }
  }
  if (s.nscale > 0)
    for (unsigned v = 0; v <= n; ++v)
      if (s.replicas != v) push(Step::kScale, v);
  if (s.npart > 0)
    for (unsigned v = 0; v <= n; ++v)
      if (s.partition != v) push(Step::kSetPartition, v);
  if (s.nimage > 0) push(Step::kUpdateImage, 0);
}

/// The alternatives enabled in `s`, each guard evaluated as written in sts.pml (the reference
/// that actions() is tested against).
inline void StsPeerModel::enabled_actions_by_guard(const State& s, std::vector<Action>& out) const {
  auto add = [&](Step step, unsigned arg) {
    const Action a{step, static_cast<std::uint8_t>(arg)};
    if (enabled(s, a)) out.push_back(a);
  };
  for (Step step : {Step::kCreate, Step::kRecreateFailed, Step::kScaleDown, Step::kRoll})
    for (unsigned i = 0; i < n; ++i) add(step, i);
  add(Step::kCompleteUpdate, 0);
  for (unsigned i = 0; i < n; ++i)
    for (Step step : {Step::kPodRunning, Step::kPodReady, Step::kPodUnready, Step::kPodFailed,
                      Step::kPodGone})
      add(step, i);
  for (unsigned v = 0; v <= n; ++v) add(Step::kScale, v);
  for (unsigned v = 0; v <= n; ++v) add(Step::kSetPartition, v);
  add(Step::kUpdateImage, 0);
}

inline std::optional<StsState> StsPeerModel::next_state(const State& s, const Action& a) const {
  const unsigned i = a.arg;
  if (i > n || (i == n && a.step != Step::kScale && a.step != Step::kSetPartition)) return std::nullopt;
  State t = s;
  const bool new_rev = i < s.partition ? s.cur_rev : s.upd_rev;  // NEW_REV(i)
  switch (a.step) {
    case Step::kCreate:
      t.pod[i] = Phase::kPending;
      t.rev[i] = new_rev;
      t.pvc[i] = true;
      if (t.hiwater <= i) t.hiwater = static_cast<std::uint8_t>(i + 1);
      break;
    case Step::kRecreateFailed:
      t.pod[i] = Phase::kPending;
      t.rev[i] = new_rev;
      break;
    case Step::kScaleDown:
      t.pod[i] = Phase::kTerminating;
      if (bug_pvc_delete) t.pvc[i] = false;
      break;
    case Step::kRoll: t.pod[i] = Phase::kTerminating; break;
    case Step::kCompleteUpdate: t.cur_rev = t.upd_rev; break;
    case Step::kPodRunning: t.pod[i] = Phase::kRunning; break;
    case Step::kPodReady: t.pod[i] = Phase::kReady; break;
    case Step::kPodUnready: t.pod[i] = Phase::kRunning; break;
    case Step::kPodFailed: t.pod[i] = Phase::kFailed; break;
    case Step::kPodGone:
      t.pod[i] = Phase::kAbsent;
      t.rev[i] = false;
      break;
    case Step::kScale:
      t.replicas = static_cast<std::uint8_t>(i);
      --t.nscale;
      break;
    case Step::kSetPartition:
      t.partition = static_cast<std::uint8_t>(i);
      --t.npart;
      break;
    case Step::kUpdateImage:
      t.upd_rev = !t.upd_rev;
      --t.nimage;
      break;
  }
  return t;
}

namespace detail {

using StsProperty = checker::Property<StsPeerModel>;

inline std::optional<std::string> pod_message(const char* what, unsigned j) {
  return std::string(what) + " (ordinal " + std::to_string(j) + ")";
}

/// ASSERT_ORDERED_CREATE (and, for a re-creation, the PVC it must find).
inline std::optional<std::string> ordered_create(const StsPeerModel&, const StsState& s,
                                                 const StsAction& a, const StsState&) {
  if (a.step != Step::kCreate && a.step != Step::kRecreateFailed) return std::nullopt;
  for (unsigned j = 0; j < a.arg; ++j)
    if (s.pod[j] != Phase::kReady) return pod_message("created while a lower pod is not ready", j);
  if (a.step == Step::kRecreateFailed && !s.pvc[a.arg])
    return pod_message("re-created without its PVC", a.arg);
  return std::nullopt;
}

/// ASSERT_REVERSE_DELETE.
inline std::optional<std::string> reverse_delete(const StsPeerModel& m, const StsState& s,
                                                 const StsAction& a, const StsState&) {
  if (a.step != Step::kScaleDown) return std::nullopt;
  const unsigned i = a.arg;
  if (i < s.replicas) return pod_message("scale-down deletes an active pod", i);
  for (unsigned j = 0; j < m.n; ++j) {
    if (j != i && s.pod[j] == Phase::kTerminating) return pod_message("another pod terminating", j);
    if (j > i && s.pod[j] != Phase::kAbsent) return pod_message("a higher pod exists", j);
    if (j < i && s.pod[j] != Phase::kReady) return pod_message("a lower pod is not ready", j);
  }
  return std::nullopt;
}

/// ASSERT_UPDATE: partition respected, one at a time, highest first.
inline std::optional<std::string> update_order(const StsPeerModel& m, const StsState& s,
                                               const StsAction& a, const StsState&) {
  if (a.step != Step::kRoll) return std::nullopt;
  const unsigned i = a.arg;
  if (i < s.partition || i >= s.replicas) return pod_message("rolled outside [partition, replicas)", i);
  for (unsigned j = 0; j < m.n; ++j) {
    if (s.pod[j] == Phase::kTerminating) return pod_message("rolled while a pod terminates", j);
    if (j > i && j < s.replicas && s.rev[j] != s.upd_rev) return pod_message("a higher pod is not updated", j);
    if (j < s.replicas && s.pod[j] != Phase::kReady) return pod_message("an active pod is not ready", j);
  }
  return std::nullopt;
}

}  // namespace detail

inline std::vector<checker::Property<StsPeerModel>> sts_peer_properties() {
  using detail::StsProperty;
  std::vector<StsProperty> props;
  StsProperty p;
  p.kind = checker::PropertyKind::kInvariant;
  p.id = "pvc-retained";
  p.statement = "every ordinal below hiwater (ever created) keeps its PVC";
  p.invariant = [](const StsPeerModel& m, const StsState& s) -> std::optional<std::string> {
    for (unsigned k = 0; k < m.n; ++k)
      if (k < s.hiwater && !s.pvc[k]) return detail::pod_message("PVC gone", k);
    return std::nullopt;
  };
  props.push_back(p);
  p.id = "pod-has-pvc";
  p.statement = "every pod that exists has its PVC";
  p.invariant = [](const StsPeerModel& m, const StsState& s) -> std::optional<std::string> {
    for (unsigned k = 0; k < m.n; ++k)
      if (s.pod[k] != Phase::kAbsent && !s.pvc[k]) return detail::pod_message("pod without PVC", k);
    return std::nullopt;
  };
  props.push_back(p);
  p.id = "one-terminating";
  p.statement = "at most one pod is terminating";
  p.invariant = [](const StsPeerModel& m, const StsState& s) -> std::optional<std::string> {
    unsigned count = 0;
    for (unsigned k = 0; k < m.n; ++k) count += s.pod[k] == Phase::kTerminating;
    if (count > 1) return std::to_string(count) + " pods terminating";
    return std::nullopt;
  };
  props.push_back(p);
  p.invariant = nullptr;
  p.kind = checker::PropertyKind::kStep;
  p.id = "ordered-create";
  p.statement = "a pod is created only when every lower one is ready";
  p.step = detail::ordered_create;
  props.push_back(p);
  p.id = "reverse-delete";
  p.statement = "scale-down deletes the highest pod, all lower ones ready, nothing else terminating";
  p.step = detail::reverse_delete;
  props.push_back(p);
  p.id = "update-order";
  p.statement = "rolling update respects the partition, one pod at a time, highest first";
  p.step = detail::update_order;
  props.push_back(p);
  return props;
}

}  // namespace stsmc::peers
