// Writing and validating stsmc-trace/1 documents. Every check names the JSON path of the field
// at fault; parse_trace prefixes the source, so a message reads "file: path: what".
#include "counterexamples/trace.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include "core/limits.h"
#include "counterexamples/terminal_text.h"
#include "counterexamples/trace_nesting.h"

namespace stsmc::counterexamples {
namespace {

Error bad(const std::string& path, const std::string& what) {
  return Error{ErrorCode::kBadTrace, path + ": " + what};
}

std::string got(const Json& j) { return std::string(", got ") + j.type_name(); }

/// `j` on one line with every non-ASCII character escaped, safe for a terminal (the depth
/// check has bounded its nesting).
std::string ascii_dump(const Json& j) { return j.dump(-1, ' ', true); }

/// The member `key` of `obj` (at `path`), or "missing field".
Expected<const Json*> member(const Json& obj, const std::string& path, const std::string& key) {
  const auto it = obj.find(key);
  if (it == obj.end()) return bad(path + key, "missing field");
  return &*it;
}

Expected<std::string> string_member(const Json& obj, const std::string& path,
                                    const std::string& key) {
  auto m = member(obj, path, key);
  if (!m) return m.error();
  if (!(*m)->is_string()) return bad(path + key, "expected a string" + got(**m));
  return (*m)->get<std::string>();
}

/// A non-negative integer.
Expected<std::uint64_t> index_value(const Json& j, const std::string& path) {
  if (j.is_number_unsigned()) return j.get<std::uint64_t>();
  if (j.is_number_integer()) return bad(path, "expected a non-negative integer, got " + ascii_dump(j));
  return bad(path, "expected a non-negative integer" + got(j));
}

Expected<void> check_format(const Json& root) {
  const auto it = root.find("format");
  const std::string want(kTraceFormat);
  if (it == root.end())
    return bad("format", "missing field (expected \"" + want + "\"; is this a stsmc trace?)");
  if (!it->is_string()) return bad("format", "expected a string" + got(*it));
  const auto f = it->get<std::string>();
  if (f == want) return {};
  if (f.starts_with("stsmc-trace/"))
    return bad("format", "unsupported trace format version '" + terminal_safe(f) + "' (this build reads " +
                             want + " only)");
  return bad("format", "not a stsmc trace: '" + terminal_safe(f) + "' (expected \"" + want + "\")");
}

/// An object member; `optional` ones may be absent (then {}).
Expected<Json> object_member(const Json& root, const std::string& key, bool optional) {
  const auto it = root.find(key);
  if (it == root.end()) {
    if (optional) return Json::object();
    return bad(key, "missing field");
  }
  if (!it->is_object()) return bad(key, "expected an object" + got(*it));
  return *it;
}

Expected<void> parse_identity(const Json& root, TraceMeta& m) {
  auto property = string_member(root, "", "property");
  if (!property) return property.error();
  if (property->empty()) return bad("property", "empty property id");
  m.property = *property;
  auto kind = string_member(root, "", "kind");
  if (!kind) return kind.error();
  if (*kind != "safety" && *kind != "liveness")
    return bad("kind", "expected \"safety\" or \"liveness\", got '" + terminal_safe(*kind) + "'");
  m.kind = *kind;
  auto engine = string_member(root, "", "engine");
  if (!engine) return engine.error();
  m.engine = *engine;
  return {};
}

Expected<void> parse_options(const Json& root, TraceMeta& m) {
  auto seed = member(root, "", "seed");
  if (!seed) return seed.error();
  if (!(*seed)->is_null()) {
    auto v = index_value(**seed, "seed");
    if (!v) return v.error();
    m.seed = *v;
  }
  auto mutant = member(root, "", "mutant");
  if (!mutant) return mutant.error();
  if (!(*mutant)->is_null() && !(*mutant)->is_string())
    return bad("mutant", "expected a string or null" + got(**mutant));
  if ((*mutant)->is_string()) m.mutant = (*mutant)->get<std::string>();
  const auto note = root.find("note");
  if (note != root.end() && !note->is_null() && !note->is_string())
    return bad("note", "expected a string or null" + got(*note));
  if (note != root.end() && note->is_string()) m.note = note->get<std::string>();
  return {};
}

/// The members of "config" that readers use (docs/trace-format.md): "kubernetes" a version
/// string, "featureGates" an object of booleans. Other members are kept unread.
Expected<void> check_config(const Json& config) {
  if (const auto k = config.find("kubernetes"); k != config.end() && !k->is_string())
    return bad("config.kubernetes", "expected a version string such as \"1.28\"" + got(*k));
  const auto g = config.find("featureGates");
  if (g == config.end()) return {};
  if (!g->is_object()) return bad("config.featureGates", "expected an object" + got(*g));
  for (const auto& [name, on] : g->items())
    if (!on.is_boolean())
      return bad("config.featureGates." + terminal_safe(name), "expected true or false" + got(on));
  return {};
}

Expected<void> parse_meta(const Json& root, TraceMeta& m) {
  if (auto r = parse_identity(root, m); !r) return r;
  if (auto r = parse_options(root, m); !r) return r;
  auto manifest = object_member(root, "manifest", false);
  if (!manifest) return manifest.error();
  m.manifest = std::move(*manifest);
  auto bounds = object_member(root, "bounds", false);
  if (!bounds) return bounds.error();
  m.bounds = std::move(*bounds);
  auto config = object_member(root, "config", true);
  if (!config) return config.error();
  if (auto r = check_config(*config); !r) return r;
  m.extra = std::move(*config);
  return {};
}

bool is_fingerprint(const std::string& s) {
  if (s.size() != 16) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

Expected<void> parse_step_action(const Json& step, const std::string& at, std::size_t k,
                                 StoredTrace& t) {
  auto action = member(step, at, "action");
  if (!action) return action.error();
  const Json& a = **action;
  if (!a.is_object()) return bad(at + "action", "expected an object" + got(a));
  const auto actor = a.find("actor");
  const bool init = actor != a.end() && actor->is_string() && *actor == "init";
  if (k == 0 && !init)
    return bad(at + "action",
               "step 0 must be the initial state, {\"actor\": \"init\"}, got " + ascii_dump(a));
  if (k > 0 && init) return bad(at + "action.actor", "\"init\" is allowed only at step 0");
  if (k > 0) t.actions.push_back(a);
  return {};
}

Expected<void> parse_step(const Json& step, std::size_t k, StoredTrace& t) {
  const std::string at = "steps[" + std::to_string(k) + "].";
  if (!step.is_object()) return bad(at.substr(0, at.size() - 1), "expected an object" + got(step));
  auto i = member(step, at, "i");
  if (!i) return i.error();
  auto iv = index_value(**i, at + "i");
  if (!iv) return iv.error();
  if (*iv != k)
    return bad(at + "i", "steps must be numbered 0, 1, 2, ...: expected " + std::to_string(k) +
                             ", got " + std::to_string(*iv));
  if (auto r = parse_step_action(step, at, k, t); !r) return r;
  auto state = member(step, at, "state");
  if (!state) return state.error();
  if (!(*state)->is_object()) return bad(at + "state", "expected an object" + got(**state));
  t.states.push_back(**state);
  if (k == 0 && !step.contains("fingerprint")) {
    t.fingerprints.emplace_back();  // the contract's example leaves it out at step 0
    return {};
  }
  auto fp = string_member(step, at, "fingerprint");
  if (!fp) return fp.error();
  if (!is_fingerprint(*fp))
    return bad(at + "fingerprint", "expected 16 lowercase hex digits, got '" + terminal_safe(*fp) + "'");
  t.fingerprints.push_back(*fp);
  return {};
}

Expected<void> parse_steps(const Json& root, StoredTrace& t) {
  auto steps = member(root, "", "steps");
  if (!steps) return steps.error();
  if (!(*steps)->is_array()) return bad("steps", "expected an array" + got(**steps));
  if ((*steps)->empty()) return bad("steps", "empty; a trace has at least the initial state");
  for (std::size_t k = 0; k < (*steps)->size(); ++k)
    if (auto r = parse_step((**steps)[k], k, t); !r) return r;
  return {};
}

Expected<void> parse_violation(const Json& root, StoredTrace& t) {
  auto v = member(root, "", "violation");
  if (!v) return v.error();
  if (!(*v)->is_object()) return bad("violation", "expected an object" + got(**v));
  auto step = member(**v, "violation.", "step");
  if (!step) return step.error();
  auto sv = index_value(**step, "violation.step");
  if (!sv) return sv.error();
  if (*sv >= t.states.size())
    return bad("violation.step", "out of range: " + std::to_string(*sv) +
                                     " but the trace has steps 0.." +
                                     std::to_string(t.states.size() - 1));
  t.meta.violation_step = *sv;
  auto message = string_member(**v, "violation.", "message");
  if (!message) return message.error();
  t.meta.violation_message = *message;
  return {};
}

Expected<void> parse_loop(const Json& root, StoredTrace& t) {
  auto ls = member(root, "", "loop_start");
  if (!ls) return ls.error();
  const bool liveness = t.meta.kind == "liveness";
  if ((*ls)->is_null()) {
    if (liveness) return bad("loop_start", "a liveness trace must be a lasso: loop_start is null");
    return {};
  }
  if (!liveness) return bad("loop_start", "must be null in a safety trace");
  auto v = index_value(**ls, "loop_start");
  if (!v) return v.error();
  const std::size_t last = t.states.size() - 1;
  if (*v > last)
    return bad("loop_start", "out of range: " + std::to_string(*v) +
                                 " but the trace has steps 0.." + std::to_string(last));
  const auto& a = t.fingerprints[*v];
  if (!a.empty() && a != t.fingerprints[last])
    return bad("loop_start", "not a lasso: step " + std::to_string(last) + " (fingerprint " +
                                 t.fingerprints[last] + ") does not return to step " +
                                 std::to_string(*v) + " (" + a + ")");
  t.loop_start = *v;
  return {};
}

/// Rejects binary data early with the offset of the first control byte (JSON text has none).
Expected<void> check_text(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return Error{ErrorCode::kBadTrace,
                 "empty file (expected a " + std::string(kTraceFormat) + " JSON document)"};
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
      return Error{ErrorCode::kBadTrace,
                   fmt::format("binary data, not a JSON trace (byte 0x{:02x} at offset {})", c, i)};
  }
  return {};
}

Expected<void> check_nesting(std::string_view text) {
  const auto field = too_deep_field(text);
  if (!field) return {};
  return bad(*field, fmt::format("nested deeper than {} levels (arrays and objects)",
                                 limits::kMaxValueNesting));
}

Expected<Json> parse_json(std::string_view text) {
  if (auto r = check_nesting(text); !r) return r.error();
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    std::string what = e.what();
    if (const auto p = what.find("] "); p != std::string::npos) what.erase(0, p + 2);
    // e.byte counts from 1 (n + 1 at the end of n bytes); offsets here count from 0.
    return Error{ErrorCode::kBadTrace,
                 fmt::format("not JSON: {} (byte offset {})", what, e.byte > 0 ? e.byte - 1 : 0)};
  } catch (const Json::exception& e) {
    return Error{ErrorCode::kBadTrace, std::string("not JSON: ") + e.what()};
  }
}

Expected<StoredTrace> parse_document(std::string_view text) {
  if (auto r = check_text(text); !r) return r.error();
  auto root = parse_json(text);
  if (!root) return root.error();
  if (!root->is_object()) return bad("(root)", "expected an object" + got(*root));
  if (auto r = check_format(*root); !r) return r.error();
  StoredTrace t;
  if (auto r = parse_meta(*root, t.meta); !r) return r.error();
  if (auto r = parse_steps(*root, t); !r) return r.error();
  if (auto r = parse_violation(*root, t); !r) return r.error();
  if (auto r = parse_loop(*root, t); !r) return r.error();
  return t;
}

Json object_or_empty(const Json& j) { return j.is_null() ? Json::object() : j; }

Json step_json(const StoredTrace& t, std::size_t k) {
  Json s = Json::object();
  s["i"] = k;
  s["action"] = k == 0 ? Json{{"actor", "init"}} : t.actions[k - 1];
  s["state"] = t.states[k];
  if (k < t.fingerprints.size() && !t.fingerprints[k].empty()) s["fingerprint"] = t.fingerprints[k];
  return s;
}

}  // namespace

