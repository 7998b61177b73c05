#pragma once
// Value domains for the rules written once (model/rules/): the same template code runs over
// concrete values (every explicit engine, scenarios, conformance) and over Z3 terms (bmc and
// prove; the Symbolic domain lives in model/symbolic/z3_domain.h).
//
// Rules written over a domain D use D::Bool and D::Int, the operators both kinds of values
// share (+ - * == != < <= > >= && || !), and the domain object for constants and choice:
// d.tt(), d.ff(), d.lit(b), d.num(v), d.ite(c, a, b), d.min(a, b), d.max(a, b), d.div(a, k)
// (division by a positive constant, rounded toward zero). They never branch on a D::Bool with
// `if` (a Z3 term has no truth value): every decision is an ite over the values it chooses
// between, and loops run over fixed ranges (slots), never over data. `if` on the run's
// configuration (profile rules, gates, mutant, shape) is fine: it is fixed for a run.
#include <cstddef>
#include <cstdint>

#include <boost/container/small_vector.hpp>

namespace stsmc::model::rules {

/// Per-slot values (pods, claims, owner references, a sync's views): held inline up to 12, so
/// the concrete rules allocate nothing on small sets and still run at any size.
template <class T, std::size_t N = 12>
using Slots = boost::container::small_vector<T, N>;

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
  Int div(Int a, std::int64_t k) const { return a / k; }
};

}  // namespace stsmc::model::rules
