// render_html: one self-contained HTML page for a stored trace (`stsmc show --format html`):
// the steps list, each step's changes, the StatefulSet, pod, PVC and revision tables, an inline
// SVG sequence diagram and the violated property highlighted. No network: CSS and JS are inline.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <map>
#include <set>
#include <string_view>

#include "counterexamples/render.h"
#include "counterexamples/render_html_parts.h"

namespace stsmc::counterexamples {
namespace {

using html::escape;

/// A leaf value as a cell: strings bare, null as "-", others as compact JSON.
std::string cell(const Json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_null()) return "-";
  return j.dump();
}


using Names = ObjectNames;

/// A row's key in a table: "myapp-0" for a pod, "data-myapp-0" for a claim, "revision 2", "#i"
/// for anything else.
std::string row_name(const Names& names, std::string_view table, const Json& obj, std::size_t i) {
  const auto ord = obj.is_object() ? obj.find("ordinal") : obj.end();
  if (table == "pods" && ord != obj.end()) return names.pod(*ord);
  const auto tmpl = obj.is_object() ? obj.find("claim_template") : obj.end();
  if (table == "pvcs" && ord != obj.end() && tmpl != obj.end()) return names.pvc(*tmpl, *ord);
  const auto number = obj.is_object() ? obj.find("number") : obj.end();
  if (table == "revisions" && number != obj.end()) return "revision " + cell(*number);
  return "#" + std::to_string(i);
}

/// Arrays of objects under "api" shown as tables, in this order, then any other such array.
constexpr std::array<std::string_view, 3> kTables = {"pods", "pvcs", "revisions"};

/// Whether `api.<key>` is shown as a table: the known ones always (also when empty), any other
/// non-empty array of objects too.
bool is_table(std::string_view key, const Json& v) {
  if (!v.is_array()) return false;
  const bool known = std::find(kTables.begin(), kTables.end(), key) != kTables.end();
  return (known || !v.empty()) && std::all_of(v.begin(), v.end(), [](const Json& e) { return e.is_object(); });
}

/// Every leaf of a state as "path" -> value; rows of the api tables are keyed by their object's
/// name (api.pods[myapp-0].phase), so an inserted pod does not shift the others.
void flatten(const Json& j, const std::string& path, std::string_view table, const Names& names,
             std::map<std::string, std::string>& out) {
  if (j.is_object() && !j.empty()) {
    for (const auto& [k, v] : j.items()) {
      const bool rows = path == "api" && is_table(k, v);
      flatten(v, path.empty() ? k : path + "." + k, rows ? std::string_view(k) : std::string_view(), names, out);
    }
  } else if (j.is_array() && !j.empty()) {
    for (std::size_t i = 0; i < j.size(); ++i)
      flatten(j[i], path + "[" + (table.empty() ? std::to_string(i) : row_name(names, table, j[i], i)) + "]", {}, names,
              out);
  } else {
    out.emplace(path.empty() ? "(state)" : path, cell(j));
  }
}

std::string diff_table(const Json& cur, const Json* prev, const Names& names) {
  if (prev == nullptr) return "<p class=\"diff-none\">initial state</p>\n";
  std::map<std::string, std::string> now, before;
  flatten(cur, "", {}, names, now);
  flatten(*prev, "", {}, names, before);
  std::string rows;
  for (const auto& [k, v] : now) {
    const auto it = before.find(k);
    if (it == before.end())
      rows += fmt::format("<tr class=\"added\"><td>{}</td><td>-</td><td>{}</td></tr>\n", escape(k), escape(v));
    else if (it->second != v)
      rows += fmt::format("<tr class=\"changed\"><td>{}</td><td>{}</td><td>{}</td></tr>\n", escape(k),
                          escape(it->second), escape(v));
  }
  for (const auto& [k, v] : before)
    if (!now.contains(k))
      rows += fmt::format("<tr class=\"removed\"><td>{}</td><td>{}</td><td>-</td></tr>\n", escape(k), escape(v));
  if (rows.empty()) return "<p class=\"diff-none\">no change</p>\n";
  return "<table class=\"diff\"><thead><tr><th>field</th><th>before</th><th>after</th></tr></thead><tbody>\n" + rows +
         "</tbody></table>\n";
}

/// The StatefulSet's fields (spec and status flattened) as one two-column table.
std::string set_table(const Json& set, const Json* prev_set, const Names& names) {
  std::map<std::string, std::string> now, before;
  flatten(set, "", {}, names, now);
  if (prev_set != nullptr) flatten(*prev_set, "", {}, names, before);
  std::string rows;
  for (const auto& [k, v] : now) {
    const bool changed = prev_set != nullptr && (!before.contains(k) || before.at(k) != v);
    rows += fmt::format("<tr{}><th>{}</th><td>{}</td></tr>\n", changed ? " class=\"changed\"" : "", escape(k),
                        escape(v));
  }
  return "<table class=\"set\"><tbody>\n" + rows + "</tbody></table>\n";
}

/// One api table (pods, pvcs, ...): a row per object, a column per field; changed rows and
/// cells marked, objects gone since the previous step listed as removed rows.
std::string object_table(std::string_view name, const Json& rows, const Json* prev_rows, const Names& names) {
  std::vector<std::string> columns;
  for (const auto& r : rows)
    for (const auto& [k, v] : r.items())
      if (std::find(columns.begin(), columns.end(), k) == columns.end()) columns.push_back(k);
  std::map<std::string, const Json*> before;
  if (prev_rows != nullptr && is_table(name, *prev_rows))
    for (std::size_t i = 0; i < prev_rows->size(); ++i) before[row_name(names, name, (*prev_rows)[i], i)] = &(*prev_rows)[i];
  std::string out = fmt::format("<table class=\"objects\" data-table=\"{}\"><thead><tr><th>name</th>", escape(name));
  for (const auto& c : columns) out += "<th>" + escape(c) + "</th>";
  out += "</tr></thead><tbody>\n";
  std::set<std::string> seen;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Json& r = rows[i];
    const std::string key = row_name(names, name, r, i);
    seen.insert(key);
    const auto old = before.find(key);
    const bool added = prev_rows != nullptr && old == before.end();
    const bool changed = old != before.end() && *old->second != r;
    out += fmt::format("<tr{}><th>{}</th>", added ? " class=\"added\"" : changed ? " class=\"changed\"" : "",
                       escape(key));
    for (const auto& c : columns) {
      const Json& v = r.contains(c) ? r[c] : Json();
      const bool cell_changed = changed && (!old->second->contains(c) || (*old->second)[c] != v);
      out += fmt::format("<td{}>{}</td>", cell_changed ? " class=\"changed\"" : "", escape(cell(v)));
    }
    out += "</tr>\n";
  }
  for (const auto& [key, obj] : before)
    if (!seen.contains(key))
      out += fmt::format("<tr class=\"removed\"><th>{}</th><td colspan=\"{}\">gone</td></tr>\n", escape(key),
                         std::max<std::size_t>(columns.size(), 1));
  if (rows.empty() && before.empty()) out += "<tr><td class=\"none\">none</td></tr>\n";
  return out + "</tbody></table>\n";
}