std::string fingerprint_hex(Fingerprint fp) { return fmt::format("{:016x}", fp); }

Json stored_trace_to_json(const StoredTrace& t) {
  STSMC_CHECK(!t.states.empty() && t.actions.size() + 1 == t.states.size());
  const auto& m = t.meta;
  Json j = Json::object();
  j["format"] = std::string(kTraceFormat);
  j["property"] = m.property;
  j["kind"] = m.kind;
  j["engine"] = m.engine;
  j["seed"] = m.seed ? Json(*m.seed) : Json(nullptr);
  j["mutant"] = m.mutant ? Json(*m.mutant) : Json(nullptr);
  j["manifest"] = object_or_empty(m.manifest);
  j["bounds"] = object_or_empty(m.bounds);
  j["config"] = object_or_empty(m.extra);
  j["steps"] = Json::array();
  for (std::size_t k = 0; k < t.states.size(); ++k) j["steps"].push_back(step_json(t, k));
  j["loop_start"] = t.loop_start ? Json(*t.loop_start) : Json(nullptr);
  j["violation"] = Json{{"step", m.violation_step}, {"message", m.violation_message}};
  j["note"] = m.note.empty() ? Json(nullptr) : Json(m.note);
  return j;
}

Expected<StoredTrace> parse_trace(std::string_view text, const std::string& source) {
  auto t = parse_document(text);
  if (!t)
    return Error{ErrorCode::kBadTrace,
                 (source.empty() ? "<trace>" : source) + ": " + t.error().message};
  t->source = source;
  return t;
}

Expected<StoredTrace> read_trace_file(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return Error{ErrorCode::kIo, path + ": cannot read: no such file"};
  if (fs::is_directory(status))
    return Error{ErrorCode::kIo, path + ": cannot read: is a directory"};
  const auto size = fs::file_size(path, ec);
  if (!ec && size > kMaxTraceFileBytes)
    return Error{ErrorCode::kBadTrace,
                 fmt::format("{}: too large for a trace ({} bytes; the limit is {} MiB)", path,
                             size, kMaxTraceFileBytes >> 20)};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{ErrorCode::kIo, path + ": cannot read: permission denied or unreadable"};
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return Error{ErrorCode::kIo, path + ": read error"};
  return parse_trace(buf.str(), path);
}

}  // namespace stsmc::counterexamples
