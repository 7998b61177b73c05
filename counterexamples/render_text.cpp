// render_text: a step-by-step walk-through of a stored trace. It reads the StatefulSet state's
// JSON shape when present (api.set, api.pods, api.pvcs) and falls back to JSON leaves otherwise.
#include "counterexamples/render.h"

#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <utility>

namespace stsmc::counterexamples {
namespace {

/// A JSON value as a table cell or "key=value" value.
std::string scalar(const Json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_null()) return "-";
  if (j.is_object() && j.size() == 2 && j.contains("value") && j.contains("percent"))
    return j["value"].dump() + (j["percent"] == true ? "%" : "");  // an IntOrPercent
  return j.dump();
}

std::string yes_no(const Json& j) {
  return j.is_boolean() ? (j.get<bool>() ? "yes" : "no") : scalar(j);
}


const Json& field(const Json& obj, const char* key) {
  static const Json kNull;  // immutable; stands for a missing field
  const auto it = obj.is_object() ? obj.find(key) : obj.end();
  return it == obj.end() ? kNull : *it;
}

using Names = ObjectNames;

struct Row {
  std::string key;
  std::string name;
  std::vector<std::string> cells;  ///< cells[0] is the name
  Json object;
};

/// A table of the objects in one state array, keyed so rows can be matched across steps.
struct Table {
  std::vector<std::string> header;
  std::set<std::string> shown;  ///< fields the columns show (others are listed when they change)
  std::vector<Row> rows;
};

/// A template index as the ControllerRevision number it has in `state` ("tT": template T, when
/// the state has no revision of it yet).
std::string revision_cell(const Json& state, const Json& template_index) {
  const auto n = revision_number(state, template_index);
  return n ? std::to_string(*n) : "t" + scalar(template_index);
}

Table pod_table(const Json* pods, const Names& names, const Json& state) {
  Table t{{"NAME", "PHASE", "READY", "TERM", "REV", "UID"},
          {"ordinal", "phase", "ready", "terminating", "revision", "uid"},
          {}};
  if (pods == nullptr || !pods->is_array()) return t;
  for (const auto& p : *pods) {
    const auto name = names.pod(field(p, "ordinal"));
    t.rows.push_back(
        {scalar(field(p, "ordinal")),
         name,
         {name, scalar(field(p, "phase")), yes_no(field(p, "ready")),
          yes_no(field(p, "terminating")), revision_cell(state, field(p, "revision")), scalar(field(p, "uid"))},
         p});
  }
  return t;
}

std::string owners_cell(const Json& owners, const Names& names) {
  if (!owners.is_array() || owners.empty()) return "-";
  std::string s;
  for (const auto& o : owners) {
    const auto kind = scalar(field(o, "kind"));
    s += (s.empty() ? "" : ",") + kind +
         (kind == "Pod" ? " " + names.pod(field(o, "ordinal")) : "") + "#" +
         scalar(field(o, "uid"));
  }
  return s;
}

Table pvc_table(const Json* pvcs, const Names& names) {
  Table t{{"NAME", "UID", "BOUND", "TERM", "OWNERS"},
          {"claim_template", "ordinal", "uid", "bound", "terminating", "owners"},
          {}};
  if (pvcs == nullptr || !pvcs->is_array()) return t;
  for (const auto& c : *pvcs) {
    const auto name = names.pvc(field(c, "claim_template"), field(c, "ordinal"));
    t.rows.push_back({scalar(field(c, "claim_template")) + "/" + scalar(field(c, "ordinal")),
                      name,
                      {name, scalar(field(c, "uid")), yes_no(field(c, "bound")),
                       yes_no(field(c, "terminating")), owners_cell(field(c, "owners"), names)},
                      c});
  }
  return t;
}

const Row* find_row(const Table* t, const std::string& key) {
  if (t == nullptr) return nullptr;
  for (const auto& r : t->rows)
    if (r.key == key) return &r;
  return nullptr;
}

/// Changed fields the columns do not show, e.g. " (node_bound: false -> true)".
std::string hidden_changes(const Row& cur, const Row& old, const std::set<std::string>& shown) {
  std::string s;
  if (!cur.object.is_object()) return s;
  for (const auto& [k, v] : cur.object.items())
    if (!shown.contains(k) && field(old.object, k.c_str()) != v)
      s += (s.empty() ? "" : ", ") + k + ": " + scalar(field(old.object, k.c_str())) + " -> " +
           scalar(v);
  return s.empty() ? s : "  (" + s + ")";
}

void print_table(std::string& out, const std::string& title, const Table& cur, const Table* prev) {
  out += fmt::format("  {}:{}\n", title, cur.rows.empty() ? " (none)" : "");
  std::vector<std::size_t> width(cur.header.size());
  for (std::size_t c = 0; c < width.size(); ++c) width[c] = cur.header[c].size();
  for (const auto& r : cur.rows)
    for (std::size_t c = 0; c < width.size(); ++c) width[c] = std::max(width[c], r.cells[c].size());
  const auto line = [&](char mark, const std::vector<std::string>& cells) {
    std::string s(1, mark);
    s += "   ";
    for (std::size_t c = 0; c < cells.size(); ++c) s += fmt::format("{:<{}}  ", cells[c], width[c]);
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
  };
  if (!cur.rows.empty()) out += line(' ', cur.header) + "\n";
  for (const auto& r : cur.rows) {
    const Row* old = find_row(prev, r.key);
    const bool changed = prev != nullptr && (old == nullptr || old->object != r.object);
    out += line(changed ? '*' : ' ', r.cells) +
           (old != nullptr && changed ? hidden_changes(r, *old, cur.shown) : "") + "\n";
  }
  if (prev == nullptr) return;
  for (const auto& r : prev->rows)
    if (find_row(&cur, r.key) == nullptr) out += "-   " + r.name + " (gone)\n";
}

/// Short labels for the status line; unknown keys print as they are.
std::string status_label(const std::string& key) {
  static const std::map<std::string, std::string> kLabels = {
      {"observed_generation", "observedGeneration"},
      {"ready_replicas", "ready"},
      {"current_replicas", "current"},
      {"updated_replicas", "updated"},
      {"available_replicas", "available"},
      {"current_revision", "currentRevision"},
      {"update_revision", "updateRevision"},
      {"collision_count", "collisionCount"}};
  const auto it = kLabels.find(key);
  return it == kLabels.end() ? key : it->second;
}

/// "k=v" for the leaves of `obj` (nested objects flattened by their leaf names).
void pairs(const Json& obj, std::string& out, bool labels) {
  for (const auto& [k, v] : obj.items()) {
    if (v.is_object() && !(v.size() == 2 && v.contains("percent"))) {
      pairs(v, out, labels);
      continue;
    }
    out += " " + (labels ? status_label(k) : k) + "=" + scalar(v);
  }
}

void print_set(std::string& out, const Json& set, const Json* prev_set, const Json& state) {
  Json head = Json::object();
  for (const auto& [k, v] : set.items())
    if (k != "status") head[k] = v;
  Json prev_head = Json::object();
  if (prev_set != nullptr)
    for (const auto& [k, v] : prev_set->items())
      if (k != "status") prev_head[k] = v;
  std::string line;
  pairs(head, line, false);
  out += fmt::format("{} set   {}\n", prev_set != nullptr && head != prev_head ? '*' : ' ', line);
  if (const Json* status = json_at(set, {"status"})) {
    line.clear();
    Json shown = *status;  // revisions as ControllerRevision numbers, not template indices
    if (shown.is_object())
      for (const char* key : {"current_revision", "update_revision"})
        if (shown.contains(key)) shown[key] = revision_cell(state, shown[key]);
    pairs(shown, line, true);
    const bool changed = prev_set != nullptr && field(*prev_set, "status") != *status;
    out += fmt::format("{} status{}\n", changed ? '*' : ' ', line);
  }
}

using Leaves = std::vector<std::pair<std::string, std::string>>;

void flatten(const Json& j, const std::string& path, Leaves& out) {
  if (j.is_object() && !j.empty()) {
    for (const auto& [k, v] : j.items()) flatten(v, path.empty() ? k : path + "." + k, out);
  } else if (j.is_array() && !j.empty()) {
    for (std::size_t i = 0; i < j.size(); ++i)
      flatten(j[i], path + "[" + std::to_string(i) + "]", out);
  } else {
    out.emplace_back(path.empty() ? "(state)" : path, j.dump());
  }
}

/// The JSON leaves outside the tables: all of them at step 0, the changed ones afterwards.
void print_leaves(std::string& out, const Json& cur, const Json* prev,
                  const std::vector<std::string>& skip) {
  const auto keep = [&](const std::string& path) {
    return std::none_of(skip.begin(), skip.end(), [&](const auto& s) {
      return path == s || path.starts_with(s + ".") || path.starts_with(s + "[");
    });
  };
  Leaves now, before;
  flatten(cur, "", now);
  if (prev != nullptr) flatten(*prev, "", before);
  const std::map<std::string, std::string> old(before.begin(), before.end()),
      fresh(now.begin(), now.end());
  for (const auto& [k, v] : now) {
    if (!keep(k)) continue;
    const auto it = old.find(k);
    if (prev == nullptr)
      out += fmt::format("    {} = {}\n", k, v);
    else if (it == old.end())
      out += fmt::format("*   {} = {} (new)\n", k, v);
    else if (it->second != v)
      out += fmt::format("*   {}: {} -> {}\n", k, it->second, v);
  }
  for (const auto& [k, v] : before)
    if (keep(k) && !fresh.contains(k)) out += fmt::format("-   {} (gone)\n", k);
}

void print_state(std::string& out, const Json& cur, const Json* prev, const Names& names) {
  const Json* set = json_at(cur, {"api", "set"});
  if (set == nullptr || !set->is_object()) {
    print_leaves(out, cur, prev, {});
    return;
  }
  print_set(out, *set, prev != nullptr ? json_at(*prev, {"api", "set"}) : nullptr, cur);
  const Table pods = pod_table(json_at(cur, {"api", "pods"}), names, cur);
  const Table pvcs = pvc_table(json_at(cur, {"api", "pvcs"}), names);
  const std::optional<Table> prev_pods =
      prev ? std::optional(pod_table(json_at(*prev, {"api", "pods"}), names, *prev)) : std::nullopt;
  const std::optional<Table> prev_pvcs =
      prev ? std::optional(pvc_table(json_at(*prev, {"api", "pvcs"}), names)) : std::nullopt;
  print_table(out, "pods", pods, prev_pods ? &*prev_pods : nullptr);
  print_table(out, "pvcs", pvcs, prev_pvcs ? &*prev_pvcs : nullptr);
  print_leaves(out, cur, prev, {"api.set", "api.pods", "api.pvcs"});
}

std::string header(const StoredTrace& t) {
  const auto& m = t.meta;
  std::string s =
      fmt::format("trace {} ({}), engine {}, seed {}, mutant {}, {} steps{}\n", m.property, m.kind,
                  m.engine, m.seed ? std::to_string(*m.seed) : "-", m.mutant.value_or("-"),
                  t.states.size(), t.source.empty() ? "" : ", from " + t.source);
  if (!m.note.empty()) s += "note: " + m.note + "\n";
  if (!m.extra.is_null() && !m.extra.empty()) s += "config: " + m.extra.dump() + "\n";
  if (!m.bounds.is_null() && !m.bounds.empty()) s += "bounds: " + m.bounds.dump() + "\n";
  return s;
}

}  // namespace

std::string render_text(const StoredTrace& t) {
  const Names names = object_names(t.meta.manifest);
  std::string out = header(t);
  for (std::size_t k = 0; k < t.states.size(); ++k) {
    if (t.loop_start == k) out += "--- loop starts here ---\n";
    out += fmt::format("\nstep {}  {}\n", k,
                       k == 0 ? std::string("init") : describe_action(t.actions[k - 1]));
    if (k == t.meta.violation_step)
      out += fmt::format("<<< violates {}: {}\n", t.meta.property, t.meta.violation_message);
    print_state(out, t.states[k], k == 0 ? nullptr : &t.states[k - 1], names);
  }
  if (t.loop_start)
    out += fmt::format("--- loop returns to step {} and repeats forever ---\n", *t.loop_start);
  return out;
}

}  // namespace stsmc::counterexamples
