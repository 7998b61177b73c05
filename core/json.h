#pragma once
// JSON both ways for reflected values (traces, reports, conformance). Field order is the
// declaration order, enums are their names, optionals are null when empty, maps with non-string
// keys are arrays of [key, value]. Reading reports the JSON path of the first bad field.
#include <nlohmann/json.hpp>
#include <string>

#include "core/enum_names.h"
#include "core/expected.h"
#include "core/reflect.h"

namespace stsmc {

/// The JSON document type used everywhere (keeps insertion order, so output is readable).
using Json = nlohmann::ordered_json;

template <class T> Json to_json(const T& v);

template <class T>
Json to_json(const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    return Json(v);
  } else if constexpr (NamedEnum<T>) {
    return Json(std::string(enum_name(v)));
  } else if constexpr (std::is_integral_v<T>) {
    return Json(v);
  } else if constexpr (std::is_same_v<T, std::string>) {
    return Json(v);
  } else if constexpr (detail::IsVector<T>::value || detail::IsArray<T>::value) {
    Json a = Json::array();
    for (const auto& e : v) a.push_back(to_json(e));
    return a;
  } else if constexpr (detail::IsOptional<T>::value) {
    return v ? to_json(*v) : Json(nullptr);
  } else if constexpr (detail::IsPair<T>::value) {
    return Json::array({to_json(v.first), to_json(v.second)});
  } else if constexpr (detail::IsMap<T>::value) {
    if constexpr (std::is_same_v<typename T::key_type, std::string>) {
      Json o = Json::object();
      for (const auto& [k, e] : v) o[k] = to_json(e);
      return o;
    } else {
      Json a = Json::array();
      for (const auto& [k, e] : v) a.push_back(Json::array({to_json(k), to_json(e)}));
      return a;
    }
  } else if constexpr (std::is_empty_v<T>) {
    return Json::object();
  } else if constexpr (Reflected<T>) {
    Json o = Json::object();
    for_each_field(v, [&](std::string_view name, const auto& f) {
      if (!omitted_field<T>(name, f)) o[std::string(name)] = to_json(f);
    });
    return o;
  } else {
    static_assert(sizeof(T) == 0, "to_json: unsupported type");
  }
}

namespace detail {
inline Error json_error(const std::string& path, const std::string& what) {
  return Error{ErrorCode::kBadTrace, (path.empty() ? std::string("(root)") : path) + ": " + what};
}
}  // namespace detail

