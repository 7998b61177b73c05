#pragma once
// Value domains for rules written once: the same template code runs over concrete values (to
// compare with the explicit model) and over Z3 terms (to build the transition relation).
//
// Rules written over a domain D use D::Bool and D::Int, the operators both kinds of values
// share (+ - == != < <= > >= && || !), and the domain object for constants and choice:
// d.tt(), d.ff(), d.num(v), d.ite(c, a, b), d.min(a, b), d.max(a, b). They never branch on a
// D::Bool with `if` (a Z3 term has no truth value): every decision is an ite over the values it
// chooses between, and loops run over fixed ranges (slots), never over data.
#include <cstdint>
#include <z3++.h>

namespace stsmc::model::symbolic {

/// Concrete values: the rules run as ordinary code.
struct Concrete {
  using Bool = bool;
  using Int = std::int64_t;
  Bool tt() const { return true; }
  Bool ff() const { return false; }
  Bool lit(bool v) const { return v; }
  Int num(std::int64_t v) const { return v; }
  template <class T>
  T ite(Bool c, const T& a, const T& b) const { return c ? a : b; }
  Int min(Int a, Int b) const { return a < b ? a : b; }
  Int max(Int a, Int b) const { return a < b ? b : a; }
};

/// Z3 terms over one context: integers are mathematical integers (no wrap-around), booleans
/// are Z3 booleans.
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
};

}  // namespace stsmc::model::symbolic
