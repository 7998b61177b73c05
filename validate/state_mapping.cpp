// Mapping the objects of a watch history (StatefulSet, pods, claims, ControllerRevisions) onto
// the model's API state, event by event (docs/validate.md §2). Reading the events is
// validate/history_reader.cpp.
#include "validate/history.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "core/limits.h"
#include "validate/json_fields.h"

namespace stsmc::validate {

namespace {

using namespace detail;

/// Generations and revision numbers the model may still count up from.
constexpr std::int64_t kMaxCounter = std::int64_t{1} << 62;

/// Field access with the path in errors.
class Reader {
 public:
  Reader(const std::string& source, const WatchEvent& ev) : source_(source), ev_(ev) {}

  Error error(const std::string& path, const std::string& what) const {
    return input_error(source_, ev_.line, "event " + std::to_string(ev_.position + 1) + ": object." + path + ": " + what);
  }
  /// The value at a dotted path, or nullptr when a member on the way is absent or null.
  const Json* at(const Json& root, const std::string& path) const {
    const Json* cur = &root;
    std::size_t i = 0;
    while (i <= path.size()) {
      const std::size_t j = std::min(path.find('.', i), path.size());
      const std::string k = path.substr(i, j - i);
      if (!cur->is_object()) return nullptr;
      auto it = cur->find(k);
      if (it == cur->end() || it->is_null()) return nullptr;
      cur = &*it;
      i = j + 1;
    }
    return cur;
  }
  Expected<std::string> str(const Json& root, const std::string& path, std::string def = "") const {
    const Json* v = at(root, path);
    if (!v) return def;
    if (!v->is_string()) return error(path, "expected a string");
    return v->get<std::string>();
  }
  Expected<std::int64_t> integer(const Json& root, const std::string& path, std::int64_t def, std::int64_t lo,
                                 std::int64_t hi) const {
    const Json* v = at(root, path);
    if (!v) return def;
    if (!v->is_number_integer()) return error(path, "expected a whole number");
    std::int64_t x = 0;
    if (v->is_number_unsigned()) {
      if (v->get<std::uint64_t>() > static_cast<std::uint64_t>(hi)) return error(path, "out of range");
      x = static_cast<std::int64_t>(v->get<std::uint64_t>());
    } else {
      x = v->get<std::int64_t>();
    }
    if (x < lo || x > hi) return error(path, "out of range " + std::to_string(lo) + ".." + std::to_string(hi));
    return x;
  }
  Expected<std::map<std::string, std::string>> labels(const Json& root, const std::string& path) const {
    std::map<std::string, std::string> out;
    const Json* v = at(root, path);
    if (!v) return out;
    if (!v->is_object()) return error(path, "expected an object of strings");
    for (const auto& [k, e] : v->items()) {
      if (!e.is_string()) return error(path + "." + k, "expected a string");
      out[k] = e.get<std::string>();
    }
    return out;
  }

 private:
  const std::string& source_;
  const WatchEvent& ev_;
};

/// A non-negative decimal ordinal after `prefix` in `name`, if `name` is exactly that.
std::optional<spec::Ordinal> ordinal_after(const std::string& name, const std::string& prefix) {
  if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  const std::string rest = name.substr(prefix.size());
  if (rest.size() > 1 && rest[0] == '0') return std::nullopt;
  spec::Ordinal o = 0;
  const auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), o);
  if (ec != std::errc() || p != rest.data() + rest.size() || o < 0) return std::nullopt;
  return o;
}

bool has_labels(const Json& object, const std::map<std::string, std::string>& selector) {
  if (selector.empty()) return false;
  const auto md = object.find("metadata");
  if (md == object.end() || !md->is_object() || !md->contains("labels") || !(*md)["labels"].is_object()) return false;
  const Json& l = (*md)["labels"];
  for (const auto& [k, v] : selector)
    if (!l.contains(k) || l[k] != v) return false;
  return true;
}

