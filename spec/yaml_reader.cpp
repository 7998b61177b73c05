// Walking yaml-cpp nodes with field paths and positions: the Diagnostics collector, and Field's
// typed readers that turn wrong types into "file:line:col: path: expected ..." errors.
#include "spec/yaml_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include "spec/text_util.h"

namespace stsmc::spec {

Pos pos_of(const YAML::Mark& mark, Pos fallback) {
  if (mark.is_null() || mark.line < 0 || mark.column < 0) return fallback;
  return Pos{mark.line + 1, mark.column + 1};
}

std::string join_path(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  return fmt::format("{}.{}", parent, key);
}

// ---------------------------------------------------------------------------------------------
// Diagnostics

std::string Diagnostics::format(Pos pos, std::string_view path, std::string_view message) const {
  if (path.empty()) return fmt::format("{}:{}:{}: {}", source_, pos.line, pos.col, message);
  if (!prefix_.empty()) return fmt::format("{}:{}:{}: {}.{}: {}", source_, pos.line, pos.col, prefix_, path, message);
  return fmt::format("{}:{}:{}: {}: {}", source_, pos.line, pos.col, path, message);
}

void Diagnostics::error(Pos pos, std::string_view path, std::string_view message) {
  ++error_count_;
  if (!path.empty()) error_paths_.emplace_back(path);
  if (errors_.size() < kMaxErrors) errors_.push_back(format(pos, path, message));
}

void Diagnostics::unsupported(Pos pos, std::string_view path, std::string_view message) {
  ++unsupported_count_;
  error(pos, path, message);
}

namespace {
// True when `prefix` is `path` or one of its ancestors ("spec" of "spec.replicas" or "spec[0]").
bool is_path_prefix(std::string_view prefix, std::string_view path) {
  if (prefix.empty() || !path.starts_with(prefix)) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '.' || path[prefix.size()] == '[';
}

// "a.b[2].c" -> "a.b[2]" -> "a.b" -> "a" -> "".
std::string_view parent_path(std::string_view path) {
  const auto cut = path.find_last_of(".[");
  return cut == std::string_view::npos ? std::string_view() : path.substr(0, cut);
}
}  // namespace

bool Diagnostics::near_existing_error(std::string_view path) const {
  return std::any_of(error_paths_.begin(), error_paths_.end(), [&](const std::string& p) {
    return is_path_prefix(p, path) || is_path_prefix(path, p);
  });
}

void Diagnostics::error_at(std::string_view path, std::string_view message) {
  if (near_existing_error(path)) return;
  error(locate(path), path, message);
}

void Diagnostics::warn(Pos pos, std::string_view message) {
  warnings_.push_back(format(pos, "", message));
}

void Diagnostics::field_problem(Pos pos, std::string_view path, std::string_view message) {
  if (strict_fields_) {
    field_errors_ = true;
    error(pos, path, message);
  } else {
    warnings_.push_back(format(pos, path, message));
  }
}

Pos Diagnostics::locate(std::string_view path) const {
  for (std::string_view p = path; !p.empty(); p = parent_path(p))
    if (auto it = places_.find(p); it != places_.end()) return it->second;
  return Pos{};
}

bool Diagnostics::spend_node(Pos pos, std::string_view path) {
  if (++nodes_ <= kNodeBudget) return true;
  if (!budget_reported_) {
    budget_reported_ = true;
    error(pos, path, fmt::format("more than {} nodes to read (an alias bomb?); giving up", kNodeBudget));
  }
  return false;
}

Error Diagnostics::to_error() const {
  std::string message;
  for (const auto& e : errors_) message += (message.empty() ? "" : "\n") + e;
  if (error_count_ > errors_.size())
    message += fmt::format("\n... and {} more errors", error_count_ - errors_.size());
  if (field_errors_)
    message += "\n(unknown and duplicate fields are errors, as in kubectl's strict field validation; "
               "--allow-unknown-fields makes them warnings)";
  const auto code = unsupported_count_ == error_count_ ? ErrorCode::kUnsupported : ErrorCode::kBadInput;
  return Error{code, message};
}

// ---------------------------------------------------------------------------------------------
// Field: structure

namespace {
NodeKind kind_of(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null: return NodeKind::kNull;
    case YAML::NodeType::Scalar: return NodeKind::kScalar;
    case YAML::NodeType::Sequence: return NodeKind::kList;
    case YAML::NodeType::Map: return NodeKind::kMap;
    case YAML::NodeType::Undefined: break;
  }
  return NodeKind::kAbsent;
}

// The text of a scalar key, or nothing for a null or collection key.
std::optional<std::string> key_text(const YAML::Node& key) {
  if (key.Type() != YAML::NodeType::Scalar) return std::nullopt;
  return key.Scalar();
}

constexpr std::string_view kMergeKey = "<<";
}  // namespace

