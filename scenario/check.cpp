// Comparing an `expect` block with the cluster state and the act's pod events; every
// difference becomes one line naming the field, what was expected and what was found.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "scenario/view.h"
#include "spec/stateful_set_utils.h"

namespace stsmc::scenario {

using namespace model;  // the world this folder drives
namespace {

std::string str(bool b) { return b ? "true" : "false"; }
std::string str(const std::string& s) { return s; }
template <class T>
std::string str(T n) { return std::to_string(n); }

class Checker {
 public:
  Checker(const model::ModelConfig& cfg, const model::ClusterState& s) : cfg_(cfg), s_(s) {}

  template <class T, class U>
  void field(const std::string& path, const std::optional<T>& want, const U& got) {
    if (want && !(*want == got)) diffs.push_back(fmt::format("{}: expected {}, got {}", path, str(*want), str(got)));
  }

  void pod(const PodExpect& e) {
    const std::string path = "pods." + e.pod.name;
    const auto o = ordinal_of(cfg_, e.pod.name);
    const spec::Pod* p = o ? s_.api.find_pod(*o) : nullptr;
    if (!p) {
      diffs.push_back(path + ": expected the pod to exist, got no such pod");
      return;
    }
    field(path + ".ready", e.ready, p->ready);
    field(path + ".revision", e.revision, s_.api.revision_number(p->revision));
    field(path + ".incarnation", e.incarnation, p->uid);
    field(path + ".phase", e.phase, std::string(enum_name(p->phase)));
    field(path + ".terminating", e.terminating, p->terminating);
    field(path + ".controlled", e.controlled, p->controlled);
    field(path + ".image", e.image, cfg_.controller.templates.at(p->revision).image());
    const std::int32_t min_ready = s_.api.set.spec.min_ready_seconds;
    if (e.available && *e.available != spec::is_available(*p, min_ready))
      diffs.push_back(fmt::format("{}.available: expected {}, got {} ({}, minReadySeconds {})", path, str(*e.available),
                                  str(!*e.available),
                                  p->ready ? fmt::format("Ready for {} s", p->ready_seconds) : std::string("not Ready"),
                                  min_ready));
    if (e.revision_is) same_revision(path + ".revision-is", *e.revision_is, p->revision);
  }

  // Takes the block's `-as` names (before any `-is` of the block is compared).
  void name_revisions(const Expect& e, RevisionNames& names) {
    names_ = &names;
    for (const auto& pe : e.pods) {
      if (!pe.revision_as) continue;
      const auto o = ordinal_of(cfg_, pe.pod.name);
      if (const spec::Pod* p = o ? s_.api.find_pod(*o) : nullptr) names[pe.revision_as->name] = p->revision;
      // A missing pod is reported by pod().
    }
    if (!e.status) return;
    const auto& st = s_.api.set.status;
    const auto take = [&](const std::optional<RevisionName>& n, const std::optional<spec::TemplateId>& t,
                          const std::string& path) {
      if (!n) return;
      if (!s_.api.set.exists || !t) diffs.push_back(path + ": expected a revision to name, got none in the status");
      else names[n->name] = *t;
    };
    take(e.status->current_revision_as, st.current_revision, "status.currentRevision-as");
    take(e.status->update_revision_as, st.update_revision, "status.updateRevision-as");
  }

  // "revision 3 (image v1)": what people see of a revision now.
  std::string revision_text(spec::TemplateId t) const {
    const auto number = s_.api.revision_number(t);
    const std::string image = cfg_.controller.templates.at(t).image();
    return (number ? fmt::format("revision {}", number) : std::string("a revision no longer stored")) +
           (image.empty() ? "" : " (image " + image + ")");
  }

  void same_revision(const std::string& path, const RevisionName& want, spec::TemplateId got) {
    const auto it = names_ ? names_->find(want.name) : RevisionNames::const_iterator{};
    if (!names_ || it == names_->end()) {
      diffs.push_back(fmt::format("{}: the revision '{}' was not named (the expect that names it failed)", path,
                                  want.name));
      return;
    }
    if (it->second != got)
      diffs.push_back(fmt::format("{}: expected the revision named '{}', now {}; got another: {}", path, want.name,
                                  revision_text(it->second), revision_text(got)));
  }