bool owned_by_set(const Json& object, const std::string& set_name) {
  const auto md = object.find("metadata");
  if (md == object.end() || !md->is_object() || !md->contains("ownerReferences") || !(*md)["ownerReferences"].is_array()) return false;
  for (const auto& r : (*md)["ownerReferences"])
    if (sget(r, "kind") == "StatefulSet" && sget(r, "name") == set_name) return true;
  return false;
}

/// The template without what does not identify it (nulls, the ControllerRevision's "$patch").
json canonical_template(const json& t) {
  if (t.is_object()) {
    json o = json::object();
    for (const auto& [k, v] : t.items())
      if (!v.is_null() && k != "$patch") o[k] = canonical_template(v);
    return o;
  }
  if (t.is_array()) {
    json a = json::array();
    for (const auto& v : t) a.push_back(canonical_template(v));
    return a;
  }
  return t;
}

/// Maps everything; one instance per history.
class Mapper {
 public:
  explicit Mapper(model::ModelConfig& cfg) : cfg_(cfg) {}

  /// The template id of a template document (adding it to the config if new).
  Expected<spec::TemplateId> template_id(const Reader& r, const Json& t, const std::string& path) {
    if (!t.is_object()) return r.error(path, "expected an object");
    const std::string key = canonical_template(json(t)).dump();
    if (auto it = by_canonical_.find(key); it != by_canonical_.end()) return it->second;
    spec::PodTemplate pt;
    auto labels = r.labels(t, "metadata.labels");
    if (!labels) return labels.error();
    auto annotations = r.labels(t, "metadata.annotations");
    if (!annotations) return annotations.error();
    pt.labels = std::move(*labels);
    pt.annotations = std::move(*annotations);
    if (const Json* cs = r.at(t, "spec.containers")) {
      if (!cs->is_array()) return r.error(path + ".spec.containers", "expected an array");
      for (const auto& c : *cs) {
        if (!c.is_object()) return r.error(path + ".spec.containers", "expected objects");
        pt.containers.push_back({sget(c, "name"), sget(c, "image")});
      }
    }
    return claim(pt, key, r, path);
  }

  /// A revision name that no ControllerRevision of the history names: a template of its own.
  Expected<spec::TemplateId> unknown_revision(const Reader& r, const std::string& name, const std::string& path) {
    spec::PodTemplate pt;
    pt.annotations["stsmc.validate/unknown-revision"] = name;
    return claim(pt, "unknown:" + name, r, path);
  }

  model::ModelConfig& cfg_;
  std::map<std::string, spec::TemplateId> by_canonical_;
  std::set<spec::TemplateId> claimed_;
  std::map<std::string, spec::TemplateId> revision_names_;  ///< ControllerRevision name -> template
  std::string set_uid_;
  std::map<spec::Ordinal, std::map<std::string, std::uint32_t>> pod_uids_;
  std::map<std::pair<std::uint8_t, spec::Ordinal>, std::map<std::string, std::uint32_t>> pvc_uids_;

  std::uint32_t intern_pod(spec::Ordinal o, const std::string& uid) {
    if (uid.empty()) return 0;
    auto& m = pod_uids_[o];
    auto [it, fresh] = m.emplace(uid, static_cast<std::uint32_t>(m.size() + 1));
    return it->second;
  }
  std::uint32_t intern_pvc(std::uint8_t t, spec::Ordinal o, const std::string& uid) {
    auto& m = pvc_uids_[{t, o}];
    auto [it, fresh] = m.emplace(uid, static_cast<std::uint32_t>(m.size() + 1));
    return it->second;
  }

