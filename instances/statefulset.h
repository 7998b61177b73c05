#pragma once
// The engines over the StatefulSet model, compiled once. Each engine is a template over its model
// (checker/, counterexamples/); every unit that ran one on model::StatefulSetModel used to compile
// the whole engine again, at -O2 about half of such a unit's build time. A unit that includes this
// header gets the declarations below instead and links the one copy in instances/*.cpp. Including
// it is only a build-time matter: a unit that does not still compiles and behaves the same.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "checker/evaluate.h"
#include "checker/explore.h"
#include "checker/fuzz.h"
#include "checker/restrict.h"
#include "checker/simulate.h"
#include "counterexamples/replay.h"
#include "counterexamples/shorten.h"
#include "counterexamples/shrink.h"
#include "model/checker_model.h"

namespace stsmc::instances {
using Model = model::StatefulSetModel;
using Restricted = checker::Restricted<Model>;
}  // namespace stsmc::instances

// The explicit instantiation declarations; their definitions are in instances/*.cpp, one list
// each, so that a signature changed in an engine fails to compile here rather than at link time.
#define STSMC_INSTANCES_EXPLORE(kind)                                                                          \
  kind template checker::ExploreReport<instances::Model> checker::explore<instances::Model>(                   \
      const instances::Model&, const std::vector<checker::Property<instances::Model>>&,                        \
      const checker::ExploreConfig&, const checker::OnDiscovery<instances::Model>&);                           \
  kind template checker::ExploreReport<instances::Restricted> checker::explore<instances::Restricted>(         \
      const instances::Restricted&, const std::vector<checker::Property<instances::Restricted>>&,              \
      const checker::ExploreConfig&, const checker::OnDiscovery<instances::Restricted>&);

#define STSMC_INSTANCES_WALKS(kind)                                                                            \
  kind template checker::ExploreReport<instances::Model> checker::fuzz<instances::Model>(                      \
      const instances::Model&, const std::vector<checker::Property<instances::Model>>&,                        \
      const checker::FuzzConfig&);                                                                             \
  kind template checker::ExploreReport<instances::Model> checker::simulate<instances::Model>(                  \
      const instances::Model&, const std::vector<checker::Property<instances::Model>>&,                        \
      const checker::SimulateConfig&);                                                                         \
  kind template checker::LassoVerdict checker::check_lasso<instances::Model>(                                  \
      const instances::Model&, const checker::Path<instances::Model>&,                                         \
      const checker::Property<instances::Model>&);

#define STSMC_INSTANCES_TRACES(kind)                                                                           \
  kind template counterexamples::ReplayResult<instances::Model> counterexamples::replay<instances::Model>(      \
      const instances::Model&, const counterexamples::StoredTrace&,                                            \
      const std::vector<checker::Property<instances::Model>>&);                                                \
  kind template checker::Path<instances::Model> counterexamples::shrink<instances::Model>(                     \
      const instances::Model&, const checker::Path<instances::Model>&,                                         \
      const checker::Property<instances::Model>&, const counterexamples::ShrinkOptions&);                      \
  kind template checker::Path<instances::Model> counterexamples::shorten<instances::Model>(                    \
      const instances::Model&, const checker::Path<instances::Model>&,                                         \
      const checker::Property<instances::Model>&, const counterexamples::ShrinkOptions&, std::size_t);         \
  kind template counterexamples::ShorterSearch<instances::Model> counterexamples::search_shorter<instances::Model>( \
      const instances::Model&, const checker::Path<instances::Model>&,                                         \
      const checker::Property<instances::Model>&, std::optional<std::chrono::steady_clock::time_point>,        \
      std::optional<std::uint64_t>, const std::optional<std::set<std::string>>&, std::size_t, std::uint64_t);

namespace stsmc {
STSMC_INSTANCES_EXPLORE(extern)
STSMC_INSTANCES_WALKS(extern)
STSMC_INSTANCES_TRACES(extern)
}  // namespace stsmc
