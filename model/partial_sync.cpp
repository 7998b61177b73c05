// A sync in flight, one write attempt per step (model/partial_sync.h).
#include "model/partial_sync.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "model/caches.h"
#include "model/rules/flat_state.h"
#include "model/rules/world.h"

namespace stsmc::model {
namespace {

// Answers the attempts of a sync run again from its start: the first ones as they were answered
// in earlier steps (replayed: not logged again), the next one by the API server as it is now,
// and ends the sync before the one after that.
class ReplayedAnswers final : public spec::WriteFaults {
 public:
  /// `fails`: the next attempt fails with that error instead (the write-error fault), which the
  /// sync then takes as injected.
  ReplayedAnswers(const std::vector<spec::ApiCode>& answers, const spec::ApiState& api,
                  std::optional<spec::ApiCode> fails = std::nullopt)
      : answers_(answers), api_(api), fails_(fails) {}

  spec::ApiCode on_attempt(const spec::WriteAttempt& a) override {
    ++seen_;
    if (seen_ <= answers_.size()) return answers_[seen_ - 1];
    if (seen_ > answers_.size() + 1) {
      stopped_ = true;
      throw SyncStopped{};
    }
    made_ = a;
    return fails_ ? *fails_ : api_answer(a);
  }
  // An error injected into this step's attempt is not the API server's answer; replayed in a
  // later step it is an error replayed, which the sync counts as injected too.
  bool answers() const override { return !(fails_ && seen_ == answers_.size() + 1); }
  bool replaying() const override { return !answers_.empty() && seen_ <= answers_.size(); }

  /// The attempt made in this step, if the sync got that far.
  const std::optional<spec::WriteAttempt>& made() const { return made_; }
  /// The sync has an attempt after it: it stays in flight.
  bool stopped() const { return stopped_; }

 private:
  // The API server's answer about the object's existence. A UID precondition (Conflict) is
  // judged in the picture: a pod's or claim's UID changes only by a create, and only the
  // controller creates them, so the picture and the server agree on it.
  spec::ApiCode api_answer(const spec::WriteAttempt& a) const {
    bool there = false;
    switch (a.resource) {
      case spec::Resource::kPods: there = api_.find_pod(a.pod) != nullptr; break;
      case spec::Resource::kClaims: there = api_.find_pvc(a.claim_template, a.pod) != nullptr; break;
      case spec::Resource::kRevisions: there = api_.find_revision(a.revision) != nullptr; break;
      case spec::Resource::kStatefulSets: there = api_.set.exists; break;
    }
    if (a.verb == spec::Verb::kCreate) return there ? spec::ApiCode::kAlreadyExists : spec::ApiCode::kNone;
    return there ? spec::ApiCode::kNone : spec::ApiCode::kNotFound;
  }