 private:
  Expected<spec::TemplateId> claim(spec::PodTemplate pt, const std::string& key, const Reader& r, const std::string& path) {
    // The manifest's templates are reused when an observed one decodes to them; two observed
    // templates that decode alike (they differ in fields the model does not keep) stay apart.
    for (std::size_t i = 0; i < cfg_.controller.templates.size(); ++i)
      if (cfg_.controller.templates[i] == pt && !claimed_.contains(static_cast<spec::TemplateId>(i))) {
        claimed_.insert(static_cast<spec::TemplateId>(i));
        return by_canonical_[key] = static_cast<spec::TemplateId>(i);
      }
    for (int variant = 1;; ++variant) {
      bool taken = false;
      for (const auto& t : cfg_.controller.templates) taken = taken || t == pt;
      if (!taken) break;
      pt.annotations["stsmc.validate/variant"] = std::to_string(variant);
    }
    if (cfg_.controller.templates.size() >= 250) return r.error(path, "more than 250 distinct pod templates in one history");
    const spec::TemplateId id = model::add_template(cfg_, pt);
    claimed_.insert(id);
    return by_canonical_[key] = id;
  }
};

Expected<spec::PodPhase> phase_of(const Reader& r, const Json& o) {
  auto p = r.str(o, "status.phase", "Pending");
  if (!p) return p.error();
  if (*p == "Unknown") return spec::PodPhase::kPending;
  auto e = parse_enum<spec::PodPhase>(*p);
  if (!e) return r.error("status.phase", "expected Pending, Running, Succeeded or Failed, got '" + *p + "'");
  return *e;
}

bool ready_of(const Json& o) {
  const auto st = o.find("status");
  if (st == o.end() || !st->is_object() || !st->contains("conditions") || !(*st)["conditions"].is_array()) return false;
  for (const auto& c : (*st)["conditions"])
    if (sget(c, "type") == "Ready") return sget(c, "status") == "True";
  return false;
}

}  // namespace