Field Field::root(const YAML::Node& node, Diagnostics& diag) {
  const Pos pos = pos_of(node.Mark());
  diag.spend_node(pos, "");
  diag.remember("", pos);
  return Field(node, kind_of(node), "", pos, &diag, 0);
}

Field Field::child(const YAML::Node& node, std::string path, Pos pos) const {
  if (depth_ + 1 > Diagnostics::kMaxDepth) {
    diag_->error(pos, path, fmt::format("nested deeper than {} levels", Diagnostics::kMaxDepth));
    return absent_child(std::move(path));
  }
  if (!diag_->spend_node(pos, path)) return absent_child(std::move(path));
  diag_->remember(path, pos);
  return Field(node, kind_of(node), std::move(path), pos, diag_, depth_ + 1);
}

Field Field::absent_child(std::string path) const {
  return Field(YAML::Node(), NodeKind::kAbsent, std::move(path), pos_, diag_, depth_ + 1);
}

std::string Field::kind_name() const {
  switch (kind_) {
    case NodeKind::kAbsent:
    case NodeKind::kNull: return "null";
    case NodeKind::kList: return "a list";
    case NodeKind::kMap: return "a map";
    case NodeKind::kScalar: break;
  }
  const auto type = scalar_type();
  if (type == "int" || type == "float") return "a number";
  if (type == "bool") return "a boolean";
  return "a string";
}

bool Field::expect_map() const {
  if (!present()) return false;
  if (kind_ == NodeKind::kMap) return true;
  error("expected a map, got " + kind_name());
  return false;
}

Field Field::get(std::string_view key) const {
  const std::string path = join_path(path_, key);
  if (kind_ != NodeKind::kMap) return absent_child(path);
  // A duplicate key is an error under strict field validation; otherwise the last one counts,
  // as it does for kubectl's YAML reader.
  std::optional<std::pair<YAML::Node, YAML::Node>> found;
  for (const auto& kv : node_)
    if (key_text(kv.first) == key) found.emplace(kv.first, kv.second);
  if (found) return child(found->second, path, pos_of(found->first.Mark(), pos_));
  // YAML 1.1 merge keys ("<<: *defaults"), which kubectl honours: explicit keys win.
  for (const auto& kv : node_) {
    if (key_text(kv.first) != kMergeKey) continue;
    std::vector<YAML::Node> merged;
    if (kv.second.IsSequence()) {
      for (const auto& m : kv.second) merged.push_back(m);
    } else {
      merged.push_back(kv.second);
    }
    for (const auto& m : merged) {
      if (!m.IsMap()) continue;
      for (const auto& mkv : m)
        if (key_text(mkv.first) == key) return child(mkv.second, path, pos_of(mkv.first.Mark(), pos_));
    }
  }
  return absent_child(path);
}

void Field::check_keys(std::span<const std::string_view> known) const {
  if (kind_ != NodeKind::kMap) return;
  std::set<std::string, std::less<>> seen;
  for (const auto& kv : node_) {
    const Pos pos = pos_of(kv.first.Mark(), pos_);
    const auto key = key_text(kv.first);
    if (!key) {
      diag_->error(pos, path_, "map keys must be strings");
      continue;
    }
    const std::string path = join_path(path_, *key);
    if (!seen.insert(*key).second) {
      diag_->field_problem(pos, path, "duplicate field");
    } else if (*key != kMergeKey && std::find(known.begin(), known.end(), *key) == known.end()) {
      const auto guess = closest_match(*key, known);
      diag_->field_problem(pos, path, guess ? fmt::format("unknown field (did you mean {}?)", quote(*guess))
                                            : std::string("unknown field"));
    }
  }
}

