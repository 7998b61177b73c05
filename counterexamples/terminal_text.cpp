// The size bound on what `stsmc show` prints.
#include "counterexamples/terminal_text.h"

#include <fmt/format.h>

namespace stsmc::counterexamples {

Expected<std::string> bounded_output(std::string out, const std::string& source, std::size_t limit) {
  if (out.size() <= limit) return out;
  return Error{ErrorCode::kBadTrace,
               fmt::format("{}: the rendering is {} bytes, more than the limit of {} MiB; "
                           "is the trace valid? (`stsmc show --format json` prints it as stored)",
                           terminal_safe(source), out.size(), limit >> 20)};
}

}  // namespace stsmc::counterexamples