Expected<History> map_history(std::vector<WatchEvent> events, model::ModelConfig config, const MapOptions& options,
                              const std::string& source) {
  History h;
  const std::string& set_name = config.controller.set_name;
  const std::string& ns = config.controller.namespace_;
  Mapper m(config);

  // The first snapshot (kubectl's listing) in input order, the rest by resourceVersion.
  std::size_t initial = options.initial_events.value_or(0);
  if (!options.initial_events)
    while (initial < events.size() && events[initial].type == EventType::kAdded && !events[initial].object.contains("__bare")) ++initial;
  if (initial > events.size()) initial = events.size();
  if (initial == 0 && !events.empty() && events[0].object.contains("__bare")) {
    // Bare objects: the listing is every object before the first one seen twice.
    std::set<std::string> seen;
    while (initial < events.size()) {
      const std::string id = sget(events[initial].object, "kind") + "/" + name_of(events[initial].object);
      if (!seen.insert(id).second) break;
      ++initial;
    }
  }
  // A set never synced yet (observedGeneration 0) was just created: the listing is the set and
  // what existed before it (older resourceVersions); the rest followed its creation.
  if (!options.initial_events) {
    std::optional<std::uint64_t> created;
    for (std::size_t i = 0; i < initial; ++i) {
      const Json& o = events[i].object;
      if (sget(o, "kind") == "StatefulSet" && name_of(o) == set_name && events[i].resource_version) {
        const bool synced = o.contains("status") && o["status"].is_object() && o["status"].contains("observedGeneration") &&
                            o["status"]["observedGeneration"].is_number_integer() && o["status"]["observedGeneration"].get<std::int64_t>() > 0;
        if (!synced) created = events[i].resource_version;
      }
    }
    if (created) {
      const auto mid = std::stable_partition(events.begin(), events.begin() + static_cast<std::ptrdiff_t>(initial),
                                             [&](const WatchEvent& e) { return e.resource_version && *e.resource_version <= *created; });
      initial = static_cast<std::size_t>(mid - events.begin());
    }
  }
  h.sorted_by_resource_version = std::all_of(events.begin() + static_cast<std::ptrdiff_t>(initial), events.end(),
                                             [](const WatchEvent& e) { return e.resource_version.has_value(); });
  if (h.sorted_by_resource_version)
    std::stable_sort(events.begin() + static_cast<std::ptrdiff_t>(initial), events.end(),
                     [](const WatchEvent& a, const WatchEvent& b) { return *a.resource_version < *b.resource_version; });
  {
    std::set<std::string> seen;
    for (auto& e : events) {
      if (!e.object.is_object()) continue;
      const std::string id = sget(e.object, "kind") + "/" + name_of(e.object);
      if (e.object.contains("__bare")) {
        e.type = seen.contains(id) ? EventType::kModified : EventType::kAdded;
        e.object.erase("__bare");
      }
      seen.insert(id);
    }
  }

  // Pass 1: which events concern the set, and the templates the ControllerRevisions hold.
  struct Classified { std::optional<ObjectKey> key; std::string name; };
  std::vector<Classified> cls(events.size());
  std::set<std::string> set_pods;  // the UIDs of pods once the set's
  for (std::size_t i = 0; i < events.size(); ++i) {
    const WatchEvent& ev = events[i];
    const Reader r(source, ev);
    const Json& o = ev.object;
    auto kind = r.str(o, "kind");
    if (!kind) return kind.error();
    auto name = r.str(o, "metadata.name");
    if (!name) return name.error();
    auto obj_ns = r.str(o, "metadata.namespace", ns);
    if (!obj_ns) return obj_ns.error();
    if (kind->empty()) return r.error("kind", "missing: every object needs its kind (kubectl -o json prints it)");
    if (*obj_ns != ns) continue;
    cls[i].name = *kind + " " + *name;
    if (*kind == "StatefulSet") {
      if (*name == set_name) cls[i].key = ObjectKey{ObjectKind::kStatefulSet, 0, 0};
    } else if (*kind == "Pod") {
      // A pod named after the set that is its (an owner reference to it, or its selector's
      // labels) stays the set's pod for the model once its labels or owners change (a released
      // pod keeps its name, which blocks the controller's create of that replica).
      auto o2 = ordinal_after(*name, set_name + "-");
      auto uid = r.str(o, "metadata.uid");
      if (!uid) return uid.error();
      if (o2 && (owned_by_set(o, set_name) || has_labels(o, options.selector) ||
                 (!uid->empty() && set_pods.contains(*uid)))) {
        cls[i].key = ObjectKey{ObjectKind::kPod, *o2, 0};
        if (!uid->empty()) set_pods.insert(*uid);
      }
    } else if (*kind == "PersistentVolumeClaim") {
      for (std::size_t t = 0; t < config.controller.claim_templates.size(); ++t)
        if (auto o2 = ordinal_after(*name, config.controller.claim_templates[t] + "-" + set_name + "-"))
          cls[i].key = ObjectKey{ObjectKind::kPvc, *o2, static_cast<std::uint8_t>(t)};
    } else if (*kind == "ControllerRevision") {
      if (owned_by_set(o, set_name) || (name->starts_with(set_name + "-") && has_labels(o, options.selector))) {
        const Json* t = r.at(o, "data.spec.template");
        if (!t) return r.error("data.spec.template", "missing: a StatefulSet's ControllerRevision stores its pod template there");
        auto id = m.template_id(r, *t, "data.spec.template");
        if (!id) return id.error();
        m.revision_names_[*name] = *id;
        cls[i].key = ObjectKey{ObjectKind::kRevision, 0, *id};
      }
    }
  }

  // The manifest's template first, so that an unchanged set keeps template 0.
  auto revision_of = [&](const Reader& r, const std::string& name, const std::string& path) -> Expected<spec::TemplateId> {
    if (auto it = m.revision_names_.find(name); it != m.revision_names_.end()) return it->second;
    return m.unknown_revision(r, name, path);
  };

  // Pass 2: map each object.
  std::map<ObjectKey, ObservedObject> world;
  std::set<std::string> pods_seen, pvcs_seen;
  std::optional<bool> all_pods_bound, all_pvcs_bound;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const WatchEvent& ev = events[i];
    if (!cls[i].key) {
      ++h.ignored;
      continue;
    }
    const ObjectKey key = *cls[i].key;
    const Reader r(source, ev);
    const Json& o = ev.object;
    ObservedObject v;
    auto uid = r.str(o, "metadata.uid");
    if (!uid) return uid.error();
    auto deletion = r.at(o, "metadata.deletionTimestamp");
    if (ev.type != EventType::kDeleted) switch (key.kind) {
      case ObjectKind::kStatefulSet: {
        if (m.set_uid_.empty()) m.set_uid_ = *uid;
        spec::SetObject s{};
        s.exists = *uid == m.set_uid_;  // a set created again is not the model's set
        auto gen = r.integer(o, "metadata.generation", 1, 0, kMaxCounter);
        if (!gen) return gen.error();
        s.generation = *gen;
        auto rep = r.integer(o, "spec.replicas", 1, 0, limits::kMaxReplicas);
        if (!rep) return rep.error();
        s.spec.replicas = static_cast<std::int32_t>(*rep);
        const Json* t = r.at(o, "spec.template");
        if (!t) return r.error("spec.template", "missing");
        auto tid = m.template_id(r, *t, "spec.template");
        if (!tid) return tid.error();
        s.spec.pod_template = *tid;
        auto type = r.str(o, "spec.updateStrategy.type", "RollingUpdate");
        if (!type) return type.error();
        auto ut = parse_enum<spec::UpdateStrategyType>(*type);
        if (!ut) return r.error("spec.updateStrategy.type", "expected RollingUpdate or OnDelete, got '" + *type + "'");
        s.spec.update_strategy.type = *ut;
        if (*ut == spec::UpdateStrategyType::kRollingUpdate) {
          auto p = r.integer(o, "spec.updateStrategy.rollingUpdate.partition", 0, 0, INT32_MAX);
          if (!p) return p.error();
          s.spec.update_strategy.partition = static_cast<std::int32_t>(*p);
          if (const Json* mu = r.at(o, "spec.updateStrategy.rollingUpdate.maxUnavailable")) {
            spec::IntOrPercent x{};
            if (mu->is_number_integer()) {
              auto n = r.integer(o, "spec.updateStrategy.rollingUpdate.maxUnavailable", 1, 0, INT32_MAX);
              if (!n) return n.error();
              x = {static_cast<std::int32_t>(*n), false};
            } else if (mu->is_string() && mu->get<std::string>().ends_with("%")) {
              const std::string sv = mu->get<std::string>();
              std::int32_t n = 0;
              const auto [p2, ec] = std::from_chars(sv.data(), sv.data() + sv.size() - 1, n);
              if (ec != std::errc() || p2 != sv.data() + sv.size() - 1 || n < 0)
                return r.error("spec.updateStrategy.rollingUpdate.maxUnavailable", "expected a whole number or \"N%\"");
              x = {n, true};
            } else {
              return r.error("spec.updateStrategy.rollingUpdate.maxUnavailable", "expected a whole number or \"N%\"");
            }
            s.spec.update_strategy.max_unavailable = x;
          }
        }
        for (const char* which : {"whenDeleted", "whenScaled"}) {
          const std::string path = std::string("spec.persistentVolumeClaimRetentionPolicy.") + which;
          auto w = r.str(o, path, "Retain");
          if (!w) return w.error();
          auto e = parse_enum<spec::RetentionPolicyType>(*w);
          if (!e) return r.error(path, "expected Retain or Delete, got '" + *w + "'");
          (std::string(which) == "whenDeleted" ? s.spec.retention_policy.when_deleted : s.spec.retention_policy.when_scaled) = *e;
        }
        if (r.at(o, "spec.ordinals")) {
          auto st = r.integer(o, "spec.ordinals.start", 0, 0, INT32_MAX);
          if (!st) return st.error();
          s.spec.ordinals_start = static_cast<std::int32_t>(*st);
        }
        auto mrs = r.integer(o, "spec.minReadySeconds", 0, 0, INT32_MAX);
        if (!mrs) return mrs.error();
        if (!limits::ordinals_fit(s.spec.start(), s.spec.replicas))
          return r.error("spec.ordinals.start", "start + replicas passes the largest ordinal the model holds (2^31 - 1)");
        s.spec.min_ready_seconds = static_cast<std::int32_t>(*mrs);
        auto& st = s.status;
        auto og = r.integer(o, "status.observedGeneration", 0, 0, kMaxCounter);
        if (!og) return og.error();
        st.observed_generation = *og;
        std::int32_t* counters[] = {&st.replicas, &st.ready_replicas, &st.current_replicas, &st.updated_replicas, &st.available_replicas};
        const char* names[] = {"replicas", "readyReplicas", "currentReplicas", "updatedReplicas", "availableReplicas"};
        for (int k = 0; k < 5; ++k) {
          auto c = r.integer(o, std::string("status.") + names[k], 0, INT32_MIN, INT32_MAX);  // upstream can drive currentReplicas below 0
          if (!c) return c.error();
          *counters[k] = static_cast<std::int32_t>(*c);
        }
        for (const char* which : {"currentRevision", "updateRevision"}) {
          auto n = r.str(o, std::string("status.") + which);
          if (!n) return n.error();
          if (n->empty()) continue;
          auto t2 = revision_of(r, *n, std::string("status.") + which);
          if (!t2) return t2.error();
          (std::string(which) == "currentRevision" ? st.current_revision : st.update_revision) = *t2;
        }
        if (r.at(o, "status.collisionCount")) {
          auto c = r.integer(o, "status.collisionCount", 0, 0, INT32_MAX);
          if (!c) return c.error();
          st.collision_count = static_cast<std::int32_t>(*c);
        }
        if (s.exists) v.set = s;
        break;
      }
      case ObjectKind::kPod: {
        spec::Pod p{};
        p.ordinal = key.ordinal;
        p.uid = m.intern_pod(key.ordinal, *uid);
        auto ph = phase_of(r, o);
        if (!ph) return ph.error();
        p.phase = *ph;
        p.ready = ready_of(o);
        p.ready_seconds = 0;
        p.terminating = deletion != nullptr;
        auto hash = r.str(o, "metadata.labels.controller-revision-hash");
        if (!hash) return hash.error();
        if (!hash->empty()) {
          auto t2 = revision_of(r, *hash, "metadata.labels.controller-revision-hash");
          if (!t2) return t2.error();
          p.revision = *t2;
        } else {
          auto t2 = m.unknown_revision(r, "", "metadata.labels.controller-revision-hash");
          if (!t2) return t2.error();
          p.revision = *t2;
        }
        auto node = r.str(o, "spec.nodeName");
        if (!node) return node.error();
        p.node_bound = !node->empty();
        p.controlled = false;
        if (const Json* refs = r.at(o, "metadata.ownerReferences"); refs && refs->is_array())
          for (const auto& ref : *refs)
            if (sget(ref, "kind") == "StatefulSet" && sget(ref, "name") == set_name && bget(ref, "controller") &&
                sget(ref, "uid") == m.set_uid_)
              p.controlled = true;
        p.unlabeled = !options.selector.empty() && !has_labels(o, options.selector);
        p.identity = key.ordinal;
        if (const Json* l = r.at(o, "metadata.labels"); l && l->is_object() && l->contains("statefulset.kubernetes.io/pod-name")) {
          const Json& n = (*l)["statefulset.kubernetes.io/pod-name"];
          if (n.is_string())
            if (auto io = ordinal_after(n.get<std::string>(), set_name + "-")) p.identity = *io;
        }
        if (i >= initial && pods_seen.insert(*uid).second) all_pods_bound = all_pods_bound.value_or(true) && p.node_bound;
        v.pod = p;
        break;
      }
      case ObjectKind::kPvc: {
        spec::Pvc c{};
        c.claim_template = key.index;
        c.ordinal = key.ordinal;
        c.uid = m.intern_pvc(key.index, key.ordinal, *uid);
        auto phase = r.str(o, "status.phase");
        if (!phase) return phase.error();
        c.bound = *phase == "Bound";
        c.terminating = deletion != nullptr;
        if (const Json* refs = r.at(o, "metadata.ownerReferences")) {
          if (!refs->is_array()) return r.error("metadata.ownerReferences", "expected an array");
          for (const auto& ref : *refs) {
            if (!ref.is_object()) return r.error("metadata.ownerReferences", "expected objects");
            const std::string k = sget(ref, "kind"), n = sget(ref, "name"), u = sget(ref, "uid");
            if (k == "StatefulSet" && n == set_name) {
              c.owners.push_back({spec::OwnerKind::kStatefulSet, 0, u.empty() ? 0u : (u == m.set_uid_ ? spec::kSetUid : 2u)});
            } else if (k == "Pod") {
              if (auto po = ordinal_after(n, set_name + "-"))
                c.owners.push_back({spec::OwnerKind::kPod, *po, m.intern_pod(*po, u)});
            }
          }
        }
        if (i >= initial && pvcs_seen.insert(*uid).second) all_pvcs_bound = all_pvcs_bound.value_or(true) && c.bound;
        v.pvc = c;
        break;
      }
      case ObjectKind::kRevision: {
        auto n = r.integer(o, "revision", 0, 0, kMaxCounter);
        if (!n) return n.error();
        v.revision = spec::Revision{*n, key.index};
        break;
      }
    }
    if (i < initial) {
      world[key] = v;
    } else {
      h.changes.push_back(Change{key, v, i, cls[i].name});
    }
  }
  if (all_pods_bound) config.controller.auto_schedule = *all_pods_bound;
  if (all_pvcs_bound) config.controller.instant_binding = *all_pvcs_bound;

  // The first snapshot as a model state.
  model::ClusterState& s = h.initial;
  s.api.set = spec::SetObject{};
  bool have_set = false;
  for (const auto& [key, v] : world) {
    if (v.set) { s.api.set = *v.set; have_set = true; }
    if (v.pod) {
      spec::Pod p = *v.pod;
      if (p.ready) p.ready_seconds = 1'000'000;  // listed Ready: taken as available
      s.api.pods.push_back(p);
    }
    if (v.pvc) s.api.pvcs.push_back(*v.pvc);
    if (v.revision) s.api.revisions.push_back(*v.revision);
  }
  if (!have_set) {
    const std::size_t line = events.empty() ? 1 : events.front().line;
    return input_error(source, line,
                       "the history's first listing (" + std::to_string(initial) + " events) has no StatefulSet " + ns + "/" +
                           set_name + ": start the watch before creating the set, or pass the set's name");
  }
  std::sort(s.api.pods.begin(), s.api.pods.end(), [](const auto& a, const auto& b) { return a.ordinal < b.ordinal; });
  std::sort(s.api.pvcs.begin(), s.api.pvcs.end(),
            [](const auto& a, const auto& b) { return std::pair(a.claim_template, a.ordinal) < std::pair(b.claim_template, b.ordinal); });
  std::sort(s.api.revisions.begin(), s.api.revisions.end(), [](const auto& a, const auto& b) { return a.number < b.number; });
  for (const auto& p : s.api.pods) s.api.pod_uids[p.ordinal] = std::max(s.api.pod_uids[p.ordinal], p.uid);
  for (const auto& c : s.api.pvcs) {
    auto& n = s.api.pvc_uids[{c.claim_template, c.ordinal}];
    n = std::max(n, c.uid);
    for (const auto& r : c.owners)
      if (r.kind == spec::OwnerKind::kPod) s.api.pod_uids[r.ordinal] = std::max(s.api.pod_uids[r.ordinal], r.uid);
  }
  for_each_field_mut(s.budgets, [](std::string_view, std::uint8_t& b) { b = 255; });
  h.initial_events = initial;
  h.events = std::move(events);
  h.config = std::move(config);
  return h;
}

}  // namespace stsmc::validate