  const std::vector<spec::ApiCode>& answers_;
  const spec::ApiState& api_;
  std::optional<spec::ApiCode> fails_;
  std::size_t seen_ = 0;
  bool stopped_ = false;
  std::optional<spec::WriteAttempt> made_;
};

template <class V, class Less>
void insert_sorted(V& v, typename V::value_type x, Less less) {
  v.insert(std::upper_bound(v.begin(), v.end(), x, less), std::move(x));
}

// Writes the object the successful attempt `w` wrote in the controller's picture into the API
// state, as the API server stores it: a create stores the object sent, an update changes what
// the controller changes (a pod's owner reference and identity, a claim's owner references, a
// revision's number, the set's status), a pod's delete is the API server's graceful delete of
// the pod as it is now (world::delete_pod).
void store_write(const spec::WriteAttempt& w, const spec::ApiState& picture, spec::ApiState& api) {
  using spec::Resource;
  using spec::Verb;
  switch (w.resource) {
    case Resource::kPods: {
      const spec::Pod* mine = picture.find_pod(w.pod);
      if (w.verb == Verb::kCreate) {
        STSMC_CHECK(mine != nullptr);
        insert_sorted(api.pods, *mine, [](const spec::Pod& a, const spec::Pod& b) { return a.ordinal < b.ordinal; });
        api.pod_uids[w.pod] = std::max(api.pod_uids[w.pod], mine->uid);
        return;
      }
      spec::Pod* p = api.find_pod(w.pod);
      STSMC_CHECK(p != nullptr);
      if (w.verb == Verb::kUpdate) {
        STSMC_CHECK(mine != nullptr);
        p->controlled = mine->controlled;
        p->identity = mine->identity;
        return;
      }
      const auto before = rules::to_flat(*p);
      auto after = before;
      rules::world::delete_pod(rules::Concrete{}, before, after, true, false);
      if (after.exists) rules::from_flat(after, *p);
      else api.pods.erase(api.pods.begin() + (p - api.pods.data()));
      return;
    }
    case Resource::kClaims: {
      const spec::Pvc* mine = picture.find_pvc(w.claim_template, w.pod);
      STSMC_CHECK(mine != nullptr);
      if (w.verb == Verb::kCreate) {
        insert_sorted(api.pvcs, *mine, [](const spec::Pvc& a, const spec::Pvc& b) {
          return std::pair{a.claim_template, a.ordinal} < std::pair{b.claim_template, b.ordinal};
        });
        auto& counter = api.pvc_uids[{w.claim_template, w.pod}];
        counter = std::max(counter, mine->uid);
        return;
      }
      spec::Pvc* c = api.find_pvc(w.claim_template, w.pod);
      STSMC_CHECK(c != nullptr);
      c->owners = mine->owners;
      return;
    }
    case Resource::kRevisions: {
      const auto at = [&](spec::ApiState& st) {
        return std::find_if(st.revisions.begin(), st.revisions.end(),
                            [&](const spec::Revision& r) { return r.pod_template == w.revision; });
      };
      const spec::Revision* mine = picture.find_revision(w.revision);
      auto it = at(api);
      if (w.verb == Verb::kDelete) {
        STSMC_CHECK(it != api.revisions.end());
        api.revisions.erase(it);
        return;
      }
      STSMC_CHECK(mine != nullptr);
      if (it != api.revisions.end()) api.revisions.erase(it);  // an update: the renumbered one
      insert_sorted(api.revisions, *mine,
                    [](const spec::Revision& a, const spec::Revision& b) { return a.number < b.number; });
      return;
    }
    case Resource::kStatefulSets:
      STSMC_CHECK(api.set.exists);
      api.set.status = picture.set.status;
      return;
  }
}

// One step of the sync `in`: runs it from its start over its picture, the earlier attempts
// answered as before, and makes the next attempt against `s`'s API state (or, with `fails`,
// the attempt fails with that error; only where the write-error fault may inject it unless
// `any_write`).
Expected<void> next_attempt(const ModelConfig& cfg, ClusterState& s, StepLog* log, SyncInFlight in, bool first,
                            std::optional<spec::ApiCode> fails = std::nullopt, bool any_write = false) {
  ClusterState picture;
  picture.api = in.store;
  picture.caches = in.caches;
  ReplayedAnswers replay(in.outcomes, s.api, fails);
  StepLog own;
  if (auto r = sync_through_caches(cfg, picture, &own, &replay); !r) return r;
  if (!replay.made())
    return Error{ErrorCode::kBadInput, first ? "the sync makes no write" : "the sync in flight makes no further write"};
  // (A sync whose first attempt is made to fail, as a scenario asks, may end with it.)
  if (first && !replay.stopped() && !fails) return not_applicable("the sync makes one write: a reconcile");
  if (fails && !any_write && !injectable(*fails, replay.made()->verb))
    return not_applicable("the next write of the sync in flight is a " +
                          std::string(spec::verb_name(replay.made()->verb)) + ": only an update can get " +
                          std::string(enum_name(*fails)));
  STSMC_CHECK(!own.sync.writes.empty());
  const spec::WriteAttempt& w = own.sync.writes.back();
  if (w.error == spec::ApiCode::kNone) store_write(w, picture.api, s.api);
  if (replay.stopped()) {
    in.outcomes.push_back(w.error);
    s.in_flight = std::move(in);
  } else {
    s.in_flight.reset();
  }
  s.step_note.rejected = picture.step_note.rejected;
  if (log) log->sync = std::move(own.sync);
  return {};
}

}  // namespace

Expected<void> start_partial_sync(const ModelConfig& cfg, ClusterState& s, StepLog* log,
                                  std::optional<spec::ApiCode> first_fails) {
  if (s.in_flight) return not_applicable("a sync is in flight already");
  if (!s.api.set.exists) return not_applicable("the StatefulSet does not exist");
  // What the sync starts from: the API state, and each lagging lister's version it reads.
  SyncInFlight in;
  in.store = s.api;
  const ListerVersions served = versions_served(s.caches);
  const auto keep = [](const auto* version, auto& out) {
    if (version) out.push_back(*version);
  };
  keep(served.pods, in.caches.pods);
  keep(served.claims, in.caches.claims);
  keep(served.revisions, in.caches.revisions);
  keep(served.set, in.caches.set);
  if (!in.caches.set.empty() && !in.caches.set.front().exists) return not_applicable("the set lister has no set");
  // No sync reads whether a claim is bound (a claim it creates gets its own binding), so the
  // start keeps none: the provisioner's binding of a claim then commutes with the start of a
  // sync, as the partial-order reduction's argument asks (StatefulSetModel::ample_binding).
  for (auto& c : in.store.pvcs) c.bound = false;
  for (auto& v : in.caches.claims)
    for (auto& c : v) c.bound = false;
  return next_attempt(cfg, s, log, std::move(in), true, first_fails, true);
}

Expected<void> continue_partial_sync(const ModelConfig& cfg, ClusterState& s, StepLog* log) {
  STSMC_CHECK(s.in_flight.has_value());
  return next_attempt(cfg, s, log, *s.in_flight, false);
}

Expected<void> fail_next_write(const ModelConfig& cfg, ClusterState& s, StepLog* log, spec::ApiCode error,
                               bool any_write) {
  STSMC_CHECK(s.in_flight.has_value());
  return next_attempt(cfg, s, log, *s.in_flight, false, error, any_write);
}

}  // namespace stsmc::model
