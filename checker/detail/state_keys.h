#pragma once
// StateKeys: the key the visited set stores for a state. A model may declare the ranges of its
// state's integer fields (`FieldBounds state_bounds() const`); when the state then packs into 63
// bits (core/packed_key.h), the key is the packed state itself, offset by one so that 0 stays the
// empty slot: exact, no collisions, and it unpacks back to the state. Otherwise the key is the
// model's search key if it has one, else its 64-bit fingerprint.
#include <concepts>
#include <cstdint>
#include <optional>

#include "checker/model.h"
#include "core/packed_key.h"

namespace stsmc::checker::detail {

/// A model with a cheaper key for the visited set than its fingerprint (which traces record, so
/// it stays as it is): any 64-bit hash that is equal exactly for the states the fingerprint
/// equates, e.g. of a compact byte form of the same canonical state.
template <class M>
concept HasSearchKey = requires(const M& m, const typename M::State& s) {
  { m.search_key(s) } -> std::same_as<Fingerprint>;
};

/// A model that declares the ranges of its state's integer fields.
template <class M>
concept HasStateBounds = requires(const M& m) {
  { m.state_bounds() } -> std::convertible_to<FieldBounds>;
};

template <Model M>
class StateKeys {
 public:
  using State = typename M::State;

  explicit StateKeys(const M& model) : model_(model) {
    if constexpr (kMayPack) packer_ = KeyPacker<State>::make(model.state_bounds());
  }

  /// True when keys are exact (packed states), false for fingerprints.
  bool exact() const {
    if constexpr (kMayPack) return packer_.has_value();
    return false;
  }

  Fingerprint key(const State& s) const {
    if constexpr (kMayPack)
      if (packer_) return packer_->pack(s) + 1;
    if constexpr (HasSearchKey<M>) return model_.search_key(s);
    else return model_.fingerprint(s);
  }

 private:
  static constexpr bool kMayPack = HasStateBounds<M> && Packable<State>;
  struct NoPacker {};
  template <bool kPack, class = void>
  struct PackerFor {
    using type = NoPacker;
  };
  template <class Unused>
  struct PackerFor<true, Unused> {
    using type = KeyPacker<State>;
  };
  const M& model_;
  std::optional<typename PackerFor<kMayPack>::type> packer_;
};

}  // namespace stsmc::checker::detail
