// describe(): the StatefulSet as the model sees it, after defaulting, as aligned "key: value"
// lines for `stsmc lint`.
#include <fmt/format.h>

#include <cstdint>

#include "core/enum_names.h"
#include "spec/manifest_loader.h"

namespace stsmc::spec {

namespace {

constexpr std::int64_t kPodsShown = 10;  // more pods are shown as first..., last

void line(std::string& out, std::string_view key, std::string_view value) {
  out += fmt::format("  {:<22}{}\n", key.empty() ? std::string() : fmt::format("{}:", key), value);
}

std::string service_text(const Manifest& m) {
  if (m.set.service_name.empty()) return "(none: serviceName is empty, pods get no DNS records)";
  if (!m.service) return m.set.service_name + " (no Service in file)";
  return m.set.service_name + (m.service->headless ? " (headless)" : " (not headless: pods get no DNS records)");
}

std::string ordinals_text(const StatefulSet& s) {
  const std::int64_t start = s.start_ordinal();
  if (s.replicas <= 0) return fmt::format("none (replicas 0, start {})", start);
  return fmt::format("{}..{}", start, start + s.replicas - 1);
}

std::string update_text(const UpdateStrategy& u) {
  std::string out(enum_name(u.type));
  if (u.partition) out += fmt::format(", partition {}", *u.partition);
  if (u.type == UpdateStrategyType::kRollingUpdate)
    out += ", maxUnavailable " + (u.max_unavailable ? u.max_unavailable->str() : std::string("(gate default)"));
  return out;
}

std::string claim_text(const ClaimTemplate& c) {
  std::string modes;
  for (const auto& m : c.access_modes) modes += (modes.empty() ? "" : "+") + m;
  std::string out = fmt::format("{} ({}", c.name, c.storage.empty() ? "no size" : c.storage);
  if (!modes.empty()) out += ", " + modes;
  if (!c.storage_class.empty()) out += ", storageClass " + c.storage_class;
  return out + ")";
}

void pods(std::string& out, const Manifest& m) {
  const std::int64_t start = m.set.start_ordinal();
  const std::int64_t count = m.set.replicas;
  if (count <= 0) return line(out, "pods", "(none)");
  // Like Manifest::pod_dns_name, in 64 bits: start + replicas may pass INT32_MAX.
  const auto name = [&](std::int64_t ordinal) {
    if (m.set.service_name.empty()) return fmt::format("{}-{}", m.set.name, ordinal);
    return fmt::format("{}-{}.{}.{}.svc.cluster.local", m.set.name, ordinal, m.set.service_name, m.set.namespace_);
  };
  for (std::int64_t i = 0; i < count; ++i) {
    if (count > kPodsShown && i == kPodsShown - 2) {
      line(out, "", fmt::format("... ({} more)", count - kPodsShown + 1));
      i = count - 1;
    }
    line(out, i == 0 ? "pods" : "", name(start + i));
  }
}

}  // namespace

std::string describe(const Manifest& m) {
  return describe(m, LabelSelector{m.set.selector, {}});
}

std::string describe(const Manifest& m, const LabelSelector& selector) {
  const StatefulSet& s = m.set;
  std::string out = fmt::format("StatefulSet {}/{} (from {})\n", s.namespace_, s.name, m.source);
  line(out, "name", s.name);
  line(out, "namespace", s.namespace_);
  line(out, "service", service_text(m));
  line(out, "replicas", std::to_string(s.replicas));
  line(out, "ordinals", ordinals_text(s));
  line(out, "podManagementPolicy", enum_name(s.pod_management_policy));
  line(out, "updateStrategy", update_text(s.update_strategy));
  line(out, "pvcRetentionPolicy", fmt::format("whenDeleted {}, whenScaled {}", enum_name(s.retention_policy.when_deleted),
                                              enum_name(s.retention_policy.when_scaled)));
  line(out, "minReadySeconds", std::to_string(s.min_ready_seconds));
  line(out, "revisionHistoryLimit", std::to_string(s.revision_history_limit));
  line(out, "selector", selector.str());
  for (std::size_t i = 0; i < s.pod_template.containers.size(); ++i) {
    const auto& c = s.pod_template.containers[i];
    line(out, i == 0 ? "containers" : "", fmt::format("{}: {}", c.name, c.image));
  }
  for (std::size_t i = 0; i < s.volume_claim_templates.size(); ++i)
    line(out, i == 0 ? "volumeClaimTemplates" : "", claim_text(s.volume_claim_templates[i]));
  if (s.volume_claim_templates.empty()) line(out, "volumeClaimTemplates", "(none)");
  pods(out, m);
  return out;
}

}  // namespace stsmc::spec
