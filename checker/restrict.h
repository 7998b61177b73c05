#pragma once
// Restricted: a model seen through a filter that keeps the quiet world and only some user and
// fault action kinds (by name). Every run of the restricted model is a run of the model itself,
// with the same states, actions and fingerprints, so a path found in it is a path of the model.
// Used to search for shorter counterexamples among the kinds a long one actually uses.
#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "checker/model.h"
#include "checker/path.h"

namespace stsmc::checker {

namespace detail {
/// M::Packed as Restricted<M>::Packed, when M has a packed form.
template <class M, class = void>
struct PackedTypeOf {};
template <class M>
struct PackedTypeOf<M, std::void_t<typename M::Packed>> {
  using Packed = typename M::Packed;
};
}  // namespace detail

template <Model M>
class Restricted : public detail::PackedTypeOf<M> {
 public:
  using State = typename M::State;
  using Action = typename M::Action;
  static constexpr std::size_t kActorClasses = M::kActorClasses;

  /// `kinds`: the names of the user and fault actions that stay enabled.
  Restricted(const M& model, std::set<std::string> kinds) : model_(model), kinds_(std::move(kinds)) {}
  /// No restriction: the model itself, as a Restricted<M>.
  explicit Restricted(const M& model) : model_(model) {}

  const M& base() const { return model_; }

  std::vector<State> init_states() const { return model_.init_states(); }
  void actions(const State& s, std::vector<Action>& out) const {
    const std::size_t first = out.size();
    model_.actions(s, out);
    std::size_t keep = first;
    for (std::size_t i = first; i < out.size(); ++i)
      if (!kinds_ || model_.is_quiet(out[i]) || kinds_->count(std::string(model_.action_name(out[i]))))
        out[keep++] = std::move(out[i]);
    out.resize(keep);
  }
  std::optional<State> next_state(const State& s, const Action& a) const { return model_.next_state(s, a); }
  Fingerprint fingerprint(const State& s) const { return model_.fingerprint(s); }
  // The base model's packed form and search key (checker/explore_impl.h, detail/state_keys.h),
  // where it has them: the restricted search stores states as the base search does.
  template <class B = M>
  auto search_key(const State& s) const -> decltype(std::declval<const B&>().search_key(s)) {
    return model_.search_key(s);
  }
  template <class B = M>
  auto pack(const State& s) const -> decltype(std::declval<const B&>().pack(s)) {
    return model_.pack(s);
  }
  template <class B = M>
  auto unpack(const typename B::Packed& p, State& out) const -> decltype(std::declval<const B&>().unpack(p, out)) {
    model_.unpack(p, out);
  }
  template <class B = M>
  auto pack_append(const State& s, std::string& out) const -> decltype(std::declval<const B&>().pack_append(s, out)) {
    model_.pack_append(s, out);
  }
  template <class B = M>
  auto unpack(std::span<const std::uint8_t> bytes, State& out) const
      -> decltype(std::declval<const B&>().unpack(bytes, out)) {
    model_.unpack(bytes, out);
  }
  std::size_t actor_class(const Action& a) const { return model_.actor_class(a); }
  bool is_quiet(const Action& a) const { return model_.is_quiet(a); }
  std::string action_name(const Action& a) const { return std::string(model_.action_name(a)); }
  Json state_json(const State& s) const { return model_.state_json(s); }
  Json action_json(const Action& a) const { return model_.action_json(a); }
  Expected<Action> action_from_json(const Json& j) const { return model_.action_from_json(j); }

 private:
  const M& model_;
  std::optional<std::set<std::string>> kinds_;  ///< nullopt: every kind
};

/// The names of the user and fault actions a path takes.
template <Model M>
std::set<std::string> non_quiet_kinds(const M& model, const Path<M>& path) {
  std::set<std::string> kinds;
  for (const auto& a : path.actions)
    if (!model.is_quiet(a)) kinds.insert(std::string(model.action_name(a)));
  return kinds;
}

/// The names of the user and fault actions enabled somewhere along a path (taken or not).
template <Model M>
std::set<std::string> enabled_non_quiet_kinds(const M& model, const Path<M>& path) {
  std::set<std::string> kinds;
  std::vector<typename M::Action> acts;
  for (const auto& s : path.states) {
    acts.clear();
    model.actions(s, acts);
    for (const auto& a : acts)
      if (!model.is_quiet(a)) kinds.insert(std::string(model.action_name(a)));
  }
  return kinds;
}

/// A property of `M` as a property of Restricted<M>: the same checks on the base model.
template <Model M>
Property<Restricted<M>> restrict_property(const Property<M>& p) {
  Property<Restricted<M>> r;
  r.id = p.id;
  r.statement = p.statement;
  r.kind = p.kind;
  if (p.invariant)
    r.invariant = [f = p.invariant](const Restricted<M>& m, const typename M::State& s) { return f(m.base(), s); };
  if (p.step)
    r.step = [f = p.step](const Restricted<M>& m, const typename M::State& s, const typename M::Action& a,
                          const typename M::State& n) { return f(m.base(), s, a, n); };
  if (p.goal)
    r.goal = [f = p.goal](const Restricted<M>& m, const typename M::State& s) { return f(m.base(), s); };
  if (p.known_upstream)
    r.known_upstream = [f = p.known_upstream](const Restricted<M>& m, const std::vector<typename M::State>& loop) {
      return f(m.base(), loop);
    };
  if (p.known_hit)
    r.known_hit = [f = p.known_hit](const Restricted<M>& m, const typename M::State& s, const typename M::Action* a,
                                    const typename M::State& n) { return f(m.base(), s, a, n); };
  return r;
}

/// A path of Restricted<M> as a path of M (the same states and actions).
template <Model M>
Path<M> unrestricted(Path<Restricted<M>>&& p) {
  Path<M> out;
  out.states = std::move(p.states);
  out.actions = std::move(p.actions);
  out.loop_start = p.loop_start;
  return out;
}

}  // namespace stsmc::checker