std::string state_section(const Json& cur, const Json* prev, const Names& names) {
  std::string out;
  const Json* set = json_at(cur, {"api", "set"});
  if (set != nullptr && set->is_object()) {
    out += "<h3>StatefulSet</h3>\n" + set_table(*set, prev != nullptr ? json_at(*prev, {"api", "set"}) : nullptr, names);
  }
  if (const Json* api = json_at(cur, {"api"}); api != nullptr && api->is_object()) {
    std::vector<std::string> order(kTables.begin(), kTables.end());
    for (const auto& [k, v] : api->items())
      if (is_table(k, v) && std::find(order.begin(), order.end(), k) == order.end()) order.push_back(k);
    for (const auto& k : order) {
      const auto it = api->find(k);
      if (it == api->end() || !is_table(k, *it)) continue;
      const Json* old = prev != nullptr ? json_at(*prev, {"api", k.c_str()}) : nullptr;
      out += fmt::format("<h3>{}</h3>\n", escape(k)) + object_table(k, *it, old, names);
    }
  }
  out += "<details><summary>state JSON</summary><pre>" + escape(cur.dump(2)) + "</pre></details>\n";
  return out;
}

std::string meta_list(const StoredTrace& t) {
  const auto& m = t.meta;
  std::string out = "<dl class=\"meta\">\n";
  const auto item = [&](std::string_view k, const std::string& v) {
    out += fmt::format("<dt>{}</dt><dd>{}</dd>\n", escape(k), escape(v));
  };
  item("property", m.property + " (" + m.kind + ")");
  item("engine", m.engine);
  item("seed", m.seed ? std::to_string(*m.seed) : "-");
  item("mutant", m.mutant.value_or("-"));
  if (const Json* src = json_at(m.manifest, {"source"}); src != nullptr && src->is_string()) item("manifest", cell(*src));
  if (const Json* name = json_at(m.manifest, {"set", "name"}); name != nullptr) {
    const Json* ns = json_at(m.manifest, {"set", "namespace_"});
    item("StatefulSet", (ns != nullptr ? cell(*ns) + "/" : "") + cell(*name));
  }
  if (!m.extra.is_null() && !m.extra.empty()) item("config", m.extra.dump());
  if (!m.bounds.is_null() && !m.bounds.empty()) item("bounds", m.bounds.dump());
  item("steps", std::to_string(t.states.size()));
  if (!t.source.empty()) item("trace file", t.source);
  return out + "</dl>\n";
}

}  // namespace

