#pragma once
// The fields each object level of apps/v1 StatefulSet and v1 Service has in Kubernetes 1.28
// (plus a few newer ones), read or not: any other key is an "unknown field" error, as kubectl's
// strict field validation makes it (a warning with --allow-unknown-fields).
#include <array>
#include <string_view>

namespace stsmc::spec::known {

/// Top level of any object.
inline constexpr auto kObject = std::to_array<std::string_view>({"apiVersion", "kind", "metadata", "spec", "status"});

/// metadata (ObjectMeta).
inline constexpr auto kObjectMeta = std::to_array<std::string_view>(
    {"name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
     "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
     "ownerReferences", "finalizers", "managedFields"});

/// spec (StatefulSetSpec).
inline constexpr auto kStatefulSetSpec = std::to_array<std::string_view>(
    {"replicas", "selector", "template", "volumeClaimTemplates", "serviceName", "podManagementPolicy",
     "updateStrategy", "revisionHistoryLimit", "minReadySeconds", "persistentVolumeClaimRetentionPolicy",
     "ordinals"});

/// spec.selector (LabelSelector).
inline constexpr auto kLabelSelector = std::to_array<std::string_view>({"matchLabels", "matchExpressions"});

/// spec.selector.matchExpressions[*] (LabelSelectorRequirement).
inline constexpr auto kSelectorRequirement = std::to_array<std::string_view>({"key", "operator", "values"});

/// A kind: List document (what `kubectl get -o yaml` prints).
inline constexpr auto kList = std::to_array<std::string_view>({"apiVersion", "kind", "metadata", "items"});

/// spec.updateStrategy.
inline constexpr auto kUpdateStrategy = std::to_array<std::string_view>({"type", "rollingUpdate"});

/// spec.updateStrategy.rollingUpdate.
inline constexpr auto kRollingUpdate = std::to_array<std::string_view>({"partition", "maxUnavailable"});

/// spec.persistentVolumeClaimRetentionPolicy.
inline constexpr auto kRetentionPolicy = std::to_array<std::string_view>({"whenDeleted", "whenScaled"});

/// spec.ordinals.
inline constexpr auto kOrdinals = std::to_array<std::string_view>({"start"});

/// spec.template (PodTemplateSpec) and volumeClaimTemplates[*] (PersistentVolumeClaim).
inline constexpr auto kTemplate = std::to_array<std::string_view>({"metadata", "spec"});
inline constexpr auto kClaim = std::to_array<std::string_view>({"apiVersion", "kind", "metadata", "spec", "status"});

/// spec.template.spec (PodSpec).
inline constexpr auto kPodSpec = std::to_array<std::string_view>(
    {"volumes", "initContainers", "containers", "ephemeralContainers", "restartPolicy",
     "terminationGracePeriodSeconds", "activeDeadlineSeconds", "dnsPolicy", "nodeSelector",
     "serviceAccountName", "serviceAccount", "automountServiceAccountToken", "nodeName", "hostNetwork",
     "hostPID", "hostIPC", "shareProcessNamespace", "securityContext", "imagePullSecrets", "hostname",
     "subdomain", "affinity", "schedulerName", "tolerations", "hostAliases", "priorityClassName",
     "priority", "dnsConfig", "readinessGates", "runtimeClassName", "enableServiceLinks",
     "preemptionPolicy", "overhead", "topologySpreadConstraints", "setHostnameAsFQDN", "os",
     "hostUsers", "schedulingGates", "resourceClaims"});

/// spec.template.spec.containers[*] (Container).
inline constexpr auto kContainer = std::to_array<std::string_view>(
    {"name", "image", "command", "args", "workingDir", "ports", "envFrom", "env", "resources",
     "resizePolicy", "restartPolicy", "volumeMounts", "volumeDevices", "livenessProbe", "readinessProbe",
     "startupProbe", "lifecycle", "terminationMessagePath", "terminationMessagePolicy", "imagePullPolicy",
     "securityContext", "stdin", "stdinOnce", "tty"});

/// spec.template.spec.containers[*].ports[*] (ContainerPort).
inline constexpr auto kContainerPort = std::to_array<std::string_view>({"name", "hostPort", "containerPort", "protocol", "hostIP"});

/// spec.template.spec.containers[*].resources (ResourceRequirements).
inline constexpr auto kContainerResources = std::to_array<std::string_view>({"limits", "requests", "claims"});

/// volumeClaimTemplates[*].spec (PersistentVolumeClaimSpec).
inline constexpr auto kClaimSpec = std::to_array<std::string_view>(
    {"accessModes", "selector", "resources", "volumeName", "storageClassName", "volumeMode", "dataSource",
     "dataSourceRef", "volumeAttributesClassName"});

/// volumeClaimTemplates[*].spec.resources.
inline constexpr auto kClaimResources = std::to_array<std::string_view>({"limits", "requests", "claims"});

/// Service spec (ServiceSpec).
inline constexpr auto kServiceSpec = std::to_array<std::string_view>(
    {"ports", "selector", "clusterIP", "clusterIPs", "type", "externalIPs", "sessionAffinity",
     "loadBalancerIP", "loadBalancerSourceRanges", "externalName", "externalTrafficPolicy",
     "healthCheckNodePort", "publishNotReadyAddresses", "sessionAffinityConfig", "ipFamilies",
     "ipFamilyPolicy", "allocateLoadBalancerNodePorts", "loadBalancerClass", "internalTrafficPolicy",
     "trafficDistribution"});

}  // namespace stsmc::spec::known
