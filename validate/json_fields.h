#pragma once
// Small accessors the watch-history reader and the state mapping share: fields of a JSON object
// that never throw on a wrong type, and the "file:line: what" input error.
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "core/expected.h"
#include "core/json.h"

namespace stsmc::validate::detail {

using nlohmann::json;

/// `o[k]` when `o` is an object and `o[k]` a string, else "" (never throws on a wrong type).
inline std::string sget(const json& o, const char* k) {
  if (!o.is_object()) return "";
  auto it = o.find(k);
  return it != o.end() && it->is_string() ? it->get<std::string>() : "";
}
inline std::string sget(const Json& o, const char* k) {
  if (!o.is_object()) return "";
  auto it = o.find(k);
  return it != o.end() && it->is_string() ? it->get<std::string>() : "";
}
inline bool bget(const Json& o, const char* k) {
  if (!o.is_object()) return false;
  auto it = o.find(k);
  return it != o.end() && it->is_boolean() && it->get<bool>();
}
/// metadata.name of an object ("" when absent or not a string).
inline std::string name_of(const Json& o) {
  return o.is_object() && o.contains("metadata") ? sget(o["metadata"], "name") : "";
}

inline Error input_error(const std::string& source, std::size_t line, const std::string& what) {
  return Error{ErrorCode::kBadInput, source + ":" + std::to_string(line) + ": " + what};
}

}  // namespace stsmc::validate::detail