/// Reads `j` into `out`; on failure the error names the JSON path (e.g. "steps[3].state.pods[0].phase").
template <class T>
Expected<void> from_json(const Json& j, T& out, const std::string& path = "") {
  using detail::json_error;
  if constexpr (std::is_same_v<T, bool>) {
    if (!j.is_boolean()) return json_error(path, "expected a boolean, got " + std::string(j.type_name()));
    out = j.get<bool>();
  } else if constexpr (NamedEnum<T>) {
    if (!j.is_string()) return json_error(path, "expected a string, got " + std::string(j.type_name()));
    auto e = parse_enum<T>(j.get<std::string>());
    if (!e) return json_error(path, "unknown value '" + j.get<std::string>() + "'");
    out = *e;
  } else if constexpr (std::is_integral_v<T>) {
    if (!j.is_number_integer()) return json_error(path, "expected an integer, got " + std::string(j.type_name()));
    if constexpr (std::is_unsigned_v<T>) {
      if (j.is_number_unsigned()) {
        const auto u = j.get<std::uint64_t>();
        if (u > std::numeric_limits<T>::max()) return json_error(path, "integer out of range");
        out = static_cast<T>(u);
      } else {
        const auto s = j.get<std::int64_t>();
        if (s < 0 || static_cast<std::uint64_t>(s) > std::numeric_limits<T>::max())
          return json_error(path, "integer out of range");
        out = static_cast<T>(s);
      }
    } else {
      if (j.is_number_unsigned() && j.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))
        return json_error(path, "integer out of range");
      const auto s = j.get<std::int64_t>();
      if (s < std::numeric_limits<T>::min() || s > std::numeric_limits<T>::max())
        return json_error(path, "integer out of range");
      out = static_cast<T>(s);
    }
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!j.is_string()) return json_error(path, "expected a string, got " + std::string(j.type_name()));
    out = j.get<std::string>();
  } else if constexpr (detail::IsVector<T>::value) {
    if (!j.is_array()) return json_error(path, "expected an array, got " + std::string(j.type_name()));
    out.clear();
    out.resize(j.size());
    for (std::size_t i = 0; i < j.size(); ++i)
      if (auto r = from_json(j[i], out[i], path + "[" + std::to_string(i) + "]"); !r) return r;
  } else if constexpr (detail::IsArray<T>::value) {
    if (!j.is_array() || j.size() != out.size())
      return json_error(path, "expected an array of " + std::to_string(out.size()));
    for (std::size_t i = 0; i < out.size(); ++i)
      if (auto r = from_json(j[i], out[i], path + "[" + std::to_string(i) + "]"); !r) return r;
  } else if constexpr (detail::IsOptional<T>::value) {
    if (j.is_null()) {
      out.reset();
    } else {
      typename T::value_type v{};
      if (auto r = from_json(j, v, path); !r) return r;
      out = std::move(v);
    }
  } else if constexpr (detail::IsPair<T>::value) {
    if (!j.is_array() || j.size() != 2) return json_error(path, "expected a pair [a, b]");
    if (auto r = from_json(j[0], out.first, path + "[0]"); !r) return r;
    if (auto r = from_json(j[1], out.second, path + "[1]"); !r) return r;
  } else if constexpr (detail::IsMap<T>::value) {
    out.clear();
    if constexpr (std::is_same_v<typename T::key_type, std::string>) {
      if (!j.is_object()) return json_error(path, "expected an object, got " + std::string(j.type_name()));
      for (const auto& [k, e] : j.items()) {
        typename T::mapped_type v{};
        if (auto r = from_json(e, v, path + "." + k); !r) return r;
        out.emplace(k, std::move(v));
      }
    } else {
      if (!j.is_array()) return json_error(path, "expected an array of [key, value]");
      for (std::size_t i = 0; i < j.size(); ++i) {
        std::pair<typename T::key_type, typename T::mapped_type> kv{};
        if (auto r = from_json(j[i], kv, path + "[" + std::to_string(i) + "]"); !r) return r;
        if (!out.emplace(std::move(kv)).second)
          return json_error(path + "[" + std::to_string(i) + "]", "duplicate key");
      }
    }
  } else if constexpr (std::is_empty_v<T>) {
    if (!j.is_object() || !j.empty()) return json_error(path, "expected {}");
  } else if constexpr (Reflected<T>) {
    if (!j.is_object()) return json_error(path, "expected an object, got " + std::string(j.type_name()));
    Expected<void> result;
    std::size_t known = 0;
    for_each_field_mut(out, [&](std::string_view name, auto& f) {
      if (!result) return;
      const std::string key(name);
      const std::string sub = path.empty() ? key : path + "." + key;
      auto it = j.find(key);
      if (it == j.end()) {
        if (is_added_field<T>(name)) f = std::remove_cvref_t<decltype(f)>{};  // left out: zero
        else result = json_error(sub, "missing field");
        return;
      }
      ++known;
      result = from_json(*it, f, sub);
    });
    if (!result) return result;
    if (known != j.size()) {
      for (const auto& [key, e] : j.items()) {
        const std::string& k = key;  // clang 14 cannot capture a structured binding
        bool found = false;
        for_each_field(out, [&](std::string_view name, const auto&) { found = found || name == k; });
        if (!found) return json_error(path.empty() ? k : path + "." + k, "unknown field");
      }
    }
  } else {
    static_assert(sizeof(T) == 0, "from_json: unsupported type");
  }
  return {};
}

/// Compact one-line rendering of any reflected value (for logs and test failure messages).
template <class T>
std::string to_string(const T& v) { return to_json(v).dump(); }

}  // namespace stsmc