std::vector<std::pair<std::string, Field>> Field::entries() const {
  std::vector<std::pair<std::string, Field>> out;
  if (!expect_map()) return out;
  for (const auto& kv : node_) {
    const Pos pos = pos_of(kv.first.Mark(), pos_);
    const auto key = key_text(kv.first);
    if (!key) {
      diag_->error(pos, path_, "map keys must be strings");
      continue;
    }
    out.emplace_back(*key, child(kv.second, join_path(path_, *key), pos));
    if (out.back().second.kind() == NodeKind::kAbsent) break;  // budget or depth exhausted
  }
  return out;
}

std::vector<Field> Field::items() const {
  std::vector<Field> out;
  if (!present()) return out;
  if (kind_ != NodeKind::kList) {
    error("expected a list, got " + kind_name());
    return out;
  }
  std::size_t i = 0;
  for (const auto& item : node_) {
    out.push_back(child(item, fmt::format("{}[{}]", path_, i++), pos_of(item.Mark(), pos_)));
    if (out.back().kind() == NodeKind::kAbsent) break;  // budget or depth exhausted
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Field: scalars

std::string_view Field::scalar_type() const {
  const std::string& tag = node_.Tag();
  if (tag == "!" || tag == "tag:yaml.org,2002:str") return "string";
  if (tag == "tag:yaml.org,2002:int") return "int";
  if (tag == "tag:yaml.org,2002:float") return "float";
  if (tag == "tag:yaml.org,2002:bool") return "bool";
  return resolve_kubectl_scalar(node_.Scalar());
}

bool Field::is_int_scalar() const { return kind_ == NodeKind::kScalar && scalar_type() == "int"; }

std::optional<std::string> Field::str() const {
  if (!present()) return std::nullopt;
  if (kind_ != NodeKind::kScalar) {
    error("expected a string, got " + kind_name());
    return std::nullopt;
  }
  if (scalar_type() != "string") {
    const std::string& text = node_.Scalar();
    if (scalar_type() == "bool")
      error(fmt::format("expected a string, got boolean `{}`{}; quote it", text,
                        is_yaml11_only_bool(text) ? " (YAML 1.1, as kubectl reads it)" : ""));
    else
      error(fmt::format("expected a string, got {} ({}); quote it", kind_name(), text));
    return std::nullopt;
  }
  return node_.Scalar();
}

std::optional<std::string> Field::scalar_text() const {
  if (!present()) return std::nullopt;
  if (kind_ == NodeKind::kScalar) return node_.Scalar();
  error("expected a scalar, got " + kind_name());
  return std::nullopt;
}

std::optional<std::string> Field::str_or_number() const {
  if (!present()) return std::nullopt;
  if (kind_ == NodeKind::kScalar && scalar_type() != "bool") return node_.Scalar();
  error("expected a string or a number, got " + kind_name());
  return std::nullopt;
}

std::optional<std::int32_t> Field::int32() const {
  if (!present()) return std::nullopt;
  if (kind_ != NodeKind::kScalar) {
    error("expected an integer, got " + kind_name());
    return std::nullopt;
  }
  const std::string& text = node_.Scalar();
  const auto type = scalar_type();
  if (type != "int") {
    error(fmt::format("expected an integer, got {} ({})", kind_name(), type == "string" ? quote(text) : text));
    return std::nullopt;
  }
  const auto parsed = parse_int32(text);
  if (!parsed.ok) error(parsed.problem);
  return parsed.ok ? std::optional<std::int32_t>(parsed.value) : std::nullopt;
}

std::map<std::string, std::string> Field::string_map() const {
  std::map<std::string, std::string> out;
  if (!expect_map()) return out;
  for (const auto& kv : node_) {
    const Pos pos = pos_of(kv.first.Mark(), pos_);
    const auto key = key_text(kv.first);
    if (!key) {
      diag_->error(pos, path_, "map keys must be strings");
      continue;
    }
    const Field value = child(kv.second, fmt::format("{}[{}]", path_, *key), pos);
    if (value.kind() == NodeKind::kAbsent) break;
    const auto text = value.kind() == NodeKind::kNull ? std::optional<std::string>("") : value.str();
    if (!text) continue;
    if (out.contains(*key)) diag_->field_problem(pos, value.path(), "duplicate key");
    out[*key] = *text;  // the last one counts when duplicates are allowed
  }
  return out;
}

}  // namespace stsmc::spec
