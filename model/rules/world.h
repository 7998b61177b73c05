#pragma once
// The world's actions (the kubelet, the provisioner, the garbage collector, the user, the
// faults), written once over a value domain: when the checking model enables each kind
// (StatefulSetModel::actions) and what it does (model::apply_action). The concrete engines run
// them on the flat form of the one object an action touches (to_flat(spec::Pod), a claim, the
// set's fields); the symbolic step (transition.h) on every slot, each write guarded by "this
// kind, these arguments, enabled".
//
// Two levels, as the two callers need them: `*_enabled` is the checking model's enabledness
// (what the kubelet, the provisioner, the garbage collector, the user and the faults may do in
// a state, budgets aside); `*_effect` is the action's effect under a guard `g`. A scripted step
// (scenarios, conformance, replay) runs the effect on any pod that exists, the API server's
// semantics, so an effect is total: it never assumes more than the pod's existence.
//
// In four headers: world_common.h (budgets, phases, the guarded write), world_pods.h,
// world_claims.h and world_set.h; this one includes them all.
#include "model/rules/world_claims.h"
#include "model/rules/world_common.h"
#include "model/rules/world_pods.h"
#include "model/rules/world_set.h"
