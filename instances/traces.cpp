// Explicit instantiation of the engines listed in instances/statefulset.h (STSMC_INSTANCES_TRACES).
#include "instances/statefulset.h"

namespace stsmc {
STSMC_INSTANCES_TRACES()
}  // namespace stsmc
