// Stale views for validate's search: the views a sync may read and the listers that serve them.
#include "validate/stale_views.h"

namespace stsmc::validate {

std::vector<StaleView> stale_views(const Past& p) {
  const auto sizes = p.sizes();
  StaleView most{};
  for (std::size_t k = 0; k < 4; ++k) most[k] = static_cast<std::uint8_t>(std::min<std::size_t>(p.read[k], sizes[k]));
  std::vector<StaleView> out;
  StaleView v{};
  while (true) {
    std::size_t k = 0;
    for (; k < 4; ++k) {  // the next view, as an odometer
      if (v[k] < most[k]) {
        ++v[k];
        break;
      }
      v[k] = 0;
    }
    if (k == 4) return out;
    out.push_back(v);
  }
}

model::Caches lagging_listers(const Past& p, const StaleView& view) {
  model::Caches c;
  const auto back = [](const auto& versions, std::uint8_t n, auto& out) {
    if (n > 0) out.push_back(versions[versions.size() - n]);
  };
  back(p.versions.pods, view[0], c.pods);
  back(p.versions.claims, view[1], c.claims);
  back(p.versions.revisions, view[2], c.revisions);
  back(p.versions.set, view[3], c.set);
  return c;
}

bool sync_on_stale_view(const model::ModelConfig& cfg, model::ClusterState& s, const Past& p, const StaleView& view,
                        const model::Action& a) {
  s.caches = lagging_listers(p, view);
  bool applied = true;
  if (std::holds_alternative<model::PartialSync>(a)) applied = model::apply_action_or_discard(cfg, s, a).has_value();
  else (void)model::sync_reading(cfg, s, nullptr, nullptr, model::versions_served(s.caches));
  s.caches = {};
  return applied;
}


Fingerprint with_past(Fingerprint f, const Past& p) {
  Hasher h;
  h.word(f);
  p.hash(h);
  return h.digest();
}

}  // namespace stsmc::validate
