// trace_to_watch SCENARIO.json [--manifest]: prints the watch stream kubectl would have shown for a
// conformance trace (tests/conformance/FORMAT.md), or with --manifest the set's manifest, for
// trying `stsmc validate` by hand (docs/validate.md §5).
#include <cstdio>
#include <string>

#include "conformance/scenario.h"
#include "tests/validate/trace_to_watch.h"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3 || (argc == 3 && std::string(argv[2]) != "--manifest")) {
    std::fprintf(stderr, "usage: trace_to_watch SCENARIO.json [--manifest]\n");
    return 2;
  }
  auto sc = stsmc::conformance::read_scenario(argv[1]);
  if (!sc) {
    std::fprintf(stderr, "error: %s\n", sc.error().message.c_str());
    return 2;
  }
  const std::string out = argc == 3 ? stsmc::validate::testing::manifest_yaml(*sc)
                                    : stsmc::validate::testing::watch_stream(*sc, stsmc::validate::testing::recorded_states(*sc));
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}