std::string render_html(const StoredTrace& t) {
  const Names names = object_names(t.meta.manifest);
  const auto& m = t.meta;
  std::string body;
  body += fmt::format("<header><h1>stsmc trace: <span class=\"property\">{}</span></h1>\n", escape(m.property));
  body += fmt::format(
      "<p class=\"violation-marker\" id=\"violation\" data-property=\"{0}\" data-step=\"{1}\">"
      "<strong>{0}</strong> is violated at <a href=\"#step-{1}\">step {1}</a>: {2}</p>\n",
      escape(m.property), m.violation_step, escape(m.violation_message));
  if (!m.note.empty()) body += "<p class=\"note\">" + escape(m.note) + "</p>\n";
  body += meta_list(t) + "<p id=\"summary\"></p></header>\n";

  body += "<nav><h2>Steps</h2><ol id=\"steps-list\" start=\"0\">\n";
  for (std::size_t k = 0; k < t.states.size(); ++k) {
    std::string cls = "step-link";
    if (k == m.violation_step) cls += " violation";
    if (t.loop_start && k >= *t.loop_start) cls += " loop";
    body += fmt::format("<li class=\"{}\" data-step=\"{}\"><a href=\"#step-{}\">{}</a></li>\n", cls, k, k,
                        escape(k == 0 ? std::string("init") : describe_action(t.actions[k - 1])));
  }
  body += "</ol></nav>\n<main>\n";
  body += "<section id=\"diagram\"><h2>Sequence diagram</h2>\n" + html::sequence_svg(t) + "</section>\n";

  for (std::size_t k = 0; k < t.states.size(); ++k) {
    std::string cls = "step";
    if (k == m.violation_step) cls += " violation-step";
    if (t.loop_start && k >= *t.loop_start) cls += " in-loop";
    body += fmt::format("<section class=\"{}\" id=\"step-{}\" data-step=\"{}\">\n", cls, k, k);
    if (t.loop_start && k == *t.loop_start) body += "<p class=\"loop-start\">the loop starts here</p>\n";
    body += fmt::format("<h2>Step {} <span class=\"action\">{}</span></h2>\n", k,
                        escape(k == 0 ? std::string("init") : describe_action(t.actions[k - 1])));
    if (k == m.violation_step)
      body += fmt::format("<p class=\"violation-marker step-marker\">violates <strong>{}</strong>: {}</p>\n",
                          escape(m.property), escape(m.violation_message));
    body += "<h3>Changes</h3>\n" + diff_table(t.states[k], k == 0 ? nullptr : &t.states[k - 1], names);
    body += state_section(t.states[k], k == 0 ? nullptr : &t.states[k - 1], names);
    if (t.loop_start && k + 1 == t.states.size())
      body += fmt::format("<p class=\"loop-end\">the loop returns to step {} and repeats forever</p>\n", *t.loop_start);
    body += "</section>\n";
  }
  body += "</main>\n";
  return html::page(fmt::format("stsmc trace: {} violated", m.property), body);
}

}  // namespace stsmc::counterexamples
