#pragma once
// Toy traces for the counterexamples tests: paths of the toy counter model built from action
// lists, and their trace documents (a safety trace violating below-five, a liveness lasso).
#include <optional>
#include <string>
#include <vector>

#include "checker/path.h"
#include "core/check.h"
#include "counterexamples/testing/toy_model.h"
#include "counterexamples/trace.h"

namespace stsmc::counterexamples::testing {

/// The path that `actions` take from the toy's initial state (they must all apply).
inline checker::Path<ToyModel> toy_path(const std::vector<ToyAction>& actions,
                                        std::optional<std::size_t> loop_start = std::nullopt) {
  const ToyModel model;
  auto p = checker::rebuild_path(model, model.init_states().front(), actions);
  STSMC_CHECK(p.has_value());
  p->loop_start = loop_start;
  return *p;
}

/// Trace metadata for the toy with the given property, kind and violation.
inline TraceMeta toy_meta(std::string property, std::string kind, std::size_t step,
                          std::string message) {
  TraceMeta m;
  m.property = std::move(property);
  m.kind = std::move(kind);
  m.engine = "explore";
  m.seed = 42;
  m.manifest = Json{{"name", "toy"}};
  m.bounds = Json{{"max", ToyModel::kMax}};
  m.violation_step = step;
  m.violation_message = std::move(message);
  m.extra = Json{{"kubernetes", "1.28"}};
  return m;
}

/// inc x5: violates below-five at step 5.
inline StoredTrace toy_safety_trace() {
  const auto path = toy_path({Inc{}, Inc{}, Inc{}, Inc{}, Inc{}});
  return to_stored_trace(ToyModel{}, path, toy_meta("below-five", "safety", 5, "counter is 5"));
}

/// inc, inc, dec: the lasso 1 -> 2 -> 1 never returns to 0 (returns-to-zero), loop at step 1.
inline StoredTrace toy_liveness_trace() {
  const auto path = toy_path({Inc{}, Inc{}, Dec{}}, 1);
  auto meta = toy_meta("returns-to-zero", "liveness", 3,
                       "steps 1..3 repeat forever and never reach the goal");
  meta.note = "toy#1: the 1-2 loop";
  return to_stored_trace(ToyModel{}, path, meta);
}

/// The document text of `t`.
inline std::string text_of(const StoredTrace& t) { return stored_trace_to_json(t).dump(2); }

}  // namespace stsmc::counterexamples::testing
