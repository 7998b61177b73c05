#pragma once
// What `stsmc run` shows and checks at an `expect`: the kubectl-like pod table, the set's
// summary, object names as Kubernetes spells them, and the comparison with an Expect block.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "scenario/scenario.h"
#include "model/statefulset_model.h"

namespace stsmc::scenario {

/// A pod event of the act as `expect.events` sees it: "create NAME" or "delete NAME", and the
/// controller sync that recorded it (numbered from 1 over the run; 0 when no sync did: a
/// user's delete, an eviction, the garbage collector).
struct ActEvent {
  std::string text;
  std::size_t sync = 0;
};

/// The texts of `events`, in order.
std::vector<std::string> texts(const std::vector<ActEvent>& events);

/// The incarnation (uid) each PVC name had when the runner first saw it (for `same-pvc`).
using PvcUids = std::map<std::string, std::uint32_t>;

/// The revisions named by `revision-as` and the like: name -> the template the revision holds
/// (a ControllerRevision's identity: its name is the template's hash).
using RevisionNames = std::map<std::string, spec::TemplateId>;

/// The ordinal of pod `name` ("myapp-1" -> 1), if it names a pod of the set.
std::optional<model::Ordinal> ordinal_of(const model::ModelConfig& cfg, const std::string& name);

/// The claim template and ordinal of claim `name` ("data-myapp-1" -> (0, 1)), if it names a claim
/// of the set (`<template>-<set>-<ordinal>`).
std::optional<std::pair<std::uint8_t, model::Ordinal>> claim_of(const model::ModelConfig& cfg, const std::string& name);

/// `<pod>.<service>.<namespace>.svc.cluster.local` for the pod whose identity is `ordinal`.
std::string pod_dns_name(const model::ModelConfig& cfg, model::Ordinal ordinal);

/// Name of a PVC object.
std::string pvc_name(const model::ModelConfig& cfg, const spec::Pvc& pvc);

/// Names of every existing PVC, sorted.
std::vector<std::string> pvc_names(const model::ModelConfig& cfg, const model::ClusterState& s);

/// The pods as `kubectl get pods` would list them: NAME, READY, STATUS, REVISION (number) and
/// PVC (claim names with their incarnation), one line each, ending in a newline.
std::string pod_table(const model::ModelConfig& cfg, const model::ClusterState& s);

/// One line on the StatefulSet object (spec, status and revisions) and one on the PVCs that
/// no pod uses, each ending in a newline.
std::string set_summary(const model::ModelConfig& cfg, const model::ClusterState& s);

/// The differences between `e` and the state, each like "pods.myapp-1.revision: expected 2,
/// got 3"; empty when the expectation holds. `events` are the pod events it is checked against.
/// The block's `-as` names are added to `names` first, then every `-is` is compared with them.
/// `last_sync` is what the last controller sync returned (null before the first sync).
std::vector<std::string> check_expect(const model::ModelConfig& cfg, const model::ClusterState& s, const Expect& e,
                                      const std::vector<ActEvent>& events, const PvcUids& first_uids,
                                      RevisionNames& names, const spec::SyncResult* last_sync);

/// "[a, b, c]".
std::string bracket_list(const std::vector<std::string>& items);

}  // namespace stsmc::scenario
