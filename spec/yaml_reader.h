#pragma once
// Walking yaml-cpp nodes with their field path ("spec.template.spec.containers[0].image") and
// source position, collecting errors and warnings as "file:line:col: path: message".
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/expected.h"
#include "core/limits.h"

namespace stsmc::spec {

/// A 1-based line and column in the manifest text.
struct Pos {
  int line = 1;
  int col = 1;
};

/// The position of a yaml-cpp mark (0-based); `fallback` when the mark is null.
Pos pos_of(const YAML::Mark& mark, Pos fallback = {});

/// A bad-input error "source:line:col: message".
Error located(const std::string& source, Pos pos, std::string_view message);

/// Errors and warnings of one load, plus the limits that keep a hostile file cheap to walk.
class Diagnostics {
 public:
  /// Most nodes a load may visit (aliases make a small text a large tree).
  static constexpr std::size_t kNodeBudget = 1'000'000;
  /// Deepest nesting a walk may reach.
  static constexpr int kMaxDepth = limits::kMaxValueNesting;
  /// Errors kept in the message; more are counted.
  static constexpr std::size_t kMaxErrors = 20;

  /// `source` names the file in every message. `strict_fields`: unknown and duplicate fields are
  /// errors (kubectl's default field validation); otherwise warnings, and the last duplicate counts.
  explicit Diagnostics(std::string source, bool strict_fields = true)
      : source_(std::move(source)), strict_fields_(strict_fields) {}

  /// Records "source:line:col: path: message" (no "path: " when `path` is empty).
  void error(Pos pos, std::string_view path, std::string_view message);
  /// Same, for a feature the model does not cover (ErrorCode::kUnsupported if only those).
  void unsupported(Pos pos, std::string_view path, std::string_view message);
  /// An error about `path` at the place recorded for it or its nearest recorded ancestor.
  /// Dropped when an error about `path`, an ancestor or a descendant exists already.
  void error_at(std::string_view path, std::string_view message);
  /// Records "source:line:col: message" as a warning.
  void warn(Pos pos, std::string_view message);
  /// A field the schema does not have (or a second copy of one): an error under strict field
  /// validation, else a warning. Both name the path ("items[1]." prefixed inside a List).
  void field_problem(Pos pos, std::string_view path, std::string_view message);
  bool strict_fields() const { return strict_fields_; }

  /// Message paths get "prefix." in front (the items of a kind: List); "" for none.
  void set_path_prefix(std::string prefix) { prefix_ = std::move(prefix); }

  /// Remembers where `path` is (for error_at).
  void remember(const std::string& path, Pos pos) { places_[path] = pos; }
  /// Forgets every remembered place (before walking another document).
  void forget_places() { places_.clear(); }
  /// Where `path` is, or its nearest remembered ancestor, or 1:1.
  Pos locate(std::string_view path) const;

  /// Counts one visited node (at `path`); false, and one error, once the budget is spent.
  bool spend_node(Pos pos, std::string_view path);

  bool has_errors() const { return error_count_ > 0; }
  const std::vector<std::string>& warnings() const { return warnings_; }
  const std::string& source() const { return source_; }
  /// All errors as one Error, one per line.
  Error to_error() const;

 private:
  std::string format(Pos pos, std::string_view path, std::string_view message) const;
  bool near_existing_error(std::string_view path) const;

  std::string source_;
  bool strict_fields_ = true;
  bool field_errors_ = false;  // an unknown or duplicate field was an error: say how to relax it
  std::string prefix_;
  std::vector<std::string> errors_;
  std::vector<std::string> error_paths_;
  std::vector<std::string> warnings_;
  std::map<std::string, Pos, std::less<>> places_;
  std::size_t error_count_ = 0;
  std::size_t unsupported_count_ = 0;
  std::size_t nodes_ = 0;
  bool budget_reported_ = false;
};

/// What a node holds. kAbsent: the key is not there; kNull: it is there with no value.
enum class NodeKind { kAbsent, kNull, kScalar, kList, kMap };

/// A node of a document with its field path and position. Readers report wrong types to the
/// Diagnostics and return nothing; absent and null nodes read as nothing without complaint.
class Field {
 public:
  /// The root of a document.
  static Field root(const YAML::Node& node, Diagnostics& diag);

  NodeKind kind() const { return kind_; }
  /// Neither absent nor null.
  bool present() const { return kind_ != NodeKind::kAbsent && kind_ != NodeKind::kNull; }
  const std::string& path() const { return path_; }
  Pos pos() const { return pos_; }
  Diagnostics& diag() const { return *diag_; }
  /// "a map", "a list", "a string", "a number", "a boolean", "null".
  std::string kind_name() const;

  /// Reports an error about this field.
  void error(std::string_view message) const { diag_->error(pos_, path_, message); }

  /// True when present and a map; an error when present and not a map.
  bool expect_map() const;
  /// The value of `key` in this map (absent when there is none or this is not a map); its
  /// position is the key's, or this field's when it is absent.
  Field get(std::string_view key) const;
  /// Keys not in `known` and duplicate keys are field problems (Diagnostics::field_problem),
  /// with "did you mean" for a likely typo; non-string keys are errors.
  void check_keys(std::span<const std::string_view> known) const;
  /// The yaml-cpp node (a null node when absent).
  const YAML::Node& node() const { return node_; }

  /// The entries of a map in file order, keys as written (empty, plus an error, when present and
  /// not a map; non-string keys are errors and left out).
  std::vector<std::pair<std::string, Field>> entries() const;
  /// The items of a list (empty, plus an error, when present and not a list).
  std::vector<Field> items() const;
  /// A string value ("3" quoted is a string; plain 3, 2.5, true or YAML 1.1's yes are not: kubectl
  /// sends them as numbers and booleans, which the API server refuses in a string field).
  std::optional<std::string> str() const;
  /// The text of any scalar, whatever its type (nothing, plus an error, for a collection).
  std::optional<std::string> scalar_text() const;
  /// A string or a number as written (resource quantities: 1Gi, 5, 0.5).
  std::optional<std::string> str_or_number() const;
  /// An integer that fits in int32.
  std::optional<std::int32_t> int32() const;
  /// A map of strings to strings (labels, annotations); a duplicate key is a field problem.
  std::map<std::string, std::string> string_map() const;

  /// True for a scalar that YAML reads as an integer (plain, or tagged !!int).
  bool is_int_scalar() const;

 private:
  Field(YAML::Node node, NodeKind kind, std::string path, Pos pos, Diagnostics* diag, int depth)
      : node_(std::move(node)), kind_(kind), path_(std::move(path)), pos_(pos), diag_(diag),
        depth_(depth) {}
  Field child(const YAML::Node& node, std::string path, Pos pos) const;
  Field absent_child(std::string path) const;
  /// How a scalar resolves: "string", "int", "float", "bool".
  std::string_view scalar_type() const;

  YAML::Node node_;
  NodeKind kind_ = NodeKind::kAbsent;
  std::string path_;
  Pos pos_;
  Diagnostics* diag_ = nullptr;
  int depth_ = 0;
};

/// "spec" + "replicas" -> "spec.replicas"; "" + "spec" -> "spec".
std::string join_path(std::string_view parent, std::string_view key);

}  // namespace stsmc::spec
