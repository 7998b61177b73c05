// Default bounds and --budget parsing.
#include "model/bounds.h"

#include <algorithm>

namespace stsmc::model {

Bounds default_bounds(std::int32_t replicas) {
  Bounds b{};
  b.max_replicas = std::clamp(replicas, 1, 3);
  b.extra_templates = 1;
  b.broken_template = false;
  b.budgets.scale = 1;
  b.budgets.update_template = 1;
  b.budgets.delete_pod = 1;
  b.budgets.pod_failed = 1;
  return b;
}

Bounds random_bounds(std::int32_t replicas) {
  Bounds b{};
  b.max_replicas = std::max(replicas + 2, 12);
  b.extra_templates = 2;
  b.broken_template = false;
  b.budgets.scale = 8;
  b.budgets.update_template = 4;
  b.budgets.set_partition = 4;
  b.budgets.set_max_unavailable = 2;
  b.budgets.set_update_strategy = 2;
  b.budgets.set_retention_policy = 2;
  b.budgets.set_start_ordinal = 2;
  b.budgets.delete_pod = 8;
  b.budgets.delete_statefulset = 0;  // it ends the world: walks would stop early
  b.budgets.pod_failed = 8;
  b.budgets.pod_succeeded = 4;
  b.budgets.pod_unready = 8;
  b.budgets.node_lost = 0;  // its known stall (kubernetes#54368) would end half the walks
  return b;
}

namespace {
std::string dashed(std::string_view s) {
  std::string out(s);
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}
}  // namespace

std::vector<std::string> budget_keys() {
  std::vector<std::string> keys;
  for_each_field(Budgets{}, [&](std::string_view name, const auto&) { keys.push_back(dashed(name)); });
  return keys;
}

Expected<void> apply_budget(Bounds& b, const std::string& kv, int max) {
  const auto eq = kv.find('=');
  if (eq == std::string::npos) return bad_input("--budget: expected KEY=N, got '" + kv + "'");
  const std::string key = dashed(kv.substr(0, eq));
  const std::string value = kv.substr(eq + 1);
  int n = -1;
  try {
    std::size_t used = 0;
    n = std::stoi(value, &used);
    if (used != value.size()) n = -1;
  } catch (const std::exception&) {
    n = -1;
  }
  if (n < 0 || n > max)
    return bad_input("--budget " + key + ": expected an integer in 0.." + std::to_string(max) + ", got '" + value + "'");
  bool found = false;
  for_each_field_mut(b.budgets, [&](std::string_view name, std::uint8_t& f) {
    if (dashed(name) == key) { f = static_cast<std::uint8_t>(n); found = true; }
  });
  if (!found) {
    std::string known;
    for (const auto& k : budget_keys()) known += (known.empty() ? "" : ", ") + k;
    return bad_input("--budget: unknown key '" + key + "' (known: " + known + ")");
  }
  return {};
}

}  // namespace stsmc::model
