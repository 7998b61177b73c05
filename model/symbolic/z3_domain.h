#pragma once
// The Z3 value domain of the rules (model/rules/domain.h): integers are mathematical integers
// (no wrap-around), booleans are Z3 booleans. The symbolic engines speak the rules' vocabulary,
// so model::symbolic sees every name of model::rules.
#include <cstdint>
#include <z3++.h>

#include "model/rules/domain.h"

namespace stsmc::model::symbolic {

using namespace rules;  // NOLINT: the encoding is the rules instantiated over Symbolic

/// Z3 terms over one context.
struct Symbolic {
  z3::context* ctx;
  using Bool = z3::expr;
  using Int = z3::expr;
  Bool tt() const { return ctx->bool_val(true); }
  Bool ff() const { return ctx->bool_val(false); }
  Bool lit(bool v) const { return ctx->bool_val(v); }
  Int num(std::int64_t v) const { return ctx->int_val(static_cast<int64_t>(v)); }
  z3::expr ite(const z3::expr& c, const z3::expr& a, const z3::expr& b) const { return z3::ite(c, a, b); }
  Int min(const Int& a, const Int& b) const { return z3::ite(a < b, a, b); }
  Int max(const Int& a, const Int& b) const { return z3::ite(a < b, b, a); }
  /// Rounded toward zero like C++ (Z3's integer division floors).
  Int div(const Int& a, std::int64_t k) const {
    return z3::ite(a >= 0, a / static_cast<int>(k), -((-a) / static_cast<int>(k)));
  }
};

}  // namespace stsmc::model::symbolic
