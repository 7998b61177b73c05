// Validation of a decoded StatefulSet as the API server does it: DNS names, the set's labels and
// annotations, non-negative numbers, maxUnavailable, the label selector (matchLabels and
// matchExpressions) against the template's labels, containers and claim templates.
#include "spec/validation.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>

#include "core/limits.h"
#include "spec/text_util.h"

namespace stsmc::spec {

namespace {

constexpr std::string_view kLabelMessage =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
    "start and end with an alphanumeric character (e.g. 'my-name', or '123-abc')";
constexpr std::string_view kSubdomainMessage =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
    "and must start and end with an alphanumeric character (e.g. 'example.com')";
constexpr std::string_view kKeyMessage =
    "a label or annotation key must be an optional DNS subdomain prefix and '/' followed by at most "
    "63 characters of [A-Za-z0-9_.-], starting and ending with an alphanumeric character";
constexpr std::string_view kValueMessage =
    "a label value must be empty or at most 63 characters of [A-Za-z0-9_.-], starting and ending "
    "with an alphanumeric character";
constexpr auto kAccessModes = std::to_array<std::string_view>(
    {"ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"});

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_alnum(char c) { return is_lower_alnum(c) || (c >= 'A' && c <= 'Z'); }

// [A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?, at most 63 characters.
bool is_name_part(std::string_view s) {
  if (s.empty() || s.size() > 63 || !is_alnum(s.front()) || !is_alnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return is_alnum(c) || c == '-' || c == '_' || c == '.'; });
}

void check_name(Diagnostics& diag, const std::string& path, std::string_view value, bool subdomain) {
  const std::size_t max = subdomain ? 253 : 63;
  if (value.empty()) {
    diag.error_at(path, "Required value");
  } else if (value.size() > max) {
    diag.error_at(path, fmt::format("Invalid value: {}: must be no more than {} characters", quote(value), max));
  } else if (subdomain ? !is_dns1123_subdomain(value) : !is_dns1123_label(value)) {
    diag.error_at(path, fmt::format("Invalid value: {}: {}", quote(value), subdomain ? kSubdomainMessage : kLabelMessage));
  }
}

void check_non_negative(Diagnostics& diag, const std::string& path, std::int64_t value) {
  if (value < 0) diag.error_at(path, fmt::format("must be >= 0, got {}", value));
}

// Keys (and, for labels, values) of a label or annotation map at `path`.
void check_string_map(Diagnostics& diag, const std::string& path, const std::map<std::string, std::string>& m,
                      bool labels) {
  for (const auto& [key, value] : m) {
    const std::string entry = fmt::format("{}[{}]", path, key);
    if (!is_qualified_name(key)) diag.error_at(entry, fmt::format("Invalid value: {}: {}", quote(key), kKeyMessage));
    else if (labels && !is_label_value(value))
      diag.error_at(entry, fmt::format("Invalid value: {}: {}", quote(value), kValueMessage));
  }
}

std::string render_map(const std::map<std::string, std::string>& m) {
  std::string out;
  for (const auto& [k, v] : m) out += fmt::format("{}{}: {}", out.empty() ? "" : ", ", quote(k), quote(v));
  return out.size() > 200 ? "{" + out.substr(0, 200) + "...}" : "{" + out + "}";
}

// ValidateLabelSelectorRequirement: a qualified-name key, values only (and at least one) for In
// and NotIn, every value a label value.
void check_requirement(const SelectorRequirement& r, const std::string& path, Diagnostics& diag) {
  if (!r.key.empty() && !is_qualified_name(r.key))
    diag.error_at(path + ".key", fmt::format("Invalid value: {}: {}", quote(r.key), kKeyMessage));
  const bool set_based = r.op == SelectorOperator::kIn || r.op == SelectorOperator::kNotIn;
  if (set_based && r.values.empty())
    diag.error_at(path + ".values", "Required value: must be specified when `operator` is 'In' or 'NotIn'");
  if (!set_based && !r.values.empty())
    diag.error_at(path + ".values", "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
  for (std::size_t i = 0; i < r.values.size(); ++i)
    if (!is_label_value(r.values[i]))
      diag.error_at(fmt::format("{}.values[{}]", path, i), fmt::format("Invalid value: {}: {}", quote(r.values[i]), kValueMessage));
}

void check_selector(const DecodedSet& decoded, Diagnostics& diag) {
  const LabelSelector& selector = decoded.selector;
  check_string_map(diag, "spec.selector.matchLabels", selector.match_labels, true);
  for (std::size_t i = 0; i < selector.match_expressions.size(); ++i)
    check_requirement(selector.match_expressions[i], fmt::format("spec.selector.matchExpressions[{}]", i), diag);
  if (selector.empty()) {
    diag.error_at("spec.selector", "Invalid value: {}: empty selector is invalid for statefulset");
    return;
  }
  const auto& labels = decoded.set.pod_template.labels;
  if (!selector.matches(labels))
    diag.error_at("spec.template.metadata.labels",
                  fmt::format("Invalid value: {}: `selector` does not match template `labels` (selector: {})",
                              render_map(labels), selector.str()));
}

// ValidateAnnotations: qualified-name keys (checked in lower case), at most 256 KiB in all.
void check_annotations(Diagnostics& diag, const std::string& path, const std::map<std::string, std::string>& m) {
  constexpr std::size_t kTotalLimit = 256 * 1024;
  std::size_t total = 0;
  for (const auto& [key, value] : m) {
    total += key.size() + value.size();
    std::string lower = key;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    if (!is_qualified_name(lower))
      diag.error_at(fmt::format("{}[{}]", path, key), fmt::format("Invalid value: {}: {}", quote(key), kKeyMessage));
  }
  if (total > kTotalLimit)
    diag.error_at(path, fmt::format("Too long: may not be more than {} bytes (annotations hold {})", kTotalLimit, total));
}

// ValidateObjectMeta with ValidateStatefulSetName (a DNS label since Kubernetes 1.27) and the
// names the controller derives from it.
void check_metadata(const DecodedSet& decoded, Diagnostics& diag) {
  const StatefulSet& set = decoded.set;
  if (decoded.name_generated) {
    // NameIsDNSLabel(prefix=true) after apimachinery's maskTrailingDash: a prefix may end in '-'
    // (its last two characters are checked as "a").
    std::string prefix = decoded.generate_name;
    if (prefix.size() > 1 && prefix.ends_with('-')) prefix = prefix.substr(0, prefix.size() - 2) + "a";
    if (!is_dns1123_label(prefix))
      diag.error_at("metadata.generateName",
                    fmt::format("Invalid value: {}: {}", quote(decoded.generate_name), kLabelMessage));
    else
      diag.warn(diag.locate("metadata.generateName"),
                fmt::format("metadata.generateName: no metadata.name; the API server would append 5 random characters, "
                            "stsmc names the set \"{}\"", set.name));
  } else if (set.name.empty()) {
    diag.error_at("metadata.name", "Required value: name or generateName is required");
  } else {
    check_name(diag, "metadata.name", set.name, false);
  }
  check_name(diag, "metadata.namespace", set.namespace_, false);
  check_string_map(diag, "metadata.labels", decoded.labels, true);
  check_annotations(diag, "metadata.annotations", decoded.annotations);
  // The controller names pods <set>-<ordinal> and uses the name as the pod's hostname (a DNS
  // label), and labels them controller-revision-hash=<set>-<hash of up to 10 characters>.
  const std::int64_t last = static_cast<std::int64_t>(set.start_ordinal()) + std::max<std::int32_t>(set.replicas, 1) - 1;
  const std::size_t pod_name = set.name.size() + 1 + std::to_string(last).size();
  if (is_dns1123_label(set.name) && std::max(pod_name, set.name.size() + 11) > 63)
    diag.warn(diag.locate("metadata.name"),
              fmt::format("metadata.name: {} characters is accepted by the API server, but pod {}-{} or its "
                          "controller-revision-hash label would pass 63 characters and its creation fail (stsmc models it "
                          "as created)", set.name.size(), set.name, last));
}

// spec.serviceName: optional. The controller copies it to each pod's spec.subdomain, which must
// be a DNS label: the API server checks it on the StatefulSet from 1.33, and on the pods before.
void check_service_name(const StatefulSet& set, Diagnostics& diag) {
  if (set.service_name.empty() || is_dns1123_label(set.service_name)) return;
  diag.error_at("spec.serviceName", fmt::format("Invalid value: {}: {} (pods get it as spec.subdomain)",
                                                quote(set.service_name), kLabelMessage));
}

void check_template(const PodTemplate& t, Diagnostics& diag) {
  check_string_map(diag, "spec.template.metadata.labels", t.labels, true);
  check_string_map(diag, "spec.template.metadata.annotations", t.annotations, false);
  const std::string containers = "spec.template.spec.containers";
  if (t.containers.empty()) diag.error_at(containers, "Required value");
  std::set<std::string> names;
  for (std::size_t i = 0; i < t.containers.size(); ++i) {
    const auto& c = t.containers[i];
    const std::string path = fmt::format("{}[{}]", containers, i);
    check_name(diag, path + ".name", c.name, false);
    if (!c.name.empty() && !names.insert(c.name).second)
      diag.error_at(path + ".name", fmt::format("Duplicate value: {}", quote(c.name)));
    if (c.image.empty()) diag.error_at(path + ".image", "Required value");
  }
}

void check_update_strategy(const UpdateStrategy& u, Diagnostics& diag) {
  const std::string path = "spec.updateStrategy.rollingUpdate";
  if (u.partition) check_non_negative(diag, path + ".partition", *u.partition);
  if (!u.max_unavailable) return;
  const auto& m = *u.max_unavailable;
  if (!m.percent && m.value < 1)
    diag.error_at(path + ".maxUnavailable", fmt::format("Invalid value: {}: must be greater than or equal to 1", m.value));
  if (m.percent && (m.value < 1 || m.value > 100))
    diag.error_at(path + ".maxUnavailable", fmt::format("Invalid value: {}: must be between 1% and 100%", quote(m.str())));
}

void check_claim_templates(const std::vector<ClaimTemplate>& claims, Diagnostics& diag) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < claims.size(); ++i) {
    const auto& c = claims[i];
    const std::string path = fmt::format("spec.volumeClaimTemplates[{}]", i);
    check_name(diag, path + ".metadata.name", c.name, true);
    if (!c.name.empty() && !names.insert(c.name).second)
      diag.error_at(path + ".metadata.name", fmt::format("Duplicate value: {}", quote(c.name)));
    check_string_map(diag, path + ".metadata.labels", c.labels, true);
    for (std::size_t j = 0; j < c.access_modes.size(); ++j) {
      const auto& mode = c.access_modes[j];
      if (std::find(kAccessModes.begin(), kAccessModes.end(), mode) == kAccessModes.end())
        diag.error_at(fmt::format("{}.spec.accessModes[{}]", path, j),
                      fmt::format("Unsupported value: {}: supported values: \"ReadOnlyMany\", \"ReadWriteMany\", "
                                  "\"ReadWriteOnce\", \"ReadWriteOncePod\"", quote(mode)));
    }
  }
}

}  // namespace

