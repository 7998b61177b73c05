#pragma once
// Showing a stored trace to people: a text walk-through with pod/PVC tables and change marks, a
// Mermaid sequence diagram, a self-contained HTML page, or the JSON document itself. Used by
// `stsmc show`.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "counterexamples/trace.h"

namespace stsmc::counterexamples {

/// The value at the path `keys` of nested objects in `j`, or nullptr where a key is missing or
/// a value on the way is no object (the renderers read stored documents that may be partial).
const Json* json_at(const Json& j, std::initializer_list<const char*> keys);

/// Object names for the renderers, from a trace's manifest when it has them (the states hold
/// ordinals only): the set's name ("pod" if unknown) and its claim templates' names.
struct ObjectNames {
  std::string set = "pod";
  std::vector<std::string> claims;

  /// "myapp-0".
  std::string pod(const Json& ordinal) const;
  /// "data-myapp-0"; "claimT-myapp-0" for a template the manifest does not name.
  std::string pvc(const Json& claim_template, const Json& ordinal) const;
};

/// The names of a trace's manifest, in the stored form (set.name, set.volume_claim_templates)
/// or as the manifest's own fields (metadata.name, spec.volumeClaimTemplates).
ObjectNames object_names(const Json& manifest);


/// One block per step: "step 3  user delete-pod pod=1 force=false", then the state. For a
/// StatefulSet state (api.set/pods/pvcs) a set line, a status line and pod and PVC tables, rows
/// that changed since the previous step marked '*' and vanished ones listed as "- name (gone)";
/// for any other shape the JSON leaves that changed. The violation step is marked "<<< violates
/// ID: message" and a lasso's loop start "--- loop starts here ---".
std::string render_text(const StoredTrace& trace);

/// A Mermaid sequenceDiagram: one arrow per step after the initial state from its actor to the
/// apiserver, a Note at the violation and a loop block around a lasso's loop.
std::string render_mermaid(const StoredTrace& trace);

/// One self-contained HTML page (inline CSS, script and SVG; a Content-Security-Policy forbids
/// any fetch): the steps list, per step the changed fields, the StatefulSet, pod, PVC and revision
/// tables with changes marked, a sequence diagram, and the violated property highlighted
/// (elements of class "violation-marker").
std::string render_html(const StoredTrace& trace);

/// The trace document, pretty-printed (2-space indent), with the ControllerRevision numbers
/// added beside the template indices the model stores (with_revision_numbers on every state).
std::string render_json(const StoredTrace& trace);

/// The ControllerRevision number of pod template `template_index` in a StatefulSet state
/// (api.revisions: [{"number", "pod_template"}]); none when the state has no revision of it.
std::optional<std::int64_t> revision_number(const Json& state, const Json& template_index);

/// `state` with "current_revision_number" and "update_revision_number" beside api.set.status's
/// current_revision and update_revision, and "revision_number" beside each pod's revision
/// (template indices); a state of another shape is returned as it is.
Json with_revision_numbers(const Json& state);

/// One line for an action {"actor", "name", "args"}: "user delete-pod pod=1 force=false"; other
/// shapes are printed as compact JSON.
std::string describe_action(const Json& action);

}  // namespace stsmc::counterexamples
