// The failWrites matcher (FORMAT-faults.md §2.2), shared by conformance replays and scenarios.
#include "spec/fail_writes.h"

#include <utility>

namespace stsmc::spec {

std::string describe(const FailRule& rule) {
  std::string s = std::string(verb_name(rule.verb)) + " " + std::string(resource_name(rule.resource));
  if (rule.name) s += " " + *rule.name;
  if (rule.nth != 1) s += " #" + std::to_string(rule.nth);
  return s + ": " + std::string(api_code_name(rule.error));
}

std::string object_name(const ControllerConfig& cfg, const WriteAttempt& a) {
  switch (a.resource) {
    case Resource::kPods: return cfg.pod_name(a.pod);
    case Resource::kClaims: return cfg.claim_name(a.claim_template, a.pod);
    case Resource::kStatefulSets: return cfg.set_name;
    case Resource::kRevisions: return "";
  }
  return "";
}

FailWrites::FailWrites(const ControllerConfig& cfg, std::vector<FailRule> rules)
    : cfg_(cfg), rules_(std::move(rules)), seen_(rules_.size(), 0) {}

ApiCode FailWrites::on_attempt(const WriteAttempt& a) {
  ApiCode out = ApiCode::kNone;
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    const FailRule& r = rules_[i];
    if (r.verb != a.verb || r.resource != a.resource || (r.name && *r.name != object_name(cfg_, a))) continue;
    if (++seen_[i] == r.nth && out == ApiCode::kNone) out = r.error;
  }
  return out;
}

}  // namespace stsmc::spec
