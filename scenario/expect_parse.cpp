// Parsing a scenario's `expect` step (docs/scenarios.md, "Expectations"). Like the other step
// parsers it stops at the first problem with its place and field path.
#include "scenario/expect_parse.h"

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "spec/events.h"
#include "spec/fail_writes.h"

namespace stsmc::scenario::detail {
namespace {

RevisionName read_revision_name(const Val& v) { return RevisionName{read_string(v), v.at}; }

PodExpect parse_pod_expect(const Entry& e) {
  PodExpect p;
  p.pod = PodName{e.key, e.key_at};
  if (is_null(e.value)) return p;  // `myapp-0: {}` or `myapp-0:` only says it exists
  const Val& v = e.value;
  check_map(v, {"ready", "revision", "incarnation", "phase", "terminating", "revision-as", "revision-is", "image",
                "available", "controlled"});
  if (Val f = field(v, "ready"); !f.absent) p.ready = read_bool(f);
  if (Val f = field(v, "revision"); !f.absent) p.revision = read_int(f, 1, kMaxInt);
  if (Val f = field(v, "incarnation"); !f.absent) p.incarnation = static_cast<std::uint32_t>(read_int(f, 1, kMaxInt));
  if (Val f = field(v, "phase"); !f.absent) p.phase = read_choice(f, {"Pending", "Running", "Succeeded", "Failed"});
  if (Val f = field(v, "terminating"); !f.absent) p.terminating = read_bool(f);
  if (Val f = field(v, "revision-as"); !f.absent) p.revision_as = read_revision_name(f);
  if (Val f = field(v, "revision-is"); !f.absent) p.revision_is = read_revision_name(f);
  if (Val f = field(v, "image"); !f.absent) p.image = read_string(f);
  if (Val f = field(v, "available"); !f.absent) p.available = read_bool(f);
  if (Val f = field(v, "controlled"); !f.absent) p.controlled = read_bool(f);
  return p;
}

std::vector<std::string> read_event_list(const Val& v) {
  std::vector<std::string> out;
  for (const auto& item : items(v)) {
    const std::string s = read_string(item);
    const auto space = s.find(' ');
    const std::string verb = s.substr(0, space);
    const bool ok = space != std::string::npos && (verb == "create" || verb == "delete") &&
                    space + 1 < s.size() && s.find(' ', space + 1) == std::string::npos;
    if (!ok) fail(item.at, "expected \"create NAME\" or \"delete NAME\", got " + kind_of(item.y));
    out.push_back(s);
  }
  return out;
}

// `events: [...]` (exact), or a map of `exactly`, `contains-in-order` and `same-sync`.
EventsExpect read_events(const Val& v) {
  EventsExpect e;
  if (!v.y.IsMap()) {
    e.exactly = read_event_list(v);
    return e;
  }
  check_map(v, {"exactly", "contains-in-order", "same-sync"});
  if (entries(v).empty()) fail(v.at, "say how to match: exactly, contains-in-order or same-sync");
  if (Val f = field(v, "exactly"); !f.absent) e.exactly = read_event_list(f);
  if (Val f = field(v, "contains-in-order"); !f.absent) e.in_order = read_event_list(f);
  if (Val f = field(v, "same-sync"); !f.absent) {
    // One group [a, b] or several [[a, b], [c]].
    const auto groups = items(f);
    if (!groups.empty() && groups.front().y.IsSequence()) {
      for (const auto& g : groups) e.same_sync.push_back(read_event_list(g));
    } else {
      e.same_sync.push_back(read_event_list(f));
    }
    for (std::size_t i = 0; i < e.same_sync.size(); ++i)
      if (e.same_sync[i].empty()) fail(groups.empty() ? f.at : groups[i].at, "a same-sync group names at least one event");
  }
  return e;
}

// `status:` with the StatefulSetStatus field names; every value a non-negative integer.
StatusExpect parse_status(const Val& v) {
  check_map(v, {"replicas", "readyReplicas", "availableReplicas", "currentReplicas", "updatedReplicas",
                "currentRevision", "updateRevision", "observedGeneration", "currentRevision-as",
                "currentRevision-is", "updateRevision-as", "updateRevision-is"});
  StatusExpect st;
  const auto read = [&](std::string_view key, std::optional<std::int64_t>& out) {
    if (Val f = field(v, key); !f.absent) out = read_int(f, 0, std::numeric_limits<std::int64_t>::max());
  };
  read("replicas", st.replicas);
  read("readyReplicas", st.ready_replicas);
  read("availableReplicas", st.available_replicas);
  read("currentReplicas", st.current_replicas);
  read("updatedReplicas", st.updated_replicas);
  read("currentRevision", st.current_revision);
  read("updateRevision", st.update_revision);
  read("observedGeneration", st.observed_generation);
  const auto name = [&](std::string_view key, std::optional<RevisionName>& out) {
    if (Val f = field(v, key); !f.absent) out = read_revision_name(f);
  };
  name("currentRevision-as", st.current_revision_as);
  name("currentRevision-is", st.current_revision_is);
  name("updateRevision-as", st.update_revision_as);
  name("updateRevision-is", st.update_revision_is);
  return st;
}

// `sync: {error: ..., writes: {VERB RESOURCE: N}}` in an expect.
SyncExpect parse_sync_expect(const Val& v) {
  check_map(v, {"error", "writes"});
  if (entries(v).empty()) fail(v.at, "say what to check: error or writes");
  SyncExpect e;
  if (Val f = field(v, "error"); !f.absent)
    e.error = read_choice(f, {"none", "any", "AlreadyExists", "Conflict", "NotFound", "InternalError", "Invalid"});
  if (Val f = field(v, "writes"); !f.absent) {
    for (const auto& entry : entries(f)) {
      const auto space = entry.key.find(' ');
      const std::string verb = entry.key.substr(0, space);
      const std::string resource = space == std::string::npos ? "" : entry.key.substr(space + 1);
      const auto known = [](const auto& values, auto name_of, const std::string& s) {
        for (const auto x : values)
          if (name_of(x) == s) return true;
        return false;
      };
      if (!known(spec::kFailVerbs, spec::verb_name, verb) ||
          !known(spec::kFailResources, spec::resource_name, resource))
        fail(entry.key_at, "expected \"VERB RESOURCE\" (verb create, update, delete or updateStatus; resource pods, "
                           "persistentvolumeclaims, statefulsets or controllerrevisions), got '" + entry.key + "'");
      e.writes.emplace_back(entry.key, read_int(entry.value, 0, kMaxInt));
    }
    if (e.writes.empty()) fail(f.at, "name at least one \"VERB RESOURCE\" to count");
  }
  return e;
}

}  // namespace

StepBody parse_expect(const Val& a) {
  check_map(a, {"pods", "absent-pods", "pvcs", "same-pvc", "dns", "events", "status", "pvc-owners", "sync"});
  Expect e;
  if (Val v = field(a, "pods"); !v.absent)
    for (const auto& entry : entries(v)) e.pods.push_back(parse_pod_expect(entry));
  if (Val v = field(a, "absent-pods"); !v.absent)
    for (const auto& item : items(v)) e.absent_pods.push_back(read_pod_name(item));
  if (Val v = field(a, "pvcs"); !v.absent) e.pvcs = read_strings(v);
  if (Val v = field(a, "same-pvc"); !v.absent) e.same_pvc = read_strings(v);
  if (Val v = field(a, "dns"); !v.absent) e.dns = read_strings(v);
  if (Val v = field(a, "events"); !v.absent) e.events = read_events(v);
  if (Val v = field(a, "status"); !v.absent) e.status = parse_status(v);
  if (Val v = field(a, "pvc-owners"); !v.absent)
    for (const auto& entry : entries(v)) {
      std::vector<std::string> refs;
      if (!is_null(entry.value))
        for (const auto& item : items(entry.value)) {
          const std::string ref = read_string(item);
          const auto space = ref.find(' ');
          const std::string kind = ref.substr(0, space);
          if (space == std::string::npos || (kind != "StatefulSet" && kind != "Pod") || space + 1 == ref.size() ||
              ref.find(' ', space + 1) != std::string::npos)
            fail(item.at, "expected \"StatefulSet NAME\" or \"Pod NAME\", got " + kind_of(item.y));
          refs.push_back(ref);
        }
      e.pvc_owners.emplace_back(entry.key, std::move(refs));
    }
  if (Val v = field(a, "sync"); !v.absent) e.sync = parse_sync_expect(v);
  return e;
}

}  // namespace stsmc::scenario::detail
