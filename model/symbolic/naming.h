#pragma once
// Equality up to naming: two flat states whose explicit forms have the same canonical form
// (StatefulSetModel::canonical, docs/model.md "Canonical form"), over a value domain, so the
// explicit explorer's notion of "the same state" is available to the symbolic engine (bmc's
// lasso closure) and testable on concrete values.
//
// Canonical form replaces revision numbers by their rank and each ordinal's pod UIDs (the pod's
// and those in pod owner references of that ordinal's claims) by their rank, 0 staying 0; it
// zeroes claim UIDs and clears the creation counters. So canonical(a) == canonical(b) iff
//   - every field that is not a name or a counter is equal;
//   - per name space the present names are order-isomorphic: for present fields f, g,
//     (a.f < a.g) == (b.f < b.g) and (a.f == a.g) == (b.f == b.g), and for pod UIDs
//     (a.f == 0) == (b.f == 0) (0 is the empty UID, never ranked; pairs compare nonzero UIDs);
//   - claim UIDs, the counters and the name fields of absent slots (an absent pod, an unused
//     or set owner reference, an absent revision) are ignored, as from_flat ignores them.
// Revisions are stored in number order, so "rank in stored order" is the order of numbers.
#include <string_view>
#include <type_traits>
#include <vector>

#include "model/symbolic/z3_domain.h"
#include "model/rules/flat_state.h"
#include "model/rules/world_common.h"

namespace stsmc::model::symbolic {

namespace naming_detail {
/// A field that holds a name (UID, revision number) or a counter of names: not compared as is.
inline bool is_name(std::string_view n) {
  const auto ends = [&](std::string_view s) { return n.size() >= s.size() && n.substr(n.size() - s.size()) == s; };
  return ends(".uid") || ends(".number") || n.starts_with("pod_uid_counters[") || n.starts_with("claim_uid_counters[");
}
}  // namespace naming_detail

/// canonical(a) == canonical(b) for the states flat forms `a` and `b` of shape `sh` stand for.
template <class D>
typename D::Bool same_up_to_naming(const D& d, const Shape& sh, const FlatState<D>& a, const FlatState<D>& b) {
  using B = typename D::Bool;
  using I = typename D::Int;
  B same = d.tt();

  // Everything but names and counters, field by field (fields() visits in a fixed order).
  {
    FlatState<D> x = a, y = b;
    std::vector<B*> yb;
    std::vector<I*> yi;
    y.fields([&](const char* n, auto& v) {
      if (naming_detail::is_name(n)) return;
      if constexpr (std::is_same_v<std::decay_t<decltype(v)>, B>) yb.push_back(&v);
      else yi.push_back(&v);
    });
    std::size_t ib = 0, ii = 0;
    x.fields([&](const char* n, auto& v) {
      if (naming_detail::is_name(n)) return;
      if constexpr (std::is_same_v<std::decay_t<decltype(v)>, B>) same = same && v == *yb[ib++];
      else same = same && v == *yi[ii++];
    });
  }

  // The present names of one space: (field of a, field of b, present). Presence is read from
  // `a`; the flags it is read from are compared above, so it is also `b`'s where it matters.
  struct Name {
    I a, b;
    B present;
  };
  const auto order_isomorphic = [&](const std::vector<Name>& names, bool zero_special) {
    B ok = d.tt();
    const auto implies = [](const B& p, const B& q) { return !p || q; };
    for (std::size_t i = 0; i < names.size(); ++i) {
      const Name& f = names[i];
      B f_ranked = f.present;
      if (zero_special) {
        ok = ok && implies(f.present, (f.a == d.num(0)) == (f.b == d.num(0)));
        f_ranked = f_ranked && f.a != d.num(0);
      }
      for (std::size_t j = i + 1; j < names.size(); ++j) {
        const Name& g = names[j];
        B g_ranked = g.present;
        if (zero_special) g_ranked = g_ranked && g.a != d.num(0);
        ok = ok && implies(f_ranked && g_ranked, (f.a < g.a) == (f.b < g.b) && (f.a == g.a) == (f.b == g.b));
      }
    }
    return ok;
  };

  // Revision numbers: one space, ranked from 1 (no number is special). Where a revision lister
  // lags, or may still come to (an informer-lag left in the budget), the controller numbers a
  // new revision after the ones it lists, which may fall between or on stored numbers: the
  // canonical form then shifts every number, the lister's copy's too, by one constant, so the
  // numbers must differ pairwise by the same amounts.
  {
    std::vector<Name> names;
    for (std::size_t t = 0; t < a.revisions.size(); ++t)
      names.push_back(Name{a.revisions[t].number, b.revisions[t].number, a.revisions[t].exists});
    if (!a.listers) {
      same = same && order_isomorphic(names, false);
    } else {
      const auto& la = *a.listers;
      const auto& lb = *b.listers;
      for (std::size_t t = 0; t < la.revisions.size(); ++t)
        names.push_back(Name{la.revisions[t].number, lb.revisions[t].number, la.revisions[t].exists});
      const B shifted_form = a.budgets[static_cast<std::size_t>(budget::kInformerLag)] > d.num(0) || la.revisions_lag;
      B shift = d.tt();
      for (std::size_t i = 0; i < names.size(); ++i)
        for (std::size_t j = i + 1; j < names.size(); ++j)
          shift = shift && (!(names[i].present && names[j].present) ||
                            names[i].a - names[j].a == names[i].b - names[j].b);
      // (Only the store's numbers are ranked in the other form: no copy of a revision is kept.)
      std::vector<Name> stored(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(a.revisions.size()));
      same = same && d.ite(shifted_form, shift, order_isomorphic(stored, false));
    }
  }

  // Pod UIDs: one space per ordinal, the pod's and the pod references of its claims (in the
  // store and in the listers' copies alike).
  const auto ordinal_names = [&](std::vector<Name>& names, int o, const auto& pods_a, const auto& pods_b,
                                 const auto& claims_a, const auto& claims_b) {
    const auto po = static_cast<std::size_t>(o);
    names.push_back(Name{pods_a[po].uid, pods_b[po].uid, pods_a[po].exists});
    for (int t = 0; t < sh.claim_templates; ++t) {
      const auto ci = static_cast<std::size_t>(sh.claim_index(t, o));
      const auto& ca = claims_a[ci];
      const auto& cb = claims_b[ci];
      for (std::size_t r = 0; r < ca.refs.size(); ++r)
        names.push_back(Name{ca.refs[r].uid, cb.refs[r].uid, ca.exists && ca.refs[r].used && ca.refs[r].pod});
    }
  };
  for (int o = 0; o < sh.ordinals; ++o) {
    std::vector<Name> names;
    ordinal_names(names, o, a.pods, b.pods, a.claims, b.claims);
    if (a.listers) ordinal_names(names, o, a.listers->pods, b.listers->pods, a.listers->claims, b.listers->claims);
    same = same && order_isomorphic(names, true);
  }
  return same;
}

}  // namespace stsmc::model::symbolic
