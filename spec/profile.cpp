// The release profiles. Each entry says how that release's controller differs; see
// docs/model.md ("Profiles") for the upstream changes behind every switch.
#include "spec/profile.h"

#include <algorithm>

namespace stsmc::spec {

const std::vector<Profile>& profiles() {
  static const std::vector<Profile> kProfiles = [] {
    std::vector<Profile> p;
    Rules r128{HealthRule::kRunningReady, MaxUnavailableRule::kStopAtLimit,
               TerminalPodRule::kRecreateSameSync, /*recreate_succeeded=*/true,
               /*scaled_down_uses_range=*/true, /*complete_uses_spec_replicas=*/true, Fault::kNone};
    Rules r127 = r128;
    r127.recreate_succeeded = false;            // #121389 came with 1.28.x
    r127.complete_uses_spec_replicas = false;   // #120731 came with 1.28.x
    p.push_back({"1.27", "releases before the fixes #121389 (Succeeded pods recreated, #118310) and #120731 "
                         "(completeRollingUpdate compares with spec.replicas, #119685)", r127,
                 FeatureGates{false, true, true}});
    p.push_back({"1.28", "v1.28.7, the release the conformance traces were recorded from", r128,
                 FeatureGates{false, true, true}});
    Rules r133 = r128;
    r133.health = HealthRule::kAvailable;                   // #130909
    r133.max_unavailable = MaxUnavailableRule::kStopAboveLimit;
    r133.terminal_pods = TerminalPodRule::kRecreateNextSync;
    r133.scaled_down_uses_range = true;
    p.push_back({"1.33", "v1.33/1.34: availability-based health (#130909), failed pods recreated on the next sync",
                 r133, FeatureGates{false, true, true}});
    Rules r135 = r133;
    r135.max_unavailable = MaxUnavailableRule::kStopAtLimit;  // #137409
    p.push_back({"1.35", "v1.35.0-1.35.3: maxUnavailable guard `>=` (#137409), gate on by default", r135,
                 FeatureGates{true, true, true}});
    p.push_back({"1.36", "v1.35.4/1.36: as 1.35 with MaxUnavailableStatefulSet off again (#137904)", r135,
                 FeatureGates{false, true, true}});
    Rules r137 = r135;
    r137.max_unavailable = MaxUnavailableRule::kTwoPhase;      // #137666
    p.push_back({"1.37", "v1.37: two-phase maxUnavailable for Parallel (#137666), gate on (#139466)", r137,
                 FeatureGates{true, true, true}});
    return p;
  }();
  return kProfiles;
}

Expected<Profile> find_profile(std::string_view version) {
  std::string v(version);
  if (!v.empty() && v.front() == 'v') v.erase(0, 1);
  const auto dot = v.find('.');
  if (dot != std::string::npos) {
    const auto second = v.find('.', dot + 1);
    if (second != std::string::npos) v.resize(second);  // 1.28.7 -> 1.28
  }
  for (const auto& p : profiles())
    if (p.version == v) return p;
  std::string known;
  for (const auto& p : profiles()) known += (known.empty() ? "" : ", ") + p.version;
  return bad_input("--kubernetes: unknown version '" + std::string(version) + "' (known: " + known + ")");
}

Expected<void> apply_feature_gates(std::string_view text, FeatureGates& gates) {
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const auto comma = text.find(',', pos);
    const std::string_view item = text.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    pos = comma == std::string_view::npos ? text.size() + 1 : comma + 1;
    if (item.empty()) continue;
    const auto eq = item.find('=');
    if (eq == std::string_view::npos)
      return bad_input("--feature-gates: expected Name=true|false, got '" + std::string(item) + "'");
    const std::string_view name = item.substr(0, eq), value = item.substr(eq + 1);
    bool on;
    if (value == "true") on = true;
    else if (value == "false") on = false;
    else return bad_input("--feature-gates: " + std::string(name) + ": expected true or false, got '" + std::string(value) + "'");
    bool found = false;
    for_each_field_mut(gates, [&](std::string_view field, bool& g) {
      if (field == name) { g = on; found = true; }
    });
    if (!found)
      return bad_input("--feature-gates: unknown gate '" + std::string(name) +
                       "' (known: MaxUnavailableStatefulSet, StatefulSetAutoDeletePVC, StatefulSetStartOrdinal)");
  }
  return {};
}

}  // namespace stsmc::spec
