// Stale views for validate's search (`--faults stale-reads`): what lagging listers could still
// serve along an explanation, and a sync that reads them (docs/validate.md).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "core/reflect.h"
#include "model/caches.h"
#include "model/statefulset_model.h"
#include "validate/validate.h"

namespace stsmc::validate {

/// What stale caches could still serve along an explanation (`--faults stale-reads`): per kind,
/// the API server's last `cache_lag` earlier versions of its objects, oldest first, and how many
/// versions behind the newest the last sync read it. A cache only moves forward (watch events
/// arrive in order), so a later sync may read that version or a newer one, not an older one.
/// Versions are counted along the explanation: every step that changes a kind's objects (the
/// controller's own writes too) makes one, as FORMAT-faults.md counts a stale view's lag.
///
/// This is how the checking model's informer-lag and informer-sync actions lag a lister, decided
/// after the fact: a lag starts before the writes it hides, which are often the ones an earlier
/// observed change was explained by, so offering the lag as an action would mean searching the
/// earlier changes again with every possible lag in them.
struct Past {
  model::Caches versions;  ///< per kind, oldest first (model::Caches holds versions of each kind)
  StaleView read{};

  /// Records the step from `before` to `after`, keeping at most `lag` versions a kind.
  void advance(const spec::ApiState& before, const spec::ApiState& after, std::uint8_t lag) {
    keep(versions.pods, before.pods, after.pods, read[0], lag);
    keep(versions.claims, before.pvcs, after.pvcs, read[1], lag);
    keep(versions.revisions, before.revisions, after.revisions, read[2], lag);
    keep(versions.set, before.set, after.set, read[3], lag);
  }
  std::array<std::size_t, 4> sizes() const {
    return {versions.pods.size(), versions.claims.size(), versions.revisions.size(), versions.set.size()};
  }
  void hash(Hasher& h) const {
    hash_append(h, versions);
    for (const auto r : read) h.word(r);
  }

 private:
  template <class V>
  static void keep(std::vector<V>& versions, const V& before, const V& after, std::uint8_t& read, std::uint8_t lag) {
    if (before == after || lag == 0) return;
    versions.push_back(before);
    if (versions.size() > lag) versions.erase(versions.begin());
    read = static_cast<std::uint8_t>(std::min<int>(read + 1, lag));
  }
};

/// Every stale view a sync may read after `p`: each kind up to as far back as `p` keeps and its
/// last read allows, at least one kind behind (all up to date is the plain Reconcile).
std::vector<StaleView> stale_views(const Past& p);

/// The versions `view` names from `p` as the model's lagging listers hold them: one version of
/// each kind the view has behind, none of a kind it reads up to date.
model::Caches lagging_listers(const Past& p, const StaleView& view);

/// Action `a` (a Reconcile or a PartialSync) of the controller reading the versions `view`
/// names from `p` (the API state `s` where it names none), writing to `s`. False when a partial
/// sync does not apply (a whole sync always does; one that fails leaves what it wrote). The
/// search's states keep no lagging listers (`p` is where the versions are), so they are set for
/// the step only; a partial sync keeps what it read in its own state.
bool sync_on_stale_view(const model::ModelConfig& cfg, model::ClusterState& s, const Past& p, const StaleView& view,
                        const model::Action& a);

/// A search state's fingerprint `f` together with what stale caches may still serve after it.
Fingerprint with_past(Fingerprint f, const Past& p);

}  // namespace stsmc::validate
