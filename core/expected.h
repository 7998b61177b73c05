#pragma once
// Expected<T>: a value or an Error. Bad input (manifests, traces, command lines) travels on
// this channel; property violations are data and bugs trip STSMC_CHECK.
#include <string>
#include <utility>
#include <variant>

#include "core/check.h"

namespace stsmc {

/// What kind of failure an Error is; the CLI maps kinds to exit codes.
enum class ErrorCode { kBadInput, kBadTrace, kIo, kUnsupported, kInternal };

/// A failure with a message that points at the place (file:line:col: field: what).
struct Error {
  ErrorCode code = ErrorCode::kBadInput;
  std::string message;
};

/// Either a T or an Error. Must be checked before use.
template <class T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  Expected(Error error) : v_(std::move(error)) {}      // NOLINT: implicit by design

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { STSMC_CHECK(has_value()); return std::get<0>(v_); }
  const T& value() const& { STSMC_CHECK(has_value()); return std::get<0>(v_); }
  T&& value() && { STSMC_CHECK(has_value()); return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { STSMC_CHECK(!has_value()); return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

/// Expected<void>: success or an Error.
template <>
class [[nodiscard]] Expected<void> {
 public:
  Expected() = default;
  Expected(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { STSMC_CHECK(!ok_); return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

/// Shorthand for returning a bad-input error.
inline Error bad_input(std::string message) { return Error{ErrorCode::kBadInput, std::move(message)}; }

}  // namespace stsmc
