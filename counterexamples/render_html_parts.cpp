// The page frame (inline CSS and script, no network) and the inline SVG sequence diagram of
// render_html. The script only adds comfort (a summary line, step highlighting, j/k keys): the
// page reads the same without it.
#include "counterexamples/render_html_parts.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <vector>

#include "counterexamples/render.h"

namespace stsmc::counterexamples::html {
namespace {

constexpr std::string_view kStyle = R"css(
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; display: grid; grid-template-columns: 22em 1fr;
       grid-template-areas: "head head" "nav main"; color: #1d1d1f; }
header { grid-area: head; padding: 0.5em 1.5em; border-bottom: 1px solid #ccc; background: #f6f6f8; }
nav { grid-area: nav; padding: 0 1em; border-right: 1px solid #ccc; position: sticky; top: 0;
      max-height: 100vh; overflow: auto; font-size: 13px; }
main { grid-area: main; padding: 0 1.5em 3em; overflow-x: auto; }
h1 { font-size: 1.4em; margin: 0.3em 0; } h2 { font-size: 1.15em; } h3 { font-size: 1em; margin: 0.8em 0 0.3em; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0 1em; margin: 0.5em 0; }
dl.meta dt { font-weight: 600; } dl.meta dd { margin: 0; font-family: monospace; word-break: break-all; }
.violation-marker { background: #fde8e8; border-left: 5px solid #c81e1e; padding: 0.4em 0.8em; color: #771d1d; }
.note { background: #fff8e1; border-left: 5px solid #e3a008; padding: 0.4em 0.8em; }
#steps-list li.violation a { color: #c81e1e; font-weight: 700; }
#steps-list li.loop { border-left: 3px dashed #6b7280; padding-left: 0.3em; }
#steps-list li.current { background: #e1effe; }
section.step { border-top: 1px solid #ddd; margin-top: 1em; }
section.step.violation-step { border-top: 3px solid #c81e1e; }
section.step.current h2 { background: #e1effe; }
.loop-start, .loop-end { color: #4b5563; font-style: italic; }
table { border-collapse: collapse; margin: 0.2em 0 0.6em; font-family: monospace; font-size: 12.5px; }
th, td { border: 1px solid #d1d5db; padding: 0.15em 0.5em; text-align: left; }
thead th { background: #f3f4f6; }
tr.changed, td.changed { background: #fef3c7; } tr.added { background: #def7ec; }
tr.removed { background: #fde8e8; text-decoration: line-through; }
.diff-none { color: #6b7280; }
details pre { background: #f9fafb; padding: 0.5em; max-height: 30em; overflow: auto; }
svg text { font: 12px monospace; } svg .participant { font-weight: 700; }
svg a:hover text { fill: #1a56db; text-decoration: underline; }
)css";

constexpr std::string_view kScript = R"js(
(function () {
  var steps = document.querySelectorAll('section.step');
  var marker = document.querySelector('#violation');
  var summary = document.getElementById('summary');
  summary.textContent = steps.length + ' steps; ' + marker.dataset.property + ' violated at step ' + marker.dataset.step;
  document.body.dataset.rendered = 'yes';
  var current = -1;
  function show(k) {
    if (k < 0 || k >= steps.length) return;
    document.querySelectorAll('.current').forEach(function (e) { e.classList.remove('current'); });
    steps[k].classList.add('current');
    var link = document.querySelector('#steps-list li[data-step="' + k + '"]');
    if (link) link.classList.add('current');
    current = k;
  }
  window.addEventListener('hashchange', function () {
    var m = /^#step-(\d+)$/.exec(location.hash);
    if (m) show(parseInt(m[1], 10));
  });
  document.addEventListener('keydown', function (e) {
    var next = e.key === 'j' || e.key === 'ArrowDown' ? current + 1 : e.key === 'k' || e.key === 'ArrowUp' ? current - 1 : null;
    if (next === null || next < 0 || next >= steps.length) return;
    location.hash = '#step-' + next;
    e.preventDefault();
  });
})();
)js";

constexpr std::array<std::string_view, 6> kActors = {"user", "controller", "kubelet", "provisioner", "gc", "fault"};

std::string actor_of(const Json& action) {
  const auto it = action.is_object() ? action.find("actor") : action.end();
  return it != action.end() && it->is_string() ? it->get<std::string>() : "unknown";
}

/// The arrow's text: the action without its actor (the arrow's origin shows it).
std::string message_of(const Json& action) {
  if (!action.is_object() || !action.contains("name")) return describe_action(action);
  Json rest = action;
  rest.erase("actor");
  return describe_action(rest);
}

std::string shorten(const std::string& s, std::size_t most) {
  return s.size() <= most ? s : s.substr(0, most - 3) + "...";
}

/// The layout of the sequence diagram: a lane per actor that acts (in kActors order, then any
/// other), the API server last; a row per step.
struct Diagram {
  static constexpr int kLane = 130, kRow = 30, kTop = 50, kLeft = 70;
  std::vector<std::string> lanes;
  int width = 0, height = 0, api = 0;

  explicit Diagram(const StoredTrace& t) {
    for (const auto a : kActors)
      if (std::any_of(t.actions.begin(), t.actions.end(), [&](const Json& j) { return actor_of(j) == a; }))
        lanes.emplace_back(a);
    for (const auto& a : t.actions)
      if (std::find(lanes.begin(), lanes.end(), actor_of(a)) == lanes.end()) lanes.push_back(actor_of(a));
    lanes.emplace_back("API server");
    width = kLeft + static_cast<int>(lanes.size() - 1) * kLane + 480;
    height = kTop + static_cast<int>(t.states.size() + 1) * kRow;
    api = x_of("API server");
  }
  int x_of(const std::string& lane) const {
    return kLeft + static_cast<int>(std::find(lanes.begin(), lanes.end(), lane) - lanes.begin()) * kLane;
  }
  int row_y(std::size_t k) const { return kTop + static_cast<int>(k) * kRow; }

  /// Step k: its arrow (a link to the step's section; the full text as a tooltip) and, at the
  /// violation, a red note.
  std::string row(const StoredTrace& t, std::size_t k) const {
    const int y = row_y(k);
    const bool violation = k == t.meta.violation_step;
    std::string out;
    if (k == 0) {
      out = fmt::format("<a href=\"#step-0\"><text x=\"{}\" y=\"{}\">0: initial state</text></a>\n", api + 8, y + 4);
    } else {
      const auto& action = t.actions[k - 1];
      const int x = x_of(actor_of(action));
      const std::string label = fmt::format("{}: {}", k, message_of(action));
      out = fmt::format(
          "<a href=\"#step-{0}\" class=\"msg{5}\" data-step=\"{0}\"><title>{1}</title>"
          "<line x1=\"{2}\" y1=\"{3}\" x2=\"{4}\" y2=\"{3}\" stroke=\"#374151\" marker-end=\"url(#arrowhead)\"/>"
          "<text x=\"{6}\" y=\"{7}\">{8}</text></a>\n",
          k, escape(label), x, y + 6, api - 2, violation ? " violation" : "", x + 8, y, escape(shorten(label, 44)));
    }
    if (violation)
      out += fmt::format(
          "<g class=\"violation-note\"><rect x=\"{}\" y=\"{}\" width=\"320\" height=\"22\" rx=\"3\" fill=\"#fde8e8\" "
          "stroke=\"#c81e1e\"/><text x=\"{}\" y=\"{}\" fill=\"#771d1d\">step {} violates {}</text></g>\n",
          api + 150, y - 8, api + 156, y + 7, k, escape(shorten(t.meta.property, 28)));
    return out;
  }
};

}  // namespace

std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string page(const std::string& title, const std::string& body) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "script-src 'unsafe-inline'\">\n<meta name=\"generator\" content=\"stsmc show --format html\">\n"
      "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n{}<script>{}</script>\n</body>\n</html>\n",
      escape(title), kStyle, body, kScript);
}

std::string sequence_svg(const StoredTrace& t) {
  const Diagram d(t);
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sequence\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"sequence diagram\">\n"
      "<defs><marker id=\"arrowhead\" markerWidth=\"8\" markerHeight=\"8\" refX=\"8\" refY=\"4\" orient=\"auto\">"
      "<path d=\"M0,0 L8,4 L0,8 z\" fill=\"#374151\"/></marker></defs>\n",
      d.width, d.height);
  for (const auto& lane : d.lanes) {
    const int x = d.x_of(lane);
    out += fmt::format(
        "<rect x=\"{}\" y=\"8\" width=\"110\" height=\"24\" rx=\"4\" fill=\"#f3f4f6\" stroke=\"#6b7280\"/>"
        "<text class=\"participant\" x=\"{}\" y=\"25\" text-anchor=\"middle\">{}</text>"
        "<line x1=\"{}\" y1=\"32\" x2=\"{}\" y2=\"{}\" stroke=\"#9ca3af\" stroke-dasharray=\"4 3\"/>\n",
        x - 55, x, escape(lane), x, x, d.height - 4);
  }
  const std::size_t last = t.states.size() - 1;
  if (t.loop_start && *t.loop_start < last) {
    const int y0 = d.row_y(*t.loop_start + 1) - Diagram::kRow / 2 - 4;
    const int y1 = d.row_y(last) + Diagram::kRow / 2 - 6;
    out += fmt::format(
        "<g class=\"loop\"><rect x=\"8\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#4b5563\" "
        "stroke-dasharray=\"6 4\"/><text x=\"12\" y=\"{}\">loop to step {}</text></g>\n",
        y0, d.width - 16, y1 - y0, y0 + 13, *t.loop_start);
  }
  for (std::size_t k = 0; k <= last; ++k) out += d.row(t, k);
  return out + "</svg>\n";
}

}  // namespace stsmc::counterexamples::html
