// The search that explains each observed change with model actions (docs/validate.md §3).
#include "validate/validate.h"

#include <algorithm>
#include <deque>
#include <unordered_set>

#include "core/reflect.h"
#include "model/statefulset_model.h"
#include "validate/stale_views.h"

namespace stsmc::validate {

namespace {

using model::Action;
using model::ClusterState;

using UidMap = std::map<std::uint32_t, std::uint32_t>;  ///< observation number -> model counter

/// Observed UIDs mapped to the model's creation counters so far, per pod ordinal and per claim.
struct UidMaps {
  std::map<spec::Ordinal, UidMap> pods;
  std::map<std::pair<std::uint8_t, spec::Ordinal>, UidMap> pvcs;
};

std::string yes_no(bool b) { return b ? "yes" : "no"; }

/// Differences between two JSON values of the same shape, as "path: observed X, model Y".
void json_diff(const std::string& path, const Json& observed, const Json& model, std::vector<std::string>& out) {
  if (observed.is_object() && model.is_object()) {
    for (const auto& [k, v] : observed.items())
      json_diff(path.empty() ? k : path + "." + k, v, model.contains(k) ? model[k] : Json(), out);
    return;
  }
  if (observed != model) out.push_back(path + ": observed " + observed.dump() + ", model " + model.dump());
}

/// Compares one object under the UID mapping; new mappings go to `pending` (committed when the
/// change is accepted). With `maps` null, UIDs are compared as they are.
class Comparator {
 public:
  explicit Comparator(const UidMaps* maps) : maps_(maps) {}
  UidMaps pending;

  std::vector<std::string> diff(const ClusterState& s, const ObjectKey& key, const ObservedObject& v) {
    std::vector<std::string> out;
    switch (key.kind) {
      case ObjectKind::kStatefulSet: {
        const bool model_exists = s.api.set.exists;
        if (model_exists != v.set.has_value()) {
          out.push_back("exists: observed " + yes_no(v.set.has_value()) + ", model " + yes_no(model_exists));
          break;
        }
        if (!v.set) break;
        Json o = to_json(*v.set), m = to_json(s.api.set);
        o.erase("exists");
        json_diff("", o, m, out);
        break;
      }
      case ObjectKind::kPod: {
        const spec::Pod* mp = s.api.find_pod(key.ordinal);
        // Deleted and created again in one action (a sync replacing a failed pod): the deletion
        // is observed first, the new pod's ADDED event follows.
        if (mp && !v.pod && maps_ && is_new(pod_map(key.ordinal), mp->uid)) break;
        if ((mp != nullptr) != v.pod.has_value()) {
          out.push_back("exists: observed " + yes_no(v.pod.has_value()) + ", model " + yes_no(mp != nullptr));
          break;
        }
        if (!mp) break;
        if (!uid_ok(pod_map(key.ordinal), pending.pods[key.ordinal], v.pod->uid, mp->uid))
          out.push_back("uid: observed " + uid_text(pod_map(key.ordinal), v.pod->uid) + ", model pod #" + std::to_string(mp->uid));
        Json o = to_json(*v.pod), m = to_json(*mp);
        for (const char* k : {"uid", "ready_seconds", "node_lost"}) o.erase(k);
        json_diff("", o, m, out);
        break;
      }
      case ObjectKind::kPvc: {
        const spec::Pvc* mc = s.api.find_pvc(key.index, key.ordinal);
        if ((mc != nullptr) != v.pvc.has_value()) {
          out.push_back("exists: observed " + yes_no(v.pvc.has_value()) + ", model " + yes_no(mc != nullptr));
          break;
        }
        if (!mc) break;
        const auto k = std::pair(key.index, key.ordinal);
        const UidMap* pm = maps_ ? (maps_->pvcs.contains(k) ? &maps_->pvcs.at(k) : &empty_) : nullptr;
        if (!uid_ok(pm, pending.pvcs[k], v.pvc->uid, mc->uid))
          out.push_back("uid: observed " + uid_text(pm, v.pvc->uid) + ", model claim #" + std::to_string(mc->uid));
        Json o = to_json(*v.pvc), m = to_json(*mc);
        for (const char* f : {"uid", "owners"}) o.erase(f);
        json_diff("", o, m, out);
        if (!owners_match(v.pvc->owners, mc->owners))
          out.push_back("owners: observed " + to_json(v.pvc->owners).dump() + ", model " + to_json(mc->owners).dump());
        break;
      }
      case ObjectKind::kRevision: {
        const spec::Revision* mr = s.api.find_revision(key.index);
        if ((mr != nullptr) != v.revision.has_value()) {
          out.push_back("exists: observed " + yes_no(v.revision.has_value()) + ", model " + yes_no(mr != nullptr));
          break;
        }
        if (mr && mr->number != v.revision->number)
          out.push_back("number: observed " + std::to_string(v.revision->number) + ", model " + std::to_string(mr->number));
        break;
      }
    }
    return out;
  }

