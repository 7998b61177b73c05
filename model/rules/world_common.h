#pragma once
// What every part of the world's actions (model/rules/world.h) shares: the budget an action kind
// spends, the pod phases as domain numbers, and the guarded write `put`.
#include <cstdint>

#include "model/rules/domain.h"
#include "model/rules/flat_state.h"

namespace stsmc::model::rules {

/// Indices into FlatState::budgets (model::Budgets field order).
namespace budget {
inline constexpr int kScale = 0, kUpdateTemplate = 1, kSetPartition = 2, kSetMaxUnavailable = 3,
                     kSetUpdateStrategy = 4, kSetRetentionPolicy = 5, kSetStartOrdinal = 6, kDeletePod = 7,
                     kDeleteStatefulSet = 8, kPodFailed = 9, kPodSucceeded = 10, kPodUnready = 11, kNodeLost = 12,
                     kWriteError = 13, kInformerLag = 14, kDeletePvc = 15, kOrphanPod = 16, kLabelPod = 17,
                     kOrphanPvc = 18, kPartialSync = 19, kRestart = 20;
}  // namespace budget

/// The budget an action kind spends (model::Budgets index), or -1.
constexpr int budget_of_kind(std::int64_t k) {
  if (k == kind_of<Scale>) return budget::kScale;
  if (k == kind_of<UpdateTemplate>) return budget::kUpdateTemplate;
  if (k == kind_of<SetPartition>) return budget::kSetPartition;
  if (k == kind_of<SetMaxUnavailable>) return budget::kSetMaxUnavailable;
  if (k == kind_of<SetUpdateStrategy>) return budget::kSetUpdateStrategy;
  if (k == kind_of<SetRetentionPolicy>) return budget::kSetRetentionPolicy;
  if (k == kind_of<SetStartOrdinal>) return budget::kSetStartOrdinal;
  if (k == kind_of<DeletePod>) return budget::kDeletePod;
  if (k == kind_of<DeleteStatefulSet>) return budget::kDeleteStatefulSet;
  if (k == kind_of<PodFailed>) return budget::kPodFailed;
  if (k == kind_of<PodSucceeded>) return budget::kPodSucceeded;
  if (k == kind_of<PodUnready>) return budget::kPodUnready;
  if (k == kind_of<NodeLost>) return budget::kNodeLost;
  if (k == kind_of<WriteError>) return budget::kWriteError;
  if (k == kind_of<InformerLag>) return budget::kInformerLag;
  if (k == kind_of<DeletePvc>) return budget::kDeletePvc;
  if (k == kind_of<OrphanPod>) return budget::kOrphanPod;
  if (k == kind_of<LabelPod>) return budget::kLabelPod;
  if (k == kind_of<OrphanPvc>) return budget::kOrphanPvc;
  if (k == kind_of<PartialSync>) return budget::kPartialSync;
  if (k == kind_of<ControllerRestart>) return budget::kRestart;
  return -1;
}

}  // namespace stsmc::model::rules

namespace stsmc::model::rules::world {

inline constexpr std::int64_t kPending = static_cast<std::int64_t>(spec::PodPhase::kPending);
inline constexpr std::int64_t kRunning = static_cast<std::int64_t>(spec::PodPhase::kRunning);
inline constexpr std::int64_t kSucceeded = static_cast<std::int64_t>(spec::PodPhase::kSucceeded);
inline constexpr std::int64_t kFailed = static_cast<std::int64_t>(spec::PodPhase::kFailed);
/// Pod.ready_seconds saturates at the largest uint32.
inline constexpr std::int64_t kSecondsMax = 0xffffffffLL;

template <class D, class T>
void put(const D& d, T& field, const typename D::Bool& g, const T& v) {
  field = d.ite(g, v, field);
}

}  // namespace stsmc::model::rules::world
