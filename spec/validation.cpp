// Validation of a decoded StatefulSet as the API server does it: DNS names, non-negative
// numbers, maxUnavailable, label selector against template labels, containers and claim templates.
#include "spec/validation.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>

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

void check_selector(const StatefulSet& set, Diagnostics& diag) {
  check_string_map(diag, "spec.selector.matchLabels", set.selector, true);
  if (set.selector.empty()) {
    diag.error_at("spec.selector", "Invalid value: {}: empty selector is invalid for statefulset");
    return;
  }
  const auto& labels = set.pod_template.labels;
  const bool matches = std::all_of(set.selector.begin(), set.selector.end(), [&](const auto& kv) {
    const auto it = labels.find(kv.first);
    return it != labels.end() && it->second == kv.second;
  });
  if (!matches)
    diag.error_at("spec.template.metadata.labels",
                  fmt::format("Invalid value: {}: `selector` does not match template `labels`", render_map(labels)));
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

void validate_stateful_set(const StatefulSet& set, Diagnostics& diag) {
  check_name(diag, "metadata.name", set.name, true);
  check_name(diag, "metadata.namespace", set.namespace_, false);
  if (set.service_name.empty()) diag.error_at("spec.serviceName", "Required value");
  check_non_negative(diag, "spec.replicas", set.replicas);
  check_selector(set, diag);
  check_template(set.pod_template, diag);
  check_update_strategy(set.update_strategy, diag);
  if (set.ordinals_start) check_non_negative(diag, "spec.ordinals.start", *set.ordinals_start);
  check_non_negative(diag, "spec.minReadySeconds", set.min_ready_seconds);
  check_non_negative(diag, "spec.revisionHistoryLimit", set.revision_history_limit);
  check_claim_templates(set.volume_claim_templates, diag);
}

}  // namespace stsmc::spec