  void absent(const PodName& n) {
    const auto o = ordinal_of(cfg_, n.name);
    if (const spec::Pod* p = o ? s_.api.find_pod(*o) : nullptr)
      diffs.push_back(fmt::format("absent-pods.{}: expected no such pod, got one ({}{}, incarnation {})", n.name,
                                  enum_name(p->phase), p->terminating ? ", terminating" : "", p->uid));
  }

  // An exact set of names: lists what is missing and what is unexpected.
  void name_set(const std::string& path, const std::vector<std::string>& want, std::vector<std::string> got) {
    const std::set<std::string> w(want.begin(), want.end()), g(got.begin(), got.end());
    if (w == g) return;
    std::vector<std::string> missing, extra;
    std::set_difference(w.begin(), w.end(), g.begin(), g.end(), std::back_inserter(missing));
    std::set_difference(g.begin(), g.end(), w.begin(), w.end(), std::back_inserter(extra));
    std::string d = path + ":";
    if (!missing.empty()) d += " missing " + bracket_list(missing) + ";";
    if (!extra.empty()) d += " unexpected " + bracket_list(extra) + ";";
    diffs.push_back(d + " got " + bracket_list(std::vector<std::string>(g.begin(), g.end())));
  }

  void same_pvc(const std::string& name, const PvcUids& first) {
    const std::string path = "same-pvc." + name;
    const auto it = std::find_if(s_.api.pvcs.begin(), s_.api.pvcs.end(),
                                 [&](const spec::Pvc& c) { return pvc_name(cfg_, c) == name; });
    if (it == s_.api.pvcs.end()) {
      diffs.push_back(path + ": expected the PVC to exist, got no such PVC");
      return;
    }
    const auto seen = first.find(name);
    if (seen != first.end() && seen->second != it->uid)
      diffs.push_back(fmt::format("{}: expected incarnation {} (as first seen), got {}: the claim was re-created",
                                  path, seen->second, it->uid));
  }

  void status(const StatusExpect& e) {
    const auto& set = s_.api.set;
    if (!set.exists) {
      diffs.push_back("status: expected the StatefulSet's status, got no StatefulSet (it was deleted)");
      return;
    }
    const auto& st = set.status;
    field("status.replicas", e.replicas, std::int64_t{st.replicas});
    field("status.readyReplicas", e.ready_replicas, std::int64_t{st.ready_replicas});
    field("status.availableReplicas", e.available_replicas, std::int64_t{st.available_replicas});
    field("status.currentReplicas", e.current_replicas, std::int64_t{st.current_replicas});
    field("status.updatedReplicas", e.updated_replicas, std::int64_t{st.updated_replicas});
    field("status.currentRevision", e.current_revision, s_.api.revision_number(st.current_revision));
    field("status.updateRevision", e.update_revision, s_.api.revision_number(st.update_revision));
    field("status.observedGeneration", e.observed_generation, st.observed_generation);
    const auto is = [&](const std::optional<RevisionName>& n, const std::optional<spec::TemplateId>& t,
                        const std::string& path) {
      if (!n) return;
      if (!t)
        diffs.push_back(fmt::format("{}: expected the revision named '{}', got none in the status", path, n->name));
      else
        same_revision(path, *n, *t);
    };
    is(e.current_revision_is, st.current_revision, "status.currentRevision-is");
    is(e.update_revision_is, st.update_revision, "status.updateRevision-is");
  }

