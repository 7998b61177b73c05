// SymbolicModel's relations, compiled once: each instantiates the rules (model/rules/) over Z3
// terms, which every unit that used the symbolic model compiled again while they were inline.
#include "model/symbolic/symbolic_model.h"

#include <algorithm>
#include <utility>

namespace stsmc::model::symbolic {

SymbolicModel::SymbolicModel(const StatefulSetModel& m, std::vector<std::string> property_ids)
    : m_(m), sh_(shape_of(m.config())), ids_(std::move(property_ids)) {
  // Over a model with a partial-sync budget, or listers that lag more than one step, a "proved"
  // would leave part of the fault out.
  STSMC_CHECK(m.config().budgets.partial_sync == 0);
  STSMC_CHECK(m.config().budgets.informer_lag == 0 || m.config().bounds.cache_lag <= 1);
  auto init = to_flat(sh_, m.init_states().front());
  STSMC_CHECK(init.has_value());
  init_ = values_of(*init);
  universe_ = quiet_actions(m, sh_);
  for (const auto& q : universe_)
    if (std::find(quiet_kinds_.begin(), quiet_kinds_.end(), std::pair{q.flat.kind, q.cls}) == quiet_kinds_.end())
      quiet_kinds_.emplace_back(q.flat.kind, q.cls);
}

std::vector<DomainFact<Symbolic>> SymbolicModel::domain_facts(const Frame& f) const {
  return symbolic::domain_facts(Symbolic{&ctx_of(f)}, m_.config(), sh_, f);
}

z3::expr SymbolicModel::trans(const Frame& s, const Step& a, const Frame& t) const {
  const Symbolic d{&ctx_of(s)};
  z3::expr overflow = d.ff();
  auto tr = transition(d, m_.config(), sh_, s, a, &overflow);
  const auto next = terms_of(tr.next);
  const auto vars = terms_of(t);
  z3::expr_vector parts(*d.ctx);
  parts.push_back(tr.enabled);
  parts.push_back(!overflow);
  parts.push_back(action_well_formed(d, m_.config(), sh_, a));
  for (std::size_t i = 0; i < next.size(); ++i) parts.push_back(vars[i] == next[i]);
  return z3::mk_and(parts);
}

z3::expr SymbolicModel::same_up_to_naming(const Frame& a, const Frame& b) const {
  return symbolic::same_up_to_naming(Symbolic{&ctx_of(a)}, sh_, a, b);
}

Expected<Action> SymbolicModel::decode(const z3::model& mdl, const Step& a) const {
  FlatAction<Concrete> c{Concrete{}};
  const auto vars = terms_of(a);
  std::size_t i = 0;
  c.fields([&](const char*, std::int64_t& v) {
    const z3::expr e = mdl.eval(vars[i++], true);
    v = e.is_numeral() ? e.get_numeral_int64() : -1;
  });
  return from_flat(c);
}

std::vector<SymbolicModel::Property> SymbolicModel::symbolic_properties() const {
  std::vector<Property> out;
  for (const auto& id : symbolic_property_ids()) {
    if (!ids_.empty() && std::find(ids_.begin(), ids_.end(), id) == ids_.end()) continue;
    out.push_back(Property{id, [this, id](const Frame& s, const Step& a, const Frame& t) {
                             return violates(Symbolic{&ctx_of(s)}, m_.config(), sh_, id, s, a, t);
                           }});
  }
  return out;
}

std::vector<SymbolicModel::Assumption> SymbolicModel::assumptions() const {
  return {Assumption{"every step fits the shape's slots", [this](const Frame& t, const Step& a) {
                       const Symbolic d{&ctx_of(t)};
                       z3::expr overflow = d.ff();
                       auto tr = transition(d, m_.config(), sh_, t, a, &overflow);
                       return tr.enabled && action_well_formed(d, m_.config(), sh_, a) && overflow;
                     }}};
}

SymbolicModel::LiveFrame SymbolicModel::live_frame(const Frame& f) const {
  const Symbolic d{&ctx_of(f)};
  auto facts = live_facts(d, m_.config(), sh_, f, universe_, Explicit::kActorClasses);
  return LiveFrame{{facts.goal}, std::move(facts.moving), facts.quiet_enabled, !facts.overflow};
}

}  // namespace stsmc::model::symbolic
