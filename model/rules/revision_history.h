#pragma once
// The revision history of one sync (upstream stateful_set_control.go: getStatefulSetRevisions,
// truncateHistory), as members of rules::detail::Sync (model/rules/sync_detail.h, which declares
// them and includes this file at its end). The revisions are read from their lister and written
// to the store; every write is an attempt that may fail (model/rules/pod_control.h says how).
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "model/rules/sync_detail.h"

namespace stsmc::model::rules::detail {

// --- revisions ---
// getStatefulSetRevisions: the update revision is the set's template, created or renumbered
// to max+1 unless it already is the newest; current is status.currentRevision if it names a
// revision, else the update revision. Returns "no revision write failed": a failed create
// (history.realHistory.CreateControllerRevision: an AlreadyExists reads the stored revision,
// which a fresh view lists, so here it is NotFound) or renumbering (UpdateControllerRevision,
// retried on Conflict) is the sync's error.
// The revisions are read from their lister (listed_) and written to the store: a create the
// store already holds gets AlreadyExists, and the stored revision (same template: equal data)
// is used as it is; a renumbering of a revision gone from the store gets NotFound.
template <class D>
auto Sync<D>::get_revisions(const B& exists) -> B {
  B any = ff();
  I newest = num(0);
  for (const auto& r : listed_) {
    newest = ite(r.exists && (!any || r.number > newest), r.number, newest);
    any = any || r.exists;
  }
  const I next = ite(any, newest + num(1), num(1));
  B named = ff();
  for (std::size_t t = 0; t < listed_.size(); ++t)
    named = named || (set_.current_revision == num(static_cast<std::int64_t>(t)) && listed_[t].exists);
  cur_ = ite(set_.has_current_revision && named, set_.current_revision, set_.pod_template);
  upd_ = set_.pod_template;
  B failed = ff();
  for (std::size_t t = 0; t < listed_.size(); ++t) {
    const auto& l = listed_[t];
    auto& r = s_.revisions[t];
    const int ti = static_cast<int>(t);
    const B write = exists && set_.pod_template == num(static_cast<std::int64_t>(t)) &&
                    !(l.exists && l.number == newest);
    const B create = write && !l.exists;
    const I inj = injected(create, spec::Verb::kCreate, spec::Resource::kRevisions, ti);
    const I c = create_answer(inj, r.exists);
    wrote(create, spec::Verb::kCreate, spec::Resource::kRevisions, ti, 0, c, inj);
    // AlreadyExists: the stored one is read back (NotFound if there is none) and used.
    const B reused = create && c == num(kAlreadyExists) && r.exists;
    const B create_failed = create && c != num(kNoError) && !reused;
    sync_error(create_failed, spec::Verb::kCreate, spec::Resource::kRevisions,
               ite(c == num(kAlreadyExists), num(kNotFound), c), inj == num(kNoError) && c != num(kAlreadyExists), ti);
    B pending = write && l.exists, renumber_failed = ff();
    for (int k = 0; k < attempts(4); ++k) {
      const I ui = injected(pending, spec::Verb::kUpdate, spec::Resource::kRevisions, ti);
      const I u = by_name_answer(ui, r.exists);
      wrote(pending, spec::Verb::kUpdate, spec::Resource::kRevisions, ti, 0, u, ui);
      renumber_failed = ite(pending, u != num(kNoError), renumber_failed);
      sync_error(pending && u != num(kNoError) && (u != num(kConflict) || k + 1 == attempts(4)), spec::Verb::kUpdate,
                 spec::Resource::kRevisions, u, ui == num(kNoError), ti);
      pending = pending && u == num(kConflict);
    }
    const B done = write && !create_failed && !renumber_failed && !reused;
    failed = failed || create_failed || renumber_failed;
    r.exists = r.exists || done;
    r.number = ite(done, next, r.number);
  }
  return !failed;
}

// truncateHistory over the revisions listed at the start: the non-live ones (not current,
// not update, not any snapshot pod's) beyond the newest revisionHistoryLimit are deleted,
// oldest first; the first failed delete is the sync's error and ends it. After a failed
// revision write neither current nor update is known (upstream passes nil for both).
template <class D>
void Sync<D>::truncate_history(const B& exists, const B& known) {
  const std::int64_t limit = std::max(0, cfg_.revision_history_limit);
  const std::size_t k = listed_.size();
  Slots<B> history;
  I h = num(0);
  for (std::size_t t = 0; t < k; ++t) {
    const I id = num(static_cast<std::int64_t>(t));
    B live = known && (cur_ == id || upd_ == id);
    for (const auto& p : snap_) live = live || (p.exists && p.revision == id);
    history.push_back(listed_[t].exists && !live);
    h = h + count(history.back());
  }
  if (skipped(exists && h > num(limit))) return;  // nothing to delete
  Slots<I> older;  // history revisions listed before t (smaller number)
  for (std::size_t t = 0; t < k; ++t) {
    older.push_back(num(0));
    for (std::size_t u = 0; u < k; ++u)
      if (u != t) older[t] = older[t] + count(history[u] && listed_[u].number < listed_[t].number);
  }
  B stopped = ff();
  for (std::size_t pos = 0; pos < k; ++pos)  // the deletes in upstream's order: oldest first
    for (std::size_t t = 0; t < k; ++t) {
      const int ti = static_cast<int>(t);
      const B del = exists && history[t] && h > num(limit) && older[t] == num(static_cast<std::int64_t>(pos)) &&
                    older[t] < h - num(limit) && !stopped;
      auto& r = s_.revisions[t];
      const I inj = injected(del, spec::Verb::kDelete, spec::Resource::kRevisions, ti);
      const I e = by_name_answer(inj, r.exists);
      wrote(del, spec::Verb::kDelete, spec::Resource::kRevisions, ti, 0, e, inj);
      const B failed = del && e != num(kNoError);
      sync_error(failed, spec::Verb::kDelete, spec::Resource::kRevisions, e, inj == num(kNoError), ti);
      stopped = stopped || failed;
      const B gone = del && !failed;
      r.exists = r.exists && !gone;
      r.number = ite(gone, num(0), r.number);
    }
}

}  // namespace stsmc::model::rules::detail
