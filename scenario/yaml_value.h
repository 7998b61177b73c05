#pragma once
// Internal to the scenario parser: yaml-cpp nodes with their field path and place, and strict
// readers that stop the parse at the first problem with "file:line:col: path: message".
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/scenario.h"

namespace stsmc::scenario::detail {

/// Thrown by the readers; parse_scenario turns it into its Error.
struct ParseFailure {
  Error error;
};

/// A node of the scenario with its path and place; `absent` for a key that is not there.
struct Val {
  YAML::Node y;
  Location at;
  bool absent = false;
};

/// Stops the parse with an error about `at`.
[[noreturn]] void fail(const Location& at, std::string_view message);
/// "a map", "a list", "null", "the number 3", "the string \"x\"", ...
std::string kind_of(const YAML::Node& n);
/// True for an absent key or an explicit null.
bool is_null(const Val& v);

/// One key of a map with its place and its value.
struct Entry {
  std::string key;
  Location key_at;
  Val value;
};

/// The entries of a map in order; fails on a non-map, non-string keys and duplicate keys.
std::vector<Entry> entries(const Val& map);
/// Fails unless `v` is a map whose keys are all in `known` (names the nearest one on a typo).
void check_map(const Val& v, std::initializer_list<std::string_view> known);
/// The value of `key` (absent when the key is not there).
Val field(const Val& map, std::string_view key);
/// The value of `key`; fails when the key is not there.
Val require(const Val& map, std::string_view key);
/// The items of a list.
std::vector<Val> items(const Val& list);

/// A plain integer in [lo, hi]; `limit`, when given, names where `hi` comes from in the error
/// (e.g. "the model's limit on replicas").
std::int64_t read_int(const Val& v, std::int64_t lo, std::int64_t hi, std::string_view limit = {});
/// A plain true or false.
bool read_bool(const Val& v);
/// Any non-empty scalar, as written.
std::string read_string(const Val& v);
/// One of `names`.
std::string read_choice(const Val& v, std::initializer_list<std::string_view> names);
/// A list of non-empty scalars.
std::vector<std::string> read_strings(const Val& v);
/// The node in YAML flow style on one line, e.g. "{replicas: 5}".
std::string flow(const YAML::Node& n);

/// The largest number a scenario writes where Kubernetes has an int32.
inline constexpr std::int64_t kMaxInt = std::numeric_limits<std::int32_t>::max();
/// A pod's name, with its place (checked against the set's pods when the scenario runs).
PodName read_pod_name(const Val& v);

}  // namespace stsmc::scenario::detail