  // The claim's ownerReferences as a set of "Kind name"; a reference whose owner is gone (or
  // never stored) still counts, and the message marks it.
  void pvc_owners(const std::string& name, const std::vector<std::string>& want) {
    const std::string path = "pvc-owners." + name;
    const auto it = std::find_if(s_.api.pvcs.begin(), s_.api.pvcs.end(),
                                 [&](const spec::Pvc& c) { return pvc_name(cfg_, c) == name; });
    if (it == s_.api.pvcs.end()) {
      diffs.push_back(path + ": expected the PVC to exist, got no such PVC");
      return;
    }
    std::vector<std::string> got, shown;
    for (const auto& r : it->owners) {
      const std::string owner = r.kind == spec::OwnerKind::kStatefulSet ? cfg_.controller.set_name
                                                                         : cfg_.controller.pod_name(r.ordinal);
      got.push_back(fmt::format("{} {}", enum_name(r.kind), owner));
      shown.push_back(got.back() + (s_.api.owner_exists(r) ? "" : " (owner gone)"));
    }
    const std::multiset<std::string> w(want.begin(), want.end()), g(got.begin(), got.end());
    if (w != g)
      diffs.push_back(fmt::format("{}: expected {}, got {}", path, bracket_list(want), bracket_list(shown)));
  }

  void events(const EventsExpect& want, const std::vector<ActEvent>& got_events) {
    const std::vector<std::string> got = texts(got_events);
    if (want.exactly) exactly(*want.exactly, got);
    if (want.in_order) in_order(*want.in_order, got);
    for (std::size_t g = 0; g < want.same_sync.size(); ++g)
      same_sync(g, want.same_sync.size(), want.same_sync[g], got_events);
  }

  std::vector<std::string> diffs;

 private:
  void exactly(const std::vector<std::string>& want, const std::vector<std::string>& got) {
    if (want == got) return;
    std::size_t i = 0;
    while (i < want.size() && i < got.size() && want[i] == got[i]) ++i;
    const auto at = [](const std::vector<std::string>& v, std::size_t k) {
      return k < v.size() ? "\"" + v[k] + "\"" : std::string("nothing");
    };
    diffs.push_back(fmt::format("events: expected {}, got {} (first difference at events[{}]: expected {}, got {})",
                                bracket_list(want), bracket_list(got), i, at(want, i), at(got, i)));
  }

  // A subsequence: each wanted event is found after the one before it.
  void in_order(const std::vector<std::string>& want, const std::vector<std::string>& got) {
    std::size_t next = 0;
    for (std::size_t i = 0; i < want.size(); ++i) {
      const auto it = std::find(got.begin() + static_cast<std::ptrdiff_t>(next), got.end(), want[i]);
      if (it != got.end()) {
        next = static_cast<std::size_t>(it - got.begin()) + 1;
        continue;
      }
      const bool anywhere = std::find(got.begin(), got.end(), want[i]) != got.end();
      diffs.push_back(fmt::format("events.contains-in-order[{}]: expected \"{}\"{}, {}; got {}", i, want[i],
                                  i == 0 ? "" : " after \"" + want[i - 1] + "\"",
                                  anywhere ? "but it comes earlier" : "but there is no such event",
                                  bracket_list(got)));
      return;
    }
  }

  // All of the group's events among the events of one controller sync (in any order).
  void same_sync(std::size_t g, std::size_t groups, const std::vector<std::string>& want,
                 const std::vector<ActEvent>& got) {
    std::map<std::size_t, std::vector<std::string>> by_sync;
    for (const auto& e : got)
      if (e.sync != 0) by_sync[e.sync].push_back(e.text);
    for (const auto& [sync, events] : by_sync) {
      std::multiset<std::string> have(events.begin(), events.end());
      bool all = true;
      for (const auto& w : want) {
        const auto it = have.find(w);
        if (it == have.end()) {
          all = false;
          break;
        }
        have.erase(it);
      }
      if (all) return;
    }
    std::vector<std::string> syncs;
    for (const auto& [sync, events] : by_sync) syncs.push_back(bracket_list(events));
    const auto others = no_sync(got);
    diffs.push_back(fmt::format("events.same-sync{}: expected {} in one controller sync, got {}{}",
                                groups > 1 ? fmt::format("[{}]", g) : "", bracket_list(want),
                                syncs.empty() ? std::string("no sync with pod events")
                                              : fmt::format("the syncs {}", fmt::join(syncs, " ")),
                                others.empty() ? "" : " (and events of no sync: " + bracket_list(others) + ")"));
  }

