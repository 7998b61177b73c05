// The report of a validation, as text for people and as one JSON document (docs/validate.md §4).
#include <string>
#include <vector>

#include "validate/validate.h"

namespace stsmc::validate {

using model::Action;

namespace {

std::string event_text(const History& h, const Change& c) {
  const WatchEvent& e = h.events[c.event];
  return "event " + std::to_string(e.position + 1) + " (line " + std::to_string(e.line) + "): " +
         std::string(enum_name(e.type)) + " " + c.name;
}

bool is_stale(const StaleView& v) { return v != StaleView{}; }

/// "reading stale caches: pods 2 versions behind, controllerrevisions 1"
std::string view_text(const StaleView& v) {
  std::string s;
  for (std::size_t k = 0; k < v.size(); ++k) {
    if (v[k] == 0) continue;
    s += std::string(s.empty() ? " reading stale caches: " : ", ") + std::string(enum_name(model::kListerKinds[k])) + " " +
         std::to_string(v[k]) + (s.empty() ? (v[k] == 1 ? " version behind" : " versions behind") : "");
  }
  return s;
}

std::string actions_text(const std::vector<Action>& acts, const std::vector<StaleView>& views) {
  if (acts.empty()) return "(already written by an earlier action, or no field the model keeps changed)";
  std::string s;
  for (std::size_t i = 0; i < acts.size(); ++i)
    s += (s.empty() ? "" : " ; ") + model::describe(acts[i]) + (i < views.size() ? view_text(views[i]) : "");
  return s;
}

Json actions_json(const std::vector<Action>& acts, const std::vector<StaleView>& views) {
  Json out = Json::array();
  for (std::size_t i = 0; i < acts.size(); ++i) {
    Json a = model::action_to_json(acts[i]);
    if (i < views.size() && is_stale(views[i])) {
      Json v = Json::object();
      for (std::size_t k = 0; k < views[i].size(); ++k)
        if (views[i][k] != 0) v[std::string(enum_name(model::kListerKinds[k]))] = views[i][k];
      a["stale_view"] = v;
    }
    out.push_back(std::move(a));
  }
  return out;
}

std::string templates_text(const History& h) {
  std::string s;
  for (std::size_t i = 0; i < h.config.controller.templates.size(); ++i) {
    const auto& t = h.config.controller.templates[i];
    s += "  template " + std::to_string(i) + ": image " + (t.image().empty() ? "(none)" : t.image());
    for (const auto& [k, v] : t.annotations) s += ", " + k + "=" + v;
    s += "\n";
  }
  return s;
}

}  // namespace

std::string report_text(const History& h, const Report& r, const SearchOptions& options, bool verbose) {
  std::string s;
  s += "history: " + std::to_string(h.events.size()) + " events (" + std::to_string(h.initial_events) +
       " in the first listing, " + std::to_string(h.ignored) + " about other objects), " +
       (h.sorted_by_resource_version ? "ordered by resourceVersion" : "in input order (resourceVersions not numeric)") + "\n";
  if (verbose) {
    s += templates_text(h);
    for (const auto& e : r.explained)
      s += "  " + event_text(h, h.changes[e.change]) + "\n      " + actions_text(e.actions, e.views) + "\n";
  }
  std::size_t actions = 0;
  for (const auto& e : r.explained) actions += e.actions.size();
  if (r.verdict == Verdict::kExplained) {
    s += "explained: all " + std::to_string(h.changes.size()) + " changes, by " + std::to_string(actions) +
         " model actions (" + std::to_string(r.states) + " states searched)\n";
    return s;
  }
  const Change& c = h.changes[*r.failed_change];
  s += std::string(r.verdict == Verdict::kBoundHit ? "NOT EXPLAINED WITHIN THE BOUND: " : "UNEXPLAINED: ") + event_text(h, c) + "\n";
  s += "  after " + std::to_string(r.explained.size()) + " explained changes; ";
  if (r.verdict == Verdict::kBoundHit)
    s += "no sequence of at most " + std::to_string(options.depth) + " actions (or " + std::to_string(options.max_states) +
         " states) reaches it; a longer one might (--depth, --max-states)\n";
  else
    s += "no controller, kubelet, provisioner, GC or user action sequence of any length produces it\n";
  if (options.multiplies()) {
    std::vector<std::string> with;
    if (options.stale_reads)
      with.push_back("syncs that may read caches up to " + std::to_string(h.config.bounds.cache_lag) +
                     " version(s) of a kind behind (--cache-lag)");
    if (options.partial_syncs)
      with.push_back(std::string("syncs whose writes are steps of their own") +
                     (options.restarts ? " (and restarts that abandon one)" : ""));
    s += "  searched with whole syncs on fresh reads, then from the start with " + with.front();
    if (with.size() > 1) s += " and " + with.back();
    s += "\n";
  }
  s += "  candidate actions (those that apply in the model's state before it; sequences of them were tried too):";
  for (const auto& a : r.tried) s += "\n    " + model::describe(a);
  s += "\n";
  if (r.closest) {
    s += "  closest candidate: " + actions_text(r.closest->actions, r.closest->views) + "\n";
    for (const auto& d : r.closest->differences) s += "    " + d + "\n";
  }
  if (!verbose) s += templates_text(h);
  return s;
}

Json report_json(const History& h, const Report& r, const SearchOptions& options) {
  Json j;
  j["verdict"] = std::string(enum_name(r.verdict));
  j["events"] = h.events.size();
  j["first_listing"] = h.initial_events;
  j["ignored"] = h.ignored;
  j["ordered_by_resource_version"] = h.sorted_by_resource_version;
  j["depth"] = options.depth;
  Json faults = Json::array();
  if (options.write_errors) faults.push_back("write-errors");
  if (options.stale_reads) faults.push_back("stale-reads");
  if (options.partial_syncs) faults.push_back("partial-sync");
  if (options.restarts) faults.push_back("restart");
  j["faults"] = faults;
  j["states"] = r.states;
  Json ex = Json::array();
  for (const auto& e : r.explained) {
    const Change& c = h.changes[e.change];
    ex.push_back({{"event", h.events[c.event].position + 1},
                  {"line", h.events[c.event].line},
                  {"object", c.name},
                  {"actions", actions_json(e.actions, e.views)}});
  }
  j["explained"] = ex;
  if (r.failed_change) {
    const Change& c = h.changes[*r.failed_change];
    Json f{{"event", h.events[c.event].position + 1}, {"line", h.events[c.event].line},
           {"type", std::string(enum_name(h.events[c.event].type))}, {"object", c.name}};
    Json tried = Json::array();
    for (const auto& a : r.tried) tried.push_back(model::action_to_json(a));
    f["tried"] = tried;
    if (r.closest) {
      f["closest"] = {{"actions", actions_json(r.closest->actions, r.closest->views)},
                      {"differences", r.closest->differences}};
    }
    j["unexplained"] = f;
  }
  return j;
}

}  // namespace stsmc::validate
