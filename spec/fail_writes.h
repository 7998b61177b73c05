#pragma once
// Injected write failures as rules (tests/conformance/FORMAT-faults.md §2.2 `failWrites`, and
// the `fail-writes:` of a scenario's `sync` step): which attempt of which write gets which API
// error. The rules and their matcher live here, beside spec::WriteFaults, so that conformance
// and scenario (which may not use each other, docs/architecture.md §2) share one copy; each
// reads the rules from its own format.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "spec/controller_config.h"
#include "spec/events.h"

namespace stsmc::spec {

/// One rule: the `nth` attempt of `verb` on `resource` (only attempts on the object `name`, if
/// given) gets `error`; the write then has no effect on the store.
struct FailRule {
  Verb verb = Verb::kCreate;
  Resource resource = Resource::kPods;
  int nth = 1;
  std::optional<std::string> name;
  ApiCode error = ApiCode::kInternal;
  friend bool operator==(const FailRule&, const FailRule&) = default;
};

/// The values a rule may name (spelt by verb_name, resource_name and api_code_name), and the
/// largest nth the readers accept.
inline constexpr std::array<Verb, 4> kFailVerbs = {Verb::kCreate, Verb::kUpdate, Verb::kDelete, Verb::kUpdateStatus};
inline constexpr std::array<Resource, 4> kFailResources = {Resource::kPods, Resource::kClaims, Resource::kStatefulSets,
                                                           Resource::kRevisions};
/// What the recording harness injects (Invalid comes from the API server's validation only).
inline constexpr std::array<ApiCode, 4> kFailErrors = {ApiCode::kAlreadyExists, ApiCode::kConflict, ApiCode::kNotFound,
                                                       ApiCode::kInternal};
inline constexpr int kMaxFailNth = 1'000'000;

/// "create pods web-1 #2: InternalError" (the name and "#nth" only when given / not 1).
std::string describe(const FailRule& rule);

/// The name of the object `a` writes, as a rule's `name` matches it ("" for a revision: rules
/// never name one, its name is a hash stsmc does not compute).
std::string object_name(const ControllerConfig& cfg, const WriteAttempt& a);

/// The rules of one step (all of its syncs together): each rule counts the attempts it
/// selects; the first rule whose count reaches its nth decides the attempt's error.
class FailWrites final : public WriteFaults {
 public:
  FailWrites(const ControllerConfig& cfg, std::vector<FailRule> rules);
  ApiCode on_attempt(const WriteAttempt& a) override;
  /// True once rule i has counted its nth attempt (false: the rule failed no write).
  bool reached(std::size_t i) const { return seen_.at(i) >= rules_.at(i).nth; }

 private:
  const ControllerConfig& cfg_;
  std::vector<FailRule> rules_;
  std::vector<int> seen_;
};

}  // namespace stsmc::spec