bool is_dns1123_label(std::string_view s) {
  if (s.empty() || s.size() > 63 || !is_lower_alnum(s.front()) || !is_lower_alnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return is_lower_alnum(c) || c == '-'; });
}

bool is_dns1123_subdomain(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  for (std::size_t start = 0;;) {
    const auto dot = s.find('.', start);
    if (!is_dns1123_label(s.substr(start, dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool is_qualified_name(std::string_view s) {
  const auto slash = s.find('/');
  if (slash == std::string_view::npos) return is_name_part(s);
  return is_dns1123_subdomain(s.substr(0, slash)) && is_name_part(s.substr(slash + 1));
}

bool is_label_value(std::string_view s) { return s.empty() || is_name_part(s); }

void validate_stateful_set(const DecodedSet& decoded, Diagnostics& diag) {
  const StatefulSet& set = decoded.set;
  check_metadata(decoded, diag);
  check_service_name(set, diag);
  check_non_negative(diag, "spec.replicas", set.replicas);
  check_selector(decoded, diag);
  check_template(set.pod_template, diag);
  check_update_strategy(set.update_strategy, diag);
  if (set.ordinals_start) check_non_negative(diag, "spec.ordinals.start", *set.ordinals_start);
  check_non_negative(diag, "spec.minReadySeconds", set.min_ready_seconds);
  check_non_negative(diag, "spec.revisionHistoryLimit", set.revision_history_limit);
  check_claim_templates(set.volume_claim_templates, diag);
}

void check_model_limits(const StatefulSet& set, Diagnostics& diag) {
  if (set.replicas <= limits::kMaxReplicas) return;
  diag.unsupported(diag.locate("spec.replicas"), "spec.replicas",
                   fmt::format("{} replicas is more than stsmc models (at most {}, core/limits.h kMaxReplicas); the API "
                               "server accepts it, but no option raises this limit: check a copy of the manifest with "
                               "fewer replicas (the controller's rules do not depend on the count beyond a few pods)",
                               set.replicas, limits::kMaxReplicas));
}

}  // namespace stsmc::spec
