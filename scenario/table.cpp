// The kubectl-like rendering of a cluster state for `stsmc run`: the pod table, the set's
// summary line and the names of pods, claims and DNS records.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>

#include "scenario/view.h"

namespace stsmc::scenario {

using namespace model;  // the world this folder drives

std::optional<model::Ordinal> ordinal_of(const model::ModelConfig& cfg, const std::string& name) {
  const std::string prefix = cfg.controller.set_name + "-";
  if (!name.starts_with(prefix)) return std::nullopt;
  const std::string digits = name.substr(prefix.size());
  model::Ordinal o = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), o);
  if (ec != std::errc() || end != digits.data() + digits.size() || o < 0) return std::nullopt;
  if (cfg.controller.pod_name(o) != name) return std::nullopt;  // "myapp-01" is not myapp-1
  return o;
}

std::optional<std::pair<std::uint8_t, model::Ordinal>> claim_of(const model::ModelConfig& cfg, const std::string& name) {
  const auto& templates = cfg.controller.claim_templates;
  for (std::size_t t = 0; t < templates.size(); ++t) {
    if (!name.starts_with(templates[t] + "-")) continue;
    const auto o = ordinal_of(cfg, name.substr(templates[t].size() + 1));
    if (o && cfg.controller.claim_name(static_cast<std::uint8_t>(t), *o) == name)
      return std::pair{static_cast<std::uint8_t>(t), *o};
  }
  return std::nullopt;
}

std::string pod_dns_name(const model::ModelConfig& cfg, model::Ordinal ordinal) {
  const auto& c = cfg.controller;
  return c.pod_name(ordinal) + "." + c.service_name + "." + c.namespace_ + ".svc.cluster.local";
}

std::string pvc_name(const model::ModelConfig& cfg, const spec::Pvc& pvc) {
  return cfg.controller.claim_name(pvc.claim_template, pvc.ordinal);
}

std::vector<std::string> pvc_names(const model::ModelConfig& cfg, const model::ClusterState& s) {
  std::vector<std::string> names;
  for (const auto& c : s.api.pvcs) names.push_back(pvc_name(cfg, c));
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> texts(const std::vector<ActEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.text);
  return out;
}

std::string bracket_list(const std::vector<std::string>& items) { return fmt::format("[{}]", fmt::join(items, ", ")); }

namespace {

// "myappdata-myapp-0(1)", with the claim's state when it is not simply Bound.
std::string claim_cell(const spec::Pvc* c, const std::string& name) {
  if (!c) return name + "(missing)";
  std::string state = c->terminating ? ", Terminating" : c->bound ? "" : ", Pending";
  return fmt::format("{}({}{})", name, c->uid, state);
}

std::string pvc_cell(const model::ModelConfig& cfg, const model::ClusterState& s, const spec::Pod& p) {
  std::vector<std::string> cells;
  for (std::size_t t = 0; t < cfg.controller.claim_templates.size(); ++t) {
    const auto tt = static_cast<std::uint8_t>(t);
    cells.push_back(claim_cell(s.api.find_pvc(tt, p.identity), cfg.controller.claim_name(tt, p.identity)));
  }
  return cells.empty() ? "<none>" : fmt::format("{}", fmt::join(cells, ","));
}

std::string status_of(const spec::Pod& p) {
  return p.terminating ? "Terminating" : std::string(enum_name(p.phase));
}

using Row = std::array<std::string, 5>;

std::string render(const std::vector<Row>& rows) {
  std::array<std::size_t, 5> width{};
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  std::string out;
  for (const auto& r : rows) {
    std::string line;
    for (std::size_t i = 0; i < r.size(); ++i)
      line += i + 1 < r.size() ? fmt::format("{:<{}}   ", r[i], width[i]) : r[i];
    out += line + "\n";
  }
  return out;
}

std::string strategy_text(const spec::UpdateStrategy& us) {
  std::string s(enum_name(us.type));
  if (us.partition) s += fmt::format(" partition {}", *us.partition);
  if (us.max_unavailable) s += " maxUnavailable " + us.max_unavailable->str();
  return s;
}

}  // namespace

std::string pod_table(const model::ModelConfig& cfg, const model::ClusterState& s) {
  if (s.api.pods.empty()) return "(no pods)\n";
  std::vector<Row> rows{{"NAME", "READY", "STATUS", "REVISION", "PVC"}};
  for (const auto& p : s.api.pods) {
    const auto number = s.api.revision_number(p.revision);
    rows.push_back({cfg.controller.pod_name(p.ordinal), p.ready ? "1/1" : "0/1", status_of(p),
                    number ? std::to_string(number) : "?", pvc_cell(cfg, s, p)});
  }
  return render(rows);
}

std::string set_summary(const model::ModelConfig& cfg, const model::ClusterState& s) {
  const auto& set = s.api.set;
  std::string out;
  if (!set.exists) {
    out = fmt::format("statefulset {}: deleted\n", cfg.controller.set_name);
  } else {
    const auto& st = set.status;
    out = fmt::format(
        "statefulset {}: replicas {} (ready {}, available {}, current {}, updated {}), revisions current {} / "
        "update {}, {}\n",
        cfg.controller.set_name, set.spec.replicas, st.ready_replicas, st.available_replicas, st.current_replicas,
        st.updated_replicas, s.api.revision_number(st.current_revision), s.api.revision_number(st.update_revision),
        strategy_text(set.spec.update_strategy));
  }
  std::vector<std::string> loose;
  for (const auto& c : s.api.pvcs)
    if (!s.api.find_pod(c.ordinal)) loose.push_back(claim_cell(&c, pvc_name(cfg, c)));
  if (!loose.empty()) out += fmt::format("pvcs without a pod: {}\n", fmt::join(loose, ", "));
  return out;
}

}  // namespace stsmc::scenario
