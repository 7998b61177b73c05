// libFuzzer target: trace files (fuzz/entry_points.h); built only with -DSTSMC_FUZZ=ON and clang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/entry_points.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)stsmc::fuzz::trace_input(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