 private:
  const UidMap* pod_map(spec::Ordinal o) const {
    if (!maps_) return nullptr;
    auto it = maps_->pods.find(o);
    return it == maps_->pods.end() ? &empty_ : &it->second;
  }
  static bool is_new(const UidMap* m, std::uint32_t model) {
    for (const auto& [o, mv] : *m)
      if (mv == model) return false;
    return true;
  }
  static std::string uid_text(const UidMap* m, std::uint32_t obs) {
    if (m && !m->contains(obs)) return "a new one";
    return "#" + std::to_string(m ? m->at(obs) : obs);
  }
  /// The observed UID `obs` names the model's `model`: by the mapping, or both are new.
  static bool uid_ok(const UidMap* m, UidMap& pending, std::uint32_t obs, std::uint32_t model) {
    if (obs == 0 || model == 0) return obs == model;
    if (!m) return obs == model;
    if (auto it = m->find(obs); it != m->end()) return it->second == model;
    if (auto it = pending.find(obs); it != pending.end()) return it->second == model;
    for (const auto& [o, mv] : *m)
      if (mv == model) return false;
    for (const auto& [o, mv] : pending)
      if (mv == model) return false;
    pending[obs] = model;
    return true;
  }
  bool owners_match(const spec::InlineVector<spec::OwnerRef, 2>& observed, const spec::InlineVector<spec::OwnerRef, 2>& model) const {
    if (observed.size() != model.size()) return false;
    std::vector<bool> used(model.size(), false);
    for (const auto& o : observed) {
      bool found = false;
      for (std::size_t i = 0; i < model.size() && !found; ++i) {
        const auto& m = model[i];
        if (used[i] || m.kind != o.kind || (m.kind == spec::OwnerKind::kPod && m.ordinal != o.ordinal)) continue;
        bool uid = m.uid == o.uid;
        if (m.kind == spec::OwnerKind::kPod && maps_ && o.uid != 0 && m.uid != 0) {
          const UidMap* pm = pod_map(o.ordinal);
          uid = pm->contains(o.uid) ? pm->at(o.uid) == m.uid : true;
        }
        if (uid) used[i] = found = true;
      }
      if (!found) return false;
    }
    return true;
  }

