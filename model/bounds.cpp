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
  // In 64 bits, then within the model's limit: replicas may be anything a manifest allows.
  b.max_replicas = static_cast<std::int32_t>(std::clamp<std::int64_t>(
      std::max<std::int64_t>(std::int64_t{replicas} + 2, 12), 0, limits::kMaxReplicas));
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

Error out_of_range(ErrorCode code, const std::string& field, std::int64_t got, std::int64_t lo,
                   std::int64_t hi, std::string_view limit) {
  return Error{code, field + ": must be in " + std::to_string(lo) + ".." + std::to_string(hi) + " (" +
                         std::string(limit) + "), got " + std::to_string(got)};
}

Expected<void> validate(const Bounds& b, const std::string& path, int max_budget, ErrorCode code) {
  if (b.max_replicas < 0 || b.max_replicas > limits::kMaxReplicas)
    return out_of_range(code, path + ".max_replicas", b.max_replicas, 0, limits::kMaxReplicas,
                        "the model's limit on replicas");
  if (b.extra_templates < 0 || b.extra_templates > limits::kMaxExtraTemplates)
    return out_of_range(code, path + ".extra_templates", b.extra_templates, 0, limits::kMaxExtraTemplates,
                        "the model's limit on extra pod templates");
  if (b.cache_lag < 0 || b.cache_lag > limits::kMaxCacheLag)
    return out_of_range(code, path + ".cache_lag", b.cache_lag, 0, limits::kMaxCacheLag,
                        "the model's limit on how far a lister lags");
  Expected<void> result;
  for_each_field(b.budgets, [&](std::string_view name, std::uint8_t n) {
    if (result && n > max_budget)
      result = out_of_range(code, path + ".budgets." + std::string(name), n, 0, max_budget, "the budget limit");
  });
  return result;
}

}  // namespace

Expected<void> validate_bounds(const Bounds& b, const std::string& path, int max_budget) {
  return validate(b, path, max_budget, ErrorCode::kBadInput);
}

Expected<Bounds> bounds_from_json(const Json& j, const std::string& path) {
  Bounds b{};
  if (auto r = from_json(j, b, path); !r) return r.error();
  if (auto r = validate(b, path, kMaxRandomBudget, ErrorCode::kBadTrace); !r) return r.error();
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
