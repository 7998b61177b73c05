#pragma once
// The pieces of render_html that are not about a trace's state: HTML escaping, the page frame
// with its inline style and script, and the inline SVG sequence diagram.
#include <string>
#include <string_view>

#include "counterexamples/trace.h"

namespace stsmc::counterexamples::html {

/// `s` with &, <, >, " and ' replaced by entities: safe as element text and attribute value.
std::string escape(std::string_view s);

/// A whole self-contained document: doctype, a Content-Security-Policy that forbids any fetch,
/// the inline CSS and script, `body` inside <body>.
std::string page(const std::string& title, const std::string& body);

/// An <svg> sequence diagram: a lifeline per actor and the API server, one arrow per step
/// (linking to its section), the violation as a red note, a lasso's loop as a dashed frame.
std::string sequence_svg(const StoredTrace& trace);

}  // namespace stsmc::counterexamples::html