  static std::vector<std::string> no_sync(const std::vector<ActEvent>& got) {
    std::vector<std::string> out;
    for (const auto& e : got)
      if (e.sync == 0) out.push_back(e.text);
    return out;
  }

  const model::ModelConfig& cfg_;
  const model::ClusterState& s_;
  const RevisionNames* names_ = nullptr;
};

std::vector<std::string> dns_names(const model::ModelConfig& cfg, const model::ClusterState& s) {
  std::vector<std::string> names;
  for (const auto& p : s.api.pods) names.push_back(pod_dns_name(cfg, p.identity));
  return names;
}

// The API reason an error of the sync carries ("" for one that is not an API status error).
std::string reason(const spec::ApiError& e) {
  switch (e.kind) {
    case spec::ApiErrorKind::kPodAlreadyExists: return "AlreadyExists";
    case spec::ApiErrorKind::kPodNotFound: return "NotFound";
    case spec::ApiErrorKind::kWriteFailed: return std::string(spec::api_code_name(e.code));
    case spec::ApiErrorKind::kClaimTerminating: return "";
  }
  return "";
}

// `sync:` against what the last controller sync returned and the writes it attempted.
void check_sync(const model::ModelConfig& cfg, const SyncExpect& e, const spec::SyncResult* r,
                std::vector<std::string>& diffs) {
  if (!r) {
    diffs.push_back("sync: expected a controller sync to check, got none yet (no sync or settle has run)");
    return;
  }
  std::vector<std::string> errors;
  bool has_reason = false;
  for (const auto& err : r->errors) {
    errors.push_back(spec::error_message(cfg.controller, err));
    has_reason = has_reason || (e.error && reason(err) == *e.error);
  }
  const std::string got = errors.empty() ? "no error" : bracket_list(errors);
  if (e.error && *e.error == "none" && !errors.empty())
    diffs.push_back("sync.error: expected none, got " + got);
  else if (e.error && *e.error == "any" && errors.empty())
    diffs.push_back("sync.error: expected an error, got no error");
  else if (e.error && *e.error != "none" && *e.error != "any" && !has_reason)
    diffs.push_back(fmt::format("sync.error: expected an error with reason {}, got {}", *e.error, got));
  for (const auto& [key, want] : e.writes) {
    std::int64_t n = 0;
    for (const auto& w : r->writes)
      if (fmt::format("{} {}", spec::verb_name(w.verb), spec::resource_name(w.resource)) == key) ++n;
    if (n != want) diffs.push_back(fmt::format("sync.writes.{}: expected {} attempt{}, got {}", key, want,
                                               want == 1 ? "" : "s", n));
  }
}

}  // namespace

std::vector<std::string> check_expect(const model::ModelConfig& cfg, const model::ClusterState& s, const Expect& e,
                                      const std::vector<ActEvent>& events, const PvcUids& first_uids,
                                      RevisionNames& names, const spec::SyncResult* last_sync) {
  Checker c(cfg, s);
  c.name_revisions(e, names);
  for (const auto& p : e.pods) c.pod(p);
  for (const auto& n : e.absent_pods) c.absent(n);
  if (e.pvcs) c.name_set("pvcs", *e.pvcs, pvc_names(cfg, s));
  for (const auto& n : e.same_pvc) c.same_pvc(n, first_uids);
  if (e.dns) c.name_set("dns", *e.dns, dns_names(cfg, s));
  if (e.events) c.events(*e.events, events);
  if (e.status) c.status(*e.status);
  for (const auto& [name, owners] : e.pvc_owners) c.pvc_owners(name, owners);
  if (e.sync) check_sync(cfg, *e.sync, last_sync, c.diffs);
  return std::move(c.diffs);
}

}  // namespace stsmc::scenario