  const UidMaps* maps_;
  inline static const UidMap empty_{};
};

/// The state with what no observation shows (ready time, lost node, creation counters) cleared
/// and object `x` removed: two states equal here differ at most in `x` and in unobservable fields.
spec::ApiState masked(const spec::ApiState& a, const ObjectKey& x) {
  spec::ApiState m = a;
  m.pod_uids.clear();
  m.pvc_uids.clear();
  for (auto& p : m.pods) {
    p.ready_seconds = 0;
    p.node_lost = false;
  }
  switch (x.kind) {
    case ObjectKind::kStatefulSet: m.set = {}; break;
    case ObjectKind::kPod: spec::erase_if(m.pods, [&](const spec::Pod& p) { return p.ordinal == x.ordinal; }); break;
    case ObjectKind::kPvc:
      spec::erase_if(m.pvcs, [&](const spec::Pvc& c) { return c.ordinal == x.ordinal && c.claim_template == x.index; });
      break;
    case ObjectKind::kRevision:
      spec::erase_if(m.revisions, [&](const spec::Revision& r) { return r.pod_template == x.index; });
      break;
  }
  return m;
}

Fingerprint fingerprint_of(const ClusterState& s) {
  Hasher h;
  hash_append(h, s);
  return h.digest();
}

/// The fingerprint of `s` with every UID no observation has named yet made the same, and the
/// creation counters dropped: which new UID an object got changes nothing the search can see, so
/// deleting and re-creating a pod over and over does not grow the search space.
Fingerprint search_fingerprint(ClusterState s, const UidMaps& maps) {
  constexpr std::uint32_t kUnnamed = 0xFFFFFFFF;
  auto named = [](const std::map<spec::Ordinal, UidMap>& m, spec::Ordinal o, std::uint32_t uid) {
    auto it = m.find(o);
    if (it == m.end()) return false;
    for (const auto& [obs, mv] : it->second)
      if (mv == uid) return true;
    return false;
  };
  s.api.pod_uids.clear();
  s.api.pvc_uids.clear();
  for (auto& p : s.api.pods)
    if (!named(maps.pods, p.ordinal, p.uid)) p.uid = kUnnamed;
  for (auto& c : s.api.pvcs) {
    auto it = maps.pvcs.find({c.claim_template, c.ordinal});
    bool known = false;
    if (it != maps.pvcs.end())
      for (const auto& [obs, mv] : it->second) known = known || mv == c.uid;
    if (!known) c.uid = kUnnamed;
    for (auto& r : c.owners)
      if (r.kind == spec::OwnerKind::kPod && !named(maps.pods, r.ordinal, r.uid)) r.uid = kUnnamed;
  }
  return fingerprint_of(s);
}

void add_unique(std::vector<Action>& out, Action a) {
  if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(std::move(a));
}

/// The user's edits that take the set's spec in `s` to the spec in `target` (absent: deleted).
void user_edits(const ClusterState& s, const std::optional<spec::SetObject>& target, std::vector<Action>& out) {
  if (!s.api.set.exists) return;
  if (!target) {
    add_unique(out, model::DeleteStatefulSet{false});
    add_unique(out, model::DeleteStatefulSet{true});
    return;
  }
  const auto& a = s.api.set.spec;
  const auto& b = target->spec;
  if (a.replicas != b.replicas) add_unique(out, model::Scale{b.replicas});
  if (a.pod_template != b.pod_template) add_unique(out, model::UpdateTemplate{b.pod_template});
  if (a.update_strategy.type != b.update_strategy.type) add_unique(out, model::SetUpdateStrategy{b.update_strategy.type});
  if (b.update_strategy.partition && a.update_strategy.partition != b.update_strategy.partition)
    add_unique(out, model::SetPartition{*b.update_strategy.partition});
  if (b.update_strategy.max_unavailable && a.update_strategy.max_unavailable != b.update_strategy.max_unavailable)
    add_unique(out, model::SetMaxUnavailable{*b.update_strategy.max_unavailable});
  if (a.retention_policy != b.retention_policy) add_unique(out, model::SetRetentionPolicy{b.retention_policy});
  if (a.ordinals_start != b.ordinals_start) add_unique(out, model::SetStartOrdinal{b.ordinals_start});
  if (a.min_ready_seconds != b.min_ready_seconds) add_unique(out, model::SetMinReadySeconds{b.min_ready_seconds});
}

/// Every action of the world worth trying in `s` for a change of `x`: the controller's sync,
/// the kubelet's and scheduler's steps on every pod, the provisioner, the garbage collector, the
/// user's edits toward the observed specs, the user's deletion of `x`, the node loss under it, and
/// the user's edits of `x`'s owner references and labels (of a pod; of a claim, its references).
std::vector<Action> candidates(const model::ModelConfig& cfg, const ClusterState& s, const ObjectKey& x,
                               const std::vector<std::optional<spec::SetObject>>& targets, const SearchOptions& options) {
  std::vector<Action> out;
  // With a sync in flight, the reconcile is its next write, which may fail (with write errors,
  // as the checking model offers it, but as in a whole sync only while none of its writes has
  // failed: a run of failed writes changes nothing observable and would fill the depth bound);
  // no other sync starts.
  out.push_back(model::Reconcile{});
  if (s.in_flight) {
    if (options.restarts) out.push_back(model::ControllerRestart{});
    const auto& so_far = s.in_flight->outcomes;
    const bool none_failed =
        std::none_of(so_far.begin(), so_far.end(), [](spec::ApiCode c) { return c != spec::ApiCode::kNone; });
    if (options.write_errors && none_failed) model::write_error_actions(cfg, s, out);
  } else if (s.api.set.exists) {
    // A sync in which one write failed: every attempt the sync would make, as the checking model
    // offers them (StatefulSetModel::fault_actions), after the plain sync so that a history a
    // fault-free run explains is explained the same way.
    if (options.write_errors) model::write_error_actions(cfg, s, out);
    if (options.partial_syncs) out.push_back(model::PartialSync{});
  }
  const std::int32_t mrs = s.api.set.spec.min_ready_seconds;
  for (const auto& p : s.api.pods) {
    const auto o = p.ordinal;
    out.push_back(model::PodAssigned{o});
    out.push_back(model::PodScheduled{o});
    out.push_back(model::PodReady{o});
    if (mrs > 0 && p.ready && p.ready_seconds < static_cast<std::uint32_t>(mrs))
      out.push_back(model::PodAvailable{o, static_cast<std::uint32_t>(mrs)});
    out.push_back(model::PodUnready{o});
    out.push_back(model::PodFailed{o});
    out.push_back(model::PodSucceeded{o});
    out.push_back(model::TerminationFinished{o});
  }
  for (const auto& c : s.api.pvcs)
    if (!c.bound) out.push_back(model::PvcBound{c.claim_template, c.ordinal});
  for (const auto& p : s.api.pods) {
    model::GcDelete g{model::Dependent::kPod, p.ordinal, 0};
    if (model::gc_applicable(cfg, s, g)) out.push_back(g);
  }
  for (const auto& c : s.api.pvcs) {
    model::GcDelete g{model::Dependent::kPvc, c.ordinal, c.claim_template};
    if (model::gc_applicable(cfg, s, g)) out.push_back(g);
  }
  for (const auto& t : targets) user_edits(s, t, out);
  if (x.kind == ObjectKind::kPod && s.api.find_pod(x.ordinal)) {
    out.push_back(model::DeletePod{x.ordinal, false});
    out.push_back(model::DeletePod{x.ordinal, true});
    out.push_back(model::NodeLost{x.ordinal});
    // The user's edits of its metadata: owner references removed, labels that stop or start
    // matching the selector (the controller then releases or adopts it).
    out.push_back(model::OrphanPod{x.ordinal});
    out.push_back(model::LabelPod{x.ordinal, false});
    out.push_back(model::LabelPod{x.ordinal, true});
  }
  // The user's removal of a claim's owner references (the controller gives back what its policy
  // asks for in a later sync). Deleting a claim is not a candidate (docs/validate.md).
  if (x.kind == ObjectKind::kPvc && s.api.find_pvc(x.index, x.ordinal))
    out.push_back(model::OrphanPvc{x.index, x.ordinal});
  // Syncs on stale caches are not actions here: search() offers them (Past).
  return out;
}

/// A user's edit of the set's spec (one field).
bool is_spec_edit(const Action& a) {
  return model::actor_of(a) == model::Actor::kUser && !std::holds_alternative<model::DeletePod>(a) &&
         !std::holds_alternative<model::DeleteStatefulSet>(a) && !std::holds_alternative<model::DeletePvc>(a) &&
         !std::holds_alternative<model::OrphanPod>(a) && !std::holds_alternative<model::LabelPod>(a) &&
         !std::holds_alternative<model::OrphanPvc>(a);
}

struct Node {
  ClusterState state;
  std::size_t parent;
  std::optional<Action> action;
  std::size_t depth;
  Past past;
  StaleView view{};  ///< the stale view the action (a Reconcile) read
};

/// The actions from the search's root to node i, and the stale view of each.
std::pair<std::vector<Action>, std::vector<StaleView>> path_to(const std::vector<Node>& nodes, std::size_t i) {
  std::vector<Action> out;
  std::vector<StaleView> views;
  for (; nodes[i].action; i = nodes[i].parent) {
    out.push_back(*nodes[i].action);
    views.push_back(nodes[i].view);
  }
  std::reverse(out.begin(), out.end());
  std::reverse(views.begin(), views.end());
  return {std::move(out), std::move(views)};
}

/// Most ways of reaching the observations kept at once.
constexpr std::size_t kMaxHypotheses = 64;
/// How many steps longer than the shortest explanation an alternative may be.
constexpr std::size_t kAlternativeSlack = 2;

void commit(UidMaps& maps, const UidMaps& pending) {
  for (const auto& [o, m] : pending.pods) maps.pods[o].insert(m.begin(), m.end());
  for (const auto& [k, m] : pending.pvcs) maps.pvcs[k].insert(m.begin(), m.end());
}

}  // namespace

std::vector<std::string> differences(const ClusterState& s, const ObjectKey& key, const ObservedObject& v) {
  Comparator c(nullptr);
  return c.diff(s, key, v);
}

namespace {

/// One way the model may have reached the observations so far: its state, the UID mapping and
/// the actions behind each change.
struct Hypothesis {
  ClusterState m;
  UidMaps maps;
  std::vector<Explanation> explained;
  Past past;  ///< what stale caches may still serve (with stale reads)
};

/// What one search found.
struct SearchResult {
  std::vector<Hypothesis> goals;
  std::vector<Action> tried;
  std::optional<Candidate> closest;
  bool bound_hit = false;
};

/// Breadth-first from `hy`'s state over steps that change nothing observable but `ch`'s object,
/// collecting every state (up to the bound) in which that object looks as observed.
SearchResult search(const History& h, const Hypothesis& hy, std::size_t ci,
                    const std::vector<std::optional<spec::SetObject>>& targets, const SearchOptions& options,
                    std::size_t& states) {
  const Change& ch = h.changes[ci];
  const std::uint8_t lag = options.stale_reads ? h.config.bounds.cache_lag : 0;
  SearchResult res;
  std::vector<Node> nodes{{hy.m, 0, std::nullopt, 0, hy.past, {}}};
  std::unordered_set<Fingerprint> visited{with_past(search_fingerprint(hy.m, hy.maps), hy.past)};
  std::unordered_set<Fingerprint> goals_seen;
  std::deque<std::size_t> queue{0};
  std::optional<std::size_t> goal_depth;  // alternatives are looked for a little deeper only
  while (!queue.empty() && res.goals.size() < kMaxHypotheses) {
    const std::size_t ni = queue.front();
    queue.pop_front();
    if (goal_depth && nodes[ni].depth + 1 > *goal_depth + kAlternativeSlack) break;
    const bool in_flight = nodes[ni].state.in_flight.has_value();
    std::vector<Action> acts = candidates(h.config, nodes[ni].state, ch.key, targets, options);
    const std::size_t plain = acts.size();
    const spec::ApiState before = masked(nodes[ni].state.api, ch.key);
    // The plain candidates, then (with stale reads) a sync, and with partial syncs the start of
    // one, on every stale view the caches may serve: a history that fresh reads explain is
    // explained the same way. A sync in flight read its view when it started.
    std::vector<StaleView> views;
    if (lag > 0 && nodes[ni].state.api.set.exists && !in_flight)
      for (const StaleView& v : stale_views(nodes[ni].past)) {
        views.push_back(v);
        acts.push_back(model::Reconcile{});
        if (options.partial_syncs) {
          views.push_back(v);
          acts.push_back(model::PartialSync{});
        }
      }
    for (std::size_t k = 0; k < acts.size() && res.goals.size() < kMaxHypotheses; ++k) {
      const bool stale = k >= plain;
      const Action& a = acts[k];
      const StaleView view = stale ? views[k - plain] : StaleView{};
      ClusterState next = nodes[ni].state;
      if (stale ? !sync_on_stale_view(h.config, next, nodes[ni].past, view, a)
                : !model::apply_action_or_discard(h.config, next, a))
        continue;
      if (next == nodes[ni].state) continue;
      // Edits of several spec fields in a row are one write (`kubectl apply`): one generation.
      if (nodes[ni].action && is_spec_edit(*nodes[ni].action) && is_spec_edit(a) &&
          next.api.set.generation > nodes[ni].state.api.set.generation)
        --next.api.set.generation;
      Past past = nodes[ni].past;
      if (lag > 0) {
        // What a sync read when it started; the caches move on from there.
        if (model::is_sync(a) && !in_flight) past.read = view;
        past.advance(nodes[ni].state.api, next.api, lag);
      }
      ++states;
      if (ni == 0 && !stale) res.tried.push_back(a);
      Comparator c(&hy.maps);
      const auto diffs = c.diff(next, ch.key, ch.value);
      if (diffs.empty()) {
        if (!goals_seen.insert(with_past(fingerprint_of(next), past)).second) continue;
        Hypothesis g{next, hy.maps, hy.explained, past};
        commit(g.maps, c.pending);
        auto [path, path_views] = path_to(nodes, ni);
        path.push_back(a);
        path_views.push_back(view);
        g.explained.push_back({ci, std::move(path), std::move(path_views)});
        res.goals.push_back(std::move(g));
        if (!goal_depth) goal_depth = nodes[ni].depth + 1;
        continue;
      }
      if (!res.closest || diffs.size() < res.closest->differences.size()) {
        auto [path, path_views] = path_to(nodes, ni);
        path.push_back(a);
        path_views.push_back(view);
        res.closest = Candidate{std::move(path), std::move(path_views), diffs};
      }
      if (!(masked(next.api, ch.key) == before)) continue;  // a write that should have been observed first
      if (!visited.insert(with_past(search_fingerprint(next, hy.maps), past)).second) continue;
      if (nodes[ni].depth + 1 >= options.depth || visited.size() >= options.max_states) {
        res.bound_hit = true;
        continue;
      }
      nodes.push_back({std::move(next), ni, a, nodes[ni].depth + 1, std::move(past), view});
      queue.push_back(nodes.size() - 1);
    }
  }
  return res;
}

/// explain() with the candidates of `options` on every change.
Report explain_with(const History& h, const SearchOptions& options) {
  Report report;
  Hypothesis first{h.initial, {}, {}, {}};
  first.past.read.fill(options.stale_reads ? h.config.bounds.cache_lag : 0);
  for (const auto& p : first.m.api.pods) first.maps.pods[p.ordinal][p.uid] = p.uid;
  for (const auto& c : first.m.api.pvcs) {
    first.maps.pvcs[{c.claim_template, c.ordinal}][c.uid] = c.uid;
    for (const auto& r : c.owners)
      if (r.kind == spec::OwnerKind::kPod && r.uid != 0) first.maps.pods[r.ordinal][r.uid] = r.uid;
  }
  std::vector<Hypothesis> hyps{std::move(first)};
  std::optional<spec::SetObject> observed_set = h.initial.api.set.exists ? std::optional(h.initial.api.set) : std::nullopt;

  for (std::size_t ci = 0; ci < h.changes.size(); ++ci) {
    const Change& ch = h.changes[ci];
    // The specs the user may have written by now: the one observed before, this one, the next.
    std::vector<std::optional<spec::SetObject>> targets{observed_set};
    if (ch.key.kind == ObjectKind::kStatefulSet) targets.push_back(ch.value.set);
    for (std::size_t n = ci + 1; n < h.changes.size(); ++n)
      if (h.changes[n].key.kind == ObjectKind::kStatefulSet) {
        targets.push_back(h.changes[n].value.set);
        break;
      }
    if (ch.key.kind == ObjectKind::kStatefulSet) observed_set = ch.value.set;

    // Every hypothesis that explains this change survives (the hidden choices, e.g. how long a
    // pod has been Ready, are only settled by later observations).
    std::vector<Hypothesis> next;
    std::unordered_set<Fingerprint> kept;
    std::optional<SearchResult> first_failure;
    bool bound_hit = false;
    for (const Hypothesis& hy : hyps) {
      Comparator direct(&hy.maps);
      if (direct.diff(hy.m, ch.key, ch.value).empty()) {
        if (!kept.insert(with_past(fingerprint_of(hy.m), hy.past)).second) continue;
        Hypothesis g = hy;
        commit(g.maps, direct.pending);
        g.explained.push_back({ci, {}, {}});
        next.push_back(std::move(g));
        continue;
      }
      SearchResult res = search(h, hy, ci, targets, options, report.states);
      bound_hit = bound_hit || res.bound_hit;
      for (auto& g : res.goals)
        if (next.size() < kMaxHypotheses && kept.insert(with_past(fingerprint_of(g.m), g.past)).second)
          next.push_back(std::move(g));
      if (!first_failure) first_failure = std::move(res);
    }
    if (next.empty()) {
      report.verdict = bound_hit ? Verdict::kBoundHit : Verdict::kUnexplained;
      report.failed_change = ci;
      report.explained = hyps.front().explained;
      report.tried = first_failure->tried;
      report.closest = first_failure->closest;
      return report;
    }
    hyps = std::move(next);
  }
  report.explained = hyps.front().explained;
  return report;
}

}  // namespace

Report explain(const History& h, const SearchOptions& options) {
  if (!options.multiplies()) return explain_with(h, options);
  // Whole syncs on fresh reads first: stale views and partial syncs multiply every search, and
  // most histories need neither. A history they do not explain is searched again from its start
  // with them allowed.
  SearchOptions plain = options;
  plain.stale_reads = false;
  plain.partial_syncs = false;
  plain.restarts = false;
  Report r = explain_with(h, plain);
  if (r.verdict == Verdict::kExplained) return r;
  Report faulty = explain_with(h, options);
  faulty.states += r.states;
  return faulty;
}

}  // namespace stsmc::validate
