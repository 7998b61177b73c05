#pragma once
// The apps/v1 StatefulSet as stsmc sees it: the fields of a manifest that change what the
// controller does, after the API server's defaulting. Plain reflected values.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/reflect.h"

namespace stsmc::spec {

enum class PodManagementPolicy : std::uint8_t { kOrderedReady, kParallel };
constexpr std::array<std::string_view, 2> enum_names(PodManagementPolicy) { return {"OrderedReady", "Parallel"}; }

enum class UpdateStrategyType : std::uint8_t { kRollingUpdate, kOnDelete };
constexpr std::array<std::string_view, 2> enum_names(UpdateStrategyType) { return {"RollingUpdate", "OnDelete"}; }

enum class RetentionPolicyType : std::uint8_t { kRetain, kDelete };
constexpr std::array<std::string_view, 2> enum_names(RetentionPolicyType) { return {"Retain", "Delete"}; }

/// intstr.IntOrString restricted to what maxUnavailable accepts: an int, or "N%".
struct IntOrPercent {
  BOOST_HANA_DEFINE_STRUCT(IntOrPercent, (std::int32_t, value), (bool, percent));
  friend bool operator==(const IntOrPercent&, const IntOrPercent&) = default;
  /// "2" or "50%".
  std::string str() const { return std::to_string(value) + (percent ? "%" : ""); }
  /// Upstream's GetScaledValueFromIntOrPercent(..., roundUp=false) for a percent of `total`.
  std::int32_t scaled(std::int32_t total) const {
    return percent ? static_cast<std::int32_t>(static_cast<std::int64_t>(value) * total / 100) : value;
  }
};

/// spec.persistentVolumeClaimRetentionPolicy (default Retain/Retain).
struct RetentionPolicy {
  BOOST_HANA_DEFINE_STRUCT(RetentionPolicy, (RetentionPolicyType, when_deleted),
                           (RetentionPolicyType, when_scaled));
  friend bool operator==(const RetentionPolicy&, const RetentionPolicy&) = default;
};

/// spec.updateStrategy. partition/max_unavailable exist only under RollingUpdate (defaulting
/// sets partition 0; maxUnavailable 1 only when the MaxUnavailableStatefulSet gate is on).
struct UpdateStrategy {
  BOOST_HANA_DEFINE_STRUCT(UpdateStrategy, (UpdateStrategyType, type),
                           (std::optional<std::int32_t>, partition),
                           (std::optional<IntOrPercent>, max_unavailable));
  friend bool operator==(const UpdateStrategy&, const UpdateStrategy&) = default;
};

struct Container {
  BOOST_HANA_DEFINE_STRUCT(Container, (std::string, name), (std::string, image));
  friend bool operator==(const Container&, const Container&) = default;
};

/// spec.template: the pod template. Its value is the identity of a revision: two templates that
/// compare equal are the same ControllerRevision.
struct PodTemplate {
  BOOST_HANA_DEFINE_STRUCT(PodTemplate, (std::map<std::string, std::string>, labels),
                           (std::map<std::string, std::string>, annotations),
                           (std::vector<Container>, containers));
  friend bool operator==(const PodTemplate&, const PodTemplate&) = default;
  /// Image of container 0 ("" when there is none).
  const std::string& image() const;
};

/// One entry of spec.volumeClaimTemplates.
struct ClaimTemplate {
  BOOST_HANA_DEFINE_STRUCT(ClaimTemplate, (std::string, name),
                           (std::map<std::string, std::string>, labels),
                           (std::vector<std::string>, access_modes), (std::string, storage),
                           (std::string, storage_class));
  friend bool operator==(const ClaimTemplate&, const ClaimTemplate&) = default;
};

/// A StatefulSet after defaulting.
struct StatefulSet {
  BOOST_HANA_DEFINE_STRUCT(StatefulSet, (std::string, name), (std::string, namespace_),
                           (std::string, service_name), (std::int32_t, replicas),
                           (std::map<std::string, std::string>, selector),
                           (PodTemplate, pod_template),
                           (PodManagementPolicy, pod_management_policy),
                           (UpdateStrategy, update_strategy),
                           (RetentionPolicy, retention_policy),
                           (std::optional<std::int32_t>, ordinals_start),
                           (std::int32_t, min_ready_seconds),
                           (std::int32_t, revision_history_limit),
                           (std::vector<ClaimTemplate>, volume_claim_templates));
  friend bool operator==(const StatefulSet&, const StatefulSet&) = default;
  std::int32_t start_ordinal() const { return ordinals_start.value_or(0); }
};

/// A v1 Service found beside the StatefulSet (the headless service that gives pods DNS names).
struct Service {
  BOOST_HANA_DEFINE_STRUCT(Service, (std::string, name), (std::string, namespace_), (bool, headless));
  friend bool operator==(const Service&, const Service&) = default;
};

/// What a manifest file gives the model.
struct Manifest {
  BOOST_HANA_DEFINE_STRUCT(Manifest, (std::string, source), (StatefulSet, set),
                           (std::optional<Service>, service));
  friend bool operator==(const Manifest&, const Manifest&) = default;
  /// DNS name of the pod with `ordinal`: <pod>.<service>.<ns>.svc.cluster.local.
  std::string pod_dns_name(std::int32_t ordinal) const;
  /// Name of the pod with `ordinal`: <set>-<ordinal>.
  std::string pod_name(std::int32_t ordinal) const;
};

inline const std::string& PodTemplate::image() const {
  static const std::string kEmpty;
  return containers.empty() ? kEmpty : containers.front().image;
}
inline std::string Manifest::pod_name(std::int32_t ordinal) const {
  return set.name + "-" + std::to_string(ordinal);
}
inline std::string Manifest::pod_dns_name(std::int32_t ordinal) const {
  return pod_name(ordinal) + "." + set.service_name + "." + set.namespace_ + ".svc.cluster.local";
}

}  // namespace stsmc::spec
