// Strict readers over yaml-cpp nodes for the scenario parser: every problem stops the parse
// with the file, line, column and field path of the value at fault.
#include "scenario/yaml_value.h"

#include <algorithm>
#include <set>

#include "spec/text_util.h"

namespace stsmc::scenario::detail {

using namespace model;  // the world this folder drives
namespace {

std::string join(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

Location place(const Location& base, const YAML::Node& n, std::string path) {
  Location at = base;
  at.path = std::move(path);
  const YAML::Mark m = n.Mark();
  if (!m.is_null()) {
    at.line = m.line + 1;
    at.col = m.column + 1;
  }
  return at;
}

bool is_plain(const YAML::Node& n) { return n.Tag() == "?"; }

// How YAML reads the scalar: "int", "float", "bool" or "string".
std::string_view scalar_type(const YAML::Node& n) {
  if (n.Tag() == "tag:yaml.org,2002:int") return "int";
  if (n.Tag() == "tag:yaml.org,2002:bool") return "bool";
  return is_plain(n) ? spec::resolve_plain_scalar(n.Scalar()) : "string";
}

std::size_t distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t next = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1])});
      diag = row[j];
      row[j] = next;
    }
  }
  return row[b.size()];
}

std::string list_names(std::initializer_list<std::string_view> names) {
  std::string s;
  for (auto n : names) s += (s.empty() ? "" : ", ") + std::string(n);
  return s;
}

}  // namespace

void fail(const Location& at, std::string_view message) { throw ParseFailure{error_at(at, message)}; }

std::string kind_of(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Scalar: break;
    default: return "null";
  }
  const auto type = scalar_type(n);
  const std::string text = spec::quote(n.Scalar());
  if (type == "int" || type == "float") return "the number " + n.Scalar();
  if (type == "bool") return "the boolean " + n.Scalar();
  return "the string " + text;
}

bool is_null(const Val& v) { return v.absent || v.y.IsNull() || !v.y.IsDefined(); }

std::vector<Entry> entries(const Val& map) {
  if (!map.y.IsMap()) fail(map.at, "expected a map, got " + kind_of(map.y));
  std::vector<Entry> out;
  std::set<std::string> seen;
  for (auto it = map.y.begin(); it != map.y.end(); ++it) {
    Location key_at = place(map.at, it->first, map.at.path);
    if (!it->first.IsScalar()) fail(key_at, "a key must be a string, got " + kind_of(it->first));
    const std::string key = it->first.Scalar();
    key_at.path = join(map.at.path, key);
    if (!seen.insert(key).second) fail(key_at, "duplicate key");
    Location value_at = it->second.Mark().is_null() ? key_at : place(map.at, it->second, key_at.path);
    out.push_back({key, key_at, Val{it->second, value_at, false}});
  }
  return out;
}

void check_map(const Val& v, std::initializer_list<std::string_view> known) {
  for (const auto& e : entries(v)) {
    const std::string& key = e.key;
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::string message = "unknown field";
    auto best = std::min_element(known.begin(), known.end(), [&](auto a, auto b) {
      return distance(key, a) < distance(key, b);
    });
    if (best != known.end() && distance(key, *best) <= 2) message += "; did you mean '" + std::string(*best) + "'?";
    fail(e.key_at, message + " (known: " + list_names(known) + ")");
  }
}

Val field(const Val& map, std::string_view key) {
  for (auto& e : entries(map))
    if (e.key == key) return e.value;
  Location at = map.at;
  at.path = join(map.at.path, key);
  return Val{YAML::Node(), at, true};
}

Val require(const Val& map, std::string_view key) {
  Val v = field(map, key);
  if (v.absent) fail(map.at, "missing field '" + std::string(key) + "'");
  return v;
}

std::vector<Val> items(const Val& list) {
  if (!list.y.IsSequence()) fail(list.at, "expected a list, got " + kind_of(list.y));
  std::vector<Val> out;
  for (std::size_t i = 0; i < list.y.size(); ++i)
    out.push_back(Val{list.y[i], place(list.at, list.y[i], list.at.path + "[" + std::to_string(i) + "]")});
  return out;
}

std::int64_t read_int(const Val& v, std::int64_t lo, std::int64_t hi, std::string_view limit) {
  if (!v.y.IsScalar() || scalar_type(v.y) != "int") fail(v.at, "expected an integer, got " + kind_of(v.y));
  const auto parsed = spec::parse_int32(v.y.Scalar());
  if (!parsed.ok) fail(v.at, parsed.problem);
  if (parsed.value < lo)
    fail(v.at, "must be >= " + std::to_string(lo) + ", got " + std::to_string(parsed.value));
  if (parsed.value > hi)
    fail(v.at, "must be <= " + std::to_string(hi) + (limit.empty() ? "" : " (" + std::string(limit) + ")") +
                   ", got " + std::to_string(parsed.value));
  return parsed.value;
}

bool read_bool(const Val& v) {
  if (!v.y.IsScalar() || scalar_type(v.y) != "bool") fail(v.at, "expected true or false, got " + kind_of(v.y));
  const char c = v.y.Scalar().front();
  return c == 't' || c == 'T';
}

std::string read_string(const Val& v) {
  if (!v.y.IsScalar()) fail(v.at, "expected a string, got " + kind_of(v.y));
  if (v.y.Scalar().empty()) fail(v.at, "must not be empty");
  return v.y.Scalar();
}

std::string read_choice(const Val& v, std::initializer_list<std::string_view> names) {
  std::string s = read_string(v);
  if (std::find(names.begin(), names.end(), s) == names.end())
    fail(v.at, "expected one of " + list_names(names) + ", got " + kind_of(v.y));
  return s;
}

std::vector<std::string> read_strings(const Val& v) {
  std::vector<std::string> out;
  for (const auto& item : items(v)) out.push_back(read_string(item));
  return out;
}

std::string flow(const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) return "{}";
  YAML::Emitter e;
  e << YAML::Flow << n;
  return e.c_str();
}

PodName read_pod_name(const Val& v) { return PodName{read_string(v), v.at}; }

}  // namespace stsmc::scenario::detail
