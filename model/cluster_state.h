#pragma once
// ClusterState: the whole closed world at one instant — the API objects (spec::ApiState) plus
// the environment's remaining budgets of user and fault actions.
#include <array>
#include <cstdint>
#include <string_view>

#include "core/reflect.h"
#include "spec/objects.h"

namespace stsmc::model {

/// How many more actions of each bounded kind the environment may take. Unbounded kinds
/// (controller, kubelet progress, GC) need no budget: the state space stays finite without one.
struct Budgets {
  BOOST_HANA_DEFINE_STRUCT(Budgets, (std::uint8_t, scale), (std::uint8_t, update_template),
                           (std::uint8_t, set_partition), (std::uint8_t, set_max_unavailable),
                           (std::uint8_t, set_update_strategy), (std::uint8_t, set_retention_policy),
                           (std::uint8_t, set_start_ordinal), (std::uint8_t, delete_pod),
                           (std::uint8_t, delete_statefulset), (std::uint8_t, pod_failed),
                           (std::uint8_t, pod_succeeded), (std::uint8_t, pod_unready),
                           (std::uint8_t, node_lost), (std::uint8_t, write_error));
  /// Added after traces were stored: at zero it is not in a trace's JSON or fingerprint
  /// (core/reflect.h), so traces without faults read and replay as before.
  static constexpr std::array<std::string_view, 1> kAddedFields{"write_error"};
  friend bool operator==(const Budgets&, const Budgets&) = default;
};

/// The state of the model.
struct ClusterState {
  BOOST_HANA_DEFINE_STRUCT(ClusterState, (spec::ApiState, api), (Budgets, budgets));
  friend bool operator==(const ClusterState&, const ClusterState&) = default;
};

}  // namespace stsmc::model
