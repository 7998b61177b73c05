#pragma once
// Showing a stored trace to people: a text walk-through with pod/PVC tables and change marks, a
// Mermaid sequence diagram, a self-contained HTML page, or the JSON document itself. Used by
// `stsmc show`.
#include <string>

#include "counterexamples/trace.h"

namespace stsmc::counterexamples {

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

/// The trace document itself, pretty-printed (2-space indent).
std::string render_json(const StoredTrace& trace);

/// One line for an action {"actor", "name", "args"}: "user delete-pod pod=1 force=false"; other
/// shapes are printed as compact JSON.
std::string describe_action(const Json& action);

}  // namespace stsmc::counterexamples
