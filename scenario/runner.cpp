// The scenario runner: builds the model from the scenario's manifest and settings, then runs
// the steps in order, with `settle` as the fair world and `expect` as the checks.
#include "scenario/runner.h"

#include <fmt/format.h>

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <utility>
#include <vector>

#include "core/limits.h"
#include "model/caches.h"
#include "model/partial_sync.h"
#include "model/setup.h"
#include "scenario/view.h"
#include "spec/fail_writes.h"
#include "spec/manifest_loader.h"
#include "spec/mutants.h"

namespace stsmc::scenario {

using namespace model;  // the world this folder drives
namespace {

constexpr std::size_t kMaxNotesShown = 12;

// Shows at most kMaxNotesShown items (a settle that does not converge repeats itself).
std::string joined(const std::vector<std::string>& items) {
  if (items.size() <= kMaxNotesShown) return fmt::format("{}", fmt::join(items, ", "));
  const std::vector<std::string> head(items.begin(), items.begin() + kMaxNotesShown);
  return fmt::format("{}, ... ({} more)", fmt::join(head, ", "), items.size() - kMaxNotesShown);
}

// "step 3" or "steps 3-5" (1-based, inclusive).
std::string steps_range(std::size_t first, std::size_t last) {
  return first == last ? fmt::format("step {}", first) : fmt::format("steps {}-{}", first, last);
}

// The model action of a step on pod `o`.
model::Action pod_action(const PodStep& p, Ordinal o) {
  switch (p.op) {
    case PodOp::kDelete: return DeletePod{o, p.force};
    case PodOp::kFail: return PodFailed{o};
    case PodOp::kSucceed: return PodSucceeded{o};
    case PodOp::kUnready: return PodUnready{o};
    case PodOp::kNodeLost: return NodeLost{o};
    case PodOp::kOrphan: return OrphanPod{o};
    case PodOp::kLabel: return LabelPod{o, p.matching};
  }
  STSMC_CHECK(false && "a pod step without its action");
  return Reconcile{};
}

class Runner {
 public:
  Runner(const Scenario& sc, model::ModelConfig cfg, std::ostream& out)
      : sc_(sc), cfg_(std::move(cfg)), s_(initial_state(cfg_)), out_(out) {
    auto_schedule_ = cfg_.controller.auto_schedule;
  }

  RunResult run() {
    RunResult r;
    for (std::size_t i = 0; i < sc_.steps.size(); ++i) {
      if (std::string f = run_step(i); !f.empty()) {
        r.failure = fmt::format("step {} (line {}): {}", i + 1, sc_.steps[i].at.line, f);
        out_ << fmt::format("\nFAILED at {}\n", r.failure);
        r.expects_passed = passed_;
        return r;
      }
      ++r.steps_run;
    }
    r.ok = true;
    r.expects_passed = passed_;
    out_ << fmt::format("\nok: {} steps, {} expects hold\n", r.steps_run, expects_);
    return r;
  }

 private:
  // Runs step i; returns "" or why the scenario fails.
  std::string run_step(std::size_t i) {
    const Step& step = sc_.steps[i];
    if (const auto* e = std::get_if<Expect>(&step.body)) return expect(i, *e);
    // The world's own steps (settle, sync) continue an act; anything else after them starts one.
    const bool is_settle = std::holds_alternative<Settle>(step.body) || std::holds_alternative<Sync>(step.body);
    if (std::exchange(after_expect_, false)) out_ << "\n";
    if (!is_settle && settled_) start_act(i);  // user steps after a settle begin a new act
    step_events_.clear();
    notes_.clear();
    std::string outcome;
    const std::string failure = std::visit([&](const auto& b) { return perform(b, outcome); }, step.body);
    out_ << fmt::format("step {:>2}  {}{}{}\n", i + 1, describe(step), outcome,
                        step_events_.empty() ? "" : ": " + joined(texts(step_events_)));
    if (!notes_.empty()) out_ << fmt::format("          ({})\n", joined(notes_));
    window_.insert(window_.end(), step_events_.begin(), step_events_.end());
    settled_ = settled_ || is_settle;
    return failure;
  }

  // Begins an act at `first_step`; the events of the act before it, since the last expect,
  // are kept for the record (they are shown, not compared).
  void start_act(std::size_t first_step, bool after_expect = false) {
    if (after_expect) {
      earlier_.clear();
      earlier_from_ = first_step;
    } else {
      earlier_.insert(earlier_.end(), window_.begin(), window_.end());
    }
    window_.clear();
    window_from_ = first_step;
    settled_ = false;
  }

  // --- steps --------------------------------------------------------------------------------

  std::string perform(const Settle& st, std::string& outcome) {
    for (std::int32_t round = 1; round <= st.max_rounds; ++round) {
      const model::ClusterState before = s_;
      const std::size_t events_before = step_events_.size(), notes_before = notes_.size();
      const bool synced_events = fair_round();
      if (s_ == before && !synced_events) {
        outcome = round == 1 ? " (nothing to do)" : fmt::format(" ({} round{})", round - 1, round == 2 ? "" : "s");
        return "";
      }
      if (round == st.max_rounds) {
        if (!st.stop_at_limit) return not_settled(st.max_rounds, events_before, notes_before);
        outcome = fmt::format(" ({} round{}, stopped: not settled yet)", round, round == 1 ? "" : "s");
        return "";
      }
    }
    return "";
  }

  // One sync; `fail-writes` rules pick the attempts that get an API error (model::reconcile
  // with a spec::FailWrites, as conformance replays a recorded step's failWrites).
  std::string perform(const Sync& sync, std::string& outcome) {
    if (sync.writes) return perform_partial(*sync.writes, sync, outcome);
    // A sync in flight: its remaining writes.
    if (s_.in_flight) return perform_partial(limits::kMaxWriteAttempt, sync, outcome);
    const model::ClusterState before = s_;
    std::optional<spec::FailWrites> faults;
    if (!sync.fail_writes.empty()) faults.emplace(cfg_.controller, sync.fail_writes);
    model::StepLog log;
    STSMC_CHECK(model::reconcile(cfg_, s_, &log, faults ? &*faults : nullptr).has_value());
    observe();
    note_injected(log, sync, faults ? &*faults : nullptr);
    record_sync(log);
    if (s_ == before && log.sync.events.empty() && log.sync.errors.empty()) outcome = " (nothing to do)";
    return "";
  }

  // The next `writes` write attempts of the sync in flight, or of a new one (model::PartialSync;
  // a sync that makes at most one write is a whole reconcile). Each attempt is one model step.
  // The step's `fail-writes` rules count its attempts from its first; an attempt a rule selects
  // is made again failing with the rule's error, and the sync goes on from the error as upstream
  // does (model::fail_next_write).
  std::string perform_partial(std::int32_t writes, const Sync& sync, std::string& outcome) {
    std::optional<spec::FailWrites> faults;
    if (!sync.fail_writes.empty()) faults.emplace(cfg_.controller, sync.fail_writes);
    model::StepLog all;
    std::int32_t made = 0;
    bool in_flight = false;
    while (made < writes) {
      model::StepLog log = partial_step(faults ? &*faults : nullptr);
      made += static_cast<std::int32_t>(log.sync.writes.size());
      auto& w = all.sync;
      w.wrote_status = w.wrote_status || log.sync.wrote_status;
      w.writes.insert(w.writes.end(), log.sync.writes.begin(), log.sync.writes.end());
      w.events.insert(w.events.end(), log.sync.events.begin(), log.sync.events.end());
      w.errors.insert(w.errors.end(), log.sync.errors.begin(), log.sync.errors.end());
      in_flight = s_.in_flight.has_value();
      if (!in_flight) break;
    }
    observe();
    note_injected(all, sync, faults ? &*faults : nullptr);
    record_sync(all);
    if (made == 0) outcome = " (nothing to do)";
    else if (in_flight) outcome = fmt::format(" ({} write{}; the sync is in flight)", made, made == 1 ? "" : "s");
    else outcome = fmt::format(" ({} write{}; the sync ended)", made, made == 1 ? "" : "s");
    return "";
  }

  // One write attempt of a partial sync (see perform_partial), from s_ to s_.
  model::StepLog partial_step(spec::FailWrites* faults) {
    const model::ClusterState before = s_;
    model::StepLog log;
    const bool continues = s_.in_flight.has_value();
    // apply_action leaves the state as it was when the action does not apply.
    const bool started = !continues && apply_action(cfg_, s_, PartialSync{}, &log).has_value();
    if (!continues && !started) {  // at most one write: a whole sync, its attempt counted as any
      log = {};
      STSMC_CHECK(model::reconcile(cfg_, s_, &log, faults).has_value());
      return log;
    }
    if (continues) STSMC_CHECK(apply_action(cfg_, s_, Reconcile{}, &log).has_value());
    if (!faults || log.sync.writes.empty()) return log;
    const spec::ApiCode error = faults->on_attempt(log.sync.writes.front());
    if (error == spec::ApiCode::kNone) return log;
    // The attempt a rule selects, made again failing.
    s_ = before;
    log = {};
    // The sync made this attempt a moment ago: failing it instead always applies.
    STSMC_CHECK((continues ? model::fail_next_write(cfg_, s_, &log, error, true)
                           : model::start_partial_sync(cfg_, s_, &log, error))
                    .has_value());
    if (!before.caches.empty()) model::advance_caches(cfg_, before, s_);
    return log;
  }

  // The injected failures of a sync step and the fail-writes rules that matched no write.
  void note_injected(const model::StepLog& log, const Sync& sync, const spec::FailWrites* faults) {
    for (const auto& w : log.sync.writes)
      if (w.injected)
        notes_.push_back(fmt::format("injected {} into {} {} {}", spec::api_code_name(w.error), spec::verb_name(w.verb),
                                     spec::resource_name(w.resource), write_object(w)));
    for (std::size_t i = 0; faults && i < sync.fail_writes.size(); ++i)
      if (!faults->reached(i))
        notes_.push_back("fail-writes rule " + spec::describe(sync.fail_writes[i]) + " matched no write");
  }

  // The object a write names ("web-1", "data-web-1", "web"; a revision: its template number).
  std::string write_object(const spec::WriteAttempt& w) const {
    if (w.resource == spec::Resource::kRevisions) return fmt::format("(revision of template #{})", w.revision);
    return spec::object_name(cfg_.controller, w);
  }

  std::string perform(const model::Action& a, std::string&) {
    if (auto r = apply_action(cfg_, s_, a); !r) return "the model rejected it: " + r.error().message;
    observe();
    return "";
  }

  std::string perform(const UpdateImage& u, std::string& outcome) {
    if (!s_.api.set.exists) return "the model rejected it: the StatefulSet does not exist";
    spec::PodTemplate t = cfg_.controller.templates.at(s_.api.set.spec.pod_template);
    if (t.containers.empty()) return "the pod template has no container to set the image of";
    t.containers.front().image = u.image;
    const std::size_t known = cfg_.controller.templates.size();
    const TemplateId id = add_template(cfg_, t);
    outcome = id < known ? fmt::format(" (template #{}, used before)", id) : fmt::format(" (template #{})", id);
    return perform(model::Action{UpdateTemplate{id}}, outcome);
  }

  std::string perform(const PodStep& p, std::string& outcome) {
    const model::Ordinal o = *ordinal_of(cfg_, p.pod.name);
    const spec::Pod* pod = s_.api.find_pod(o);
    if (!pod) return "the model rejected it: pod " + p.pod.name + " does not exist";
    const std::uint32_t uid = pod->uid;
    if (std::string f = perform(pod_action(p, o), outcome); !f.empty()) return f;
    if (p.op == PodOp::kNodeLost) lost_.insert({o, uid});  // no kubelet will finish its termination
    if (p.op == PodOp::kDelete || p.op == PodOp::kNodeLost) step_events_.push_back({"delete " + p.pod.name});
    return "";
  }

  std::string perform(const ClaimStep& c, std::string& outcome) {
    const auto [t, o] = *claim_of(cfg_, c.claim.name);
    const spec::Pvc* pvc = s_.api.find_pvc(t, o);
    if (!pvc) return "the model rejected it: claim " + c.claim.name + " does not exist";
    if (c.op == ClaimOp::kOrphan) return perform(model::Action{OrphanPvc{t, o}}, outcome);
    if (std::string f = perform(model::Action{DeletePvc{t, o}}, outcome); !f.empty()) return f;
    const spec::Pvc* after = s_.api.find_pvc(t, o);
    outcome = after ? " (terminating: a scheduled pod uses it)" : " (gone)";
    return "";
  }

  // While the node is cordoned pods are created without one and the scheduler binds none.
  std::string perform(const Cordon& c, std::string&) {
    cordoned_ = c.on;
    cfg_.controller.auto_schedule = !c.on && auto_schedule_;
    return "";
  }

  // A hold starts at once: a Ready pod held unready turns unready now (its readiness probe fails).
  std::string perform(const Hold& h, std::string& outcome) {
    const model::Ordinal o = *ordinal_of(cfg_, h.pod.name);
    HoldSet& now = holds_[o];
    if (h.release) {
      const HoldSet off = h.what.any() ? h.what : now;
      now = HoldSet{now.unready && !off.unready, now.pending && !off.pending, now.terminating && !off.terminating};
      return "";
    }
    now = HoldSet{now.unready || h.what.unready, now.pending || h.what.pending,
                  now.terminating || h.what.terminating};
    const spec::Pod* pod = s_.api.find_pod(o);
    if (h.what.unready && pod && pod->ready) {
      must(PodUnready{o});
      outcome = " (" + h.pod.name + " is now unready)";
    }
    return "";
  }

  std::string perform(const ClockHold& c, std::string&) {
    clock_held_ = c.hold;
    return "";
  }

  // Time passes for every pod; only a Ready condition's age matters to the model.
  std::string perform(const Wait& w, std::string& outcome) {
    std::vector<model::Ordinal> ready;
    for (const auto& p : s_.api.pods)
      if (p.ready) ready.push_back(p.ordinal);
    for (const model::Ordinal o : ready) must(PodAvailable{o, w.seconds});
    outcome = ready.empty() ? " (no pod is Ready)"
                            : fmt::format(" ({} Ready pod{} aged)", ready.size(), ready.size() == 1 ? "" : "s");
    return "";
  }

  std::string perform(const Expect&, std::string&) { return ""; }  // run_step calls expect() instead

  std::string expect(std::size_t i, const Expect& e) {
    ++expects_;
    out_ << fmt::format("\n== expect #{} (step {}, line {}) ==\n", expects_, i + 1, sc_.steps[i].at.line);
    if (!earlier_.empty())
      out_ << fmt::format("events of {} (an earlier act, not compared): {}\n",
                          steps_range(earlier_from_ + 1, window_from_), joined(texts(earlier_)));
    const std::string events = window_.empty() ? "none" : fmt::format("{}", fmt::join(texts(window_), ", "));
    if (window_from_ >= i)
      out_ << "events: none (no steps since the previous expect)\n";
    else
      out_ << fmt::format("events of {}: {}\n", steps_range(window_from_ + 1, i), events);
    out_ << set_summary(cfg_, s_) << pod_table(cfg_, s_);
    const auto diffs =
        check_expect(cfg_, s_, e, window_, first_pvc_uid_, revision_names_, last_sync_ ? &*last_sync_ : nullptr);
    start_act(i + 1, true);
    after_expect_ = true;
    if (diffs.empty()) {
      ++passed_;
      out_ << "ok\n";
      return "";
    }
    out_ << fmt::format("FAILED ({} mismatch{})\n", diffs.size(), diffs.size() == 1 ? "" : "es");
    for (const auto& d : diffs) out_ << "  " << d << "\n";
    return fmt::format("expect #{}: {}{}", expects_, diffs.front(),
                       diffs.size() > 1 ? fmt::format(" (and {} more)", diffs.size() - 1) : "");
  }

  // --- the fair world -----------------------------------------------------------------------

  // One round: a sync, the kubelet, the provisioner, the GC. True when the sync recorded events.
  bool fair_round() {
    model::StepLog log;
    must(Reconcile{}, &log);
    record_sync(log);
    kubelet();
    std::vector<PvcBound> unbound;
    for (const auto& c : s_.api.pvcs)
      if (!c.bound) unbound.push_back(PvcBound{c.claim_template, c.ordinal});
    for (const auto& b : unbound) must(b);
    std::vector<std::string> gc;
    gc_sweep(cfg_, s_, &gc);
    observe();
    record_gc(gc);
    return !log.sync.events.empty();
  }

  HoldSet held(model::Ordinal o) const {
    const auto it = holds_.find(o);
    return it == holds_.end() ? HoldSet{} : it->second;
  }

  // The kubelet's work, minus what the scenario's holds keep from happening.
  void kubelet() {
    const auto each = [&](auto pred, auto make) {
      std::vector<model::Ordinal> targets;
      for (const auto& p : s_.api.pods)
        if (pred(p)) targets.push_back(p.ordinal);
      for (const model::Ordinal o : targets) must(make(o));
    };
    using spec::Pod;
    using spec::PodPhase;
    each([&](const Pod& p) {
           return p.phase == PodPhase::kPending && !p.terminating && claims_bound(p) && !held(p.ordinal).pending &&
                  (p.node_bound || !cordoned_);
         },
         [](model::Ordinal o) { return model::Action{PodScheduled{o}}; });
    each([&](const Pod& p) {
           return p.phase == PodPhase::kRunning && !p.ready && !p.terminating && !held(p.ordinal).unready;
         },
         [](model::Ordinal o) { return model::Action{PodReady{o}}; });
    const auto min_ready = static_cast<std::uint32_t>(std::max(0, s_.api.set.spec.min_ready_seconds));
    if (min_ready > 0 && !clock_held_)
      each([&](const Pod& p) { return p.ready && p.ready_seconds < min_ready; },
           [&](model::Ordinal o) { return model::Action{PodAvailable{o, min_ready}}; });
    each([&](const Pod& p) {
           return p.terminating && !lost_.contains({p.ordinal, p.uid}) && !held(p.ordinal).terminating;
         },
         [](model::Ordinal o) { return model::Action{TerminationFinished{o}}; });
  }

  bool claims_bound(const spec::Pod& p) const {
    for (std::size_t t = 0; t < cfg_.controller.claim_templates.size(); ++t) {
      const spec::Pvc* c = s_.api.find_pvc(static_cast<std::uint8_t>(t), p.identity);
      if (!c || !c->bound || c->terminating) return false;  // the kubelet mounts no claim being deleted
    }
    return true;
  }

  // Environment actions chosen by the runner are enabled by construction.
  void must(const model::Action& a, model::StepLog* log = nullptr) {
    auto r = apply_action(cfg_, s_, a, log);
    STSMC_CHECK(r.has_value());
    observe();
  }

  std::string not_settled(std::int32_t rounds, std::size_t events_before, std::size_t notes_before) {
    const std::vector<ActEvent> last(step_events_.begin() + static_cast<std::ptrdiff_t>(events_before),
                                     step_events_.end());
    const std::vector<std::string> notes(notes_.begin() + static_cast<std::ptrdiff_t>(notes_before), notes_.end());
    out_ << fmt::format("did not settle after {} rounds; the last round did: {}{}\n", rounds,
                        last.empty() ? "no pod events" : joined(texts(last)), notes.empty() ? "" : "; " + joined(notes));
    out_ << set_summary(cfg_, s_) << pod_table(cfg_, s_);
    return fmt::format("did not settle after {} rounds (see the table above)", rounds);
  }

  // --- bookkeeping --------------------------------------------------------------------------

  void record_sync(const model::StepLog& log) {
    ++syncs_;
    last_sync_ = log.sync;
    for (const auto& e : log.sync.events) {
      const std::string pod = cfg_.controller.pod_name(e.pod);
      if (e.kind == spec::EventKind::kCreatePod) step_events_.push_back({"create " + pod, syncs_});
      else if (e.kind == spec::EventKind::kDeletePod) step_events_.push_back({"delete " + pod, syncs_});
      else if (e.kind == spec::EventKind::kCreateClaim)
        notes_.push_back("create claim " + cfg_.controller.claim_name(e.claim_template, e.pod));
      else notes_.push_back(spec::event_reason(e.kind) + ": " + spec::event_message(cfg_.controller, e));
    }
    for (const auto& err : log.sync.errors) notes_.push_back("sync error: " + spec::error_message(cfg_.controller, err));
  }

  void record_gc(const std::vector<std::string>& lines) {
    for (const auto& line : lines) {
      if (line.starts_with("delete pod ")) step_events_.push_back({"delete " + line.substr(11)});
      notes_.push_back("gc: " + line);
    }
  }

  // Remembers the incarnation each PVC name had when first seen.
  void observe() {
    for (const auto& c : s_.api.pvcs) first_pvc_uid_.emplace(pvc_name(cfg_, c), c.uid);
  }

  const Scenario& sc_;
  model::ModelConfig cfg_;
  model::ClusterState s_;
  std::ostream& out_;
  PvcUids first_pvc_uid_;
  RevisionNames revision_names_;  ///< `revision-as` and the like
  std::set<std::pair<model::Ordinal, std::uint32_t>> lost_;  ///< pods (ordinal, uid) on a lost node
  std::map<model::Ordinal, HoldSet> holds_;  ///< the `hold`s in force, by pod name
  bool clock_held_ = false;                  ///< `hold: {clock: true}` in force
  bool cordoned_ = false;                    ///< `cordon` in force
  bool auto_schedule_ = true;                ///< the controller config's own auto_schedule
  std::size_t syncs_ = 0;                 ///< controller syncs run so far
  std::optional<spec::SyncResult> last_sync_;  ///< what the last sync returned (for expect.sync)
  std::vector<ActEvent> step_events_;     ///< pod events of the running step
  std::vector<std::string> notes_;        ///< everything else the running step did
  std::vector<ActEvent> window_;          ///< pod events of the current act
  std::size_t window_from_ = 0;           ///< the act's first step
  std::vector<ActEvent> earlier_;         ///< pod events since the last expect, before the act
  std::size_t earlier_from_ = 0;          ///< the first step after the last expect
  bool settled_ = false;                  ///< a settle ran in the current act
  bool after_expect_ = false;             ///< the last thing printed is an expect block
  std::size_t expects_ = 0;  ///< expects run
  std::size_t passed_ = 0;   ///< expects that held
};

// Every pod name must name a pod of the set before anything runs.
Expected<void> check_names(const Scenario& sc, const model::ModelConfig& cfg) {
  std::vector<const PodName*> names;
  for (const auto& step : sc.steps) {
    if (const auto* p = std::get_if<PodStep>(&step.body)) names.push_back(&p->pod);
    if (const auto* h = std::get_if<Hold>(&step.body)) names.push_back(&h->pod);
    if (const auto* c = std::get_if<ClaimStep>(&step.body); c && !claim_of(cfg, c->claim.name))
      return error_at(c->claim.at, fmt::format("'{}' is not a claim of StatefulSet {} (claims are named "
                                               "<template>-{}-<ordinal>, templates: {})",
                                               c->claim.name, cfg.controller.set_name, cfg.controller.set_name,
                                               cfg.controller.claim_templates.empty()
                                                   ? "none"
                                                   : fmt::format("{}", fmt::join(cfg.controller.claim_templates, ", "))));
    if (const auto* e = std::get_if<Expect>(&step.body)) {
      for (const auto& pe : e->pods) names.push_back(&pe.pod);
      for (const auto& n : e->absent_pods) names.push_back(&n);
    }
  }
  for (const PodName* n : names)
    if (!ordinal_of(cfg, n->name))
      return error_at(n->at, fmt::format("'{}' is not a pod of StatefulSet {} (pods are named {}-<ordinal>)", n->name,
                                         cfg.controller.set_name, cfg.controller.set_name));
  // A fail-writes rule that names an object must name one of the set (a misspelt name would
  // silently fail nothing).
  for (const auto& step : sc.steps) {
    const auto* sync = std::get_if<Sync>(&step.body);
    for (std::size_t i = 0; sync && i < sync->fail_writes.size(); ++i) {
      const spec::FailRule& r = sync->fail_writes[i];
      if (!r.name) continue;
      const std::string& set = cfg.controller.set_name;
      std::string expected;
      if (r.resource == spec::Resource::kPods && !ordinal_of(cfg, *r.name))
        expected = fmt::format("a pod of StatefulSet {} ({}-<ordinal>)", set, set);
      if (r.resource == spec::Resource::kStatefulSets && *r.name != set) expected = "the StatefulSet " + set;
      if (r.resource == spec::Resource::kClaims && !claim_of(cfg, *r.name))
        expected = fmt::format("a claim of StatefulSet {} (<template>-{}-<ordinal>)", set, set);
      if (!expected.empty())
        return error_at(sync->fail_writes_at[i], fmt::format("'{}' is not {}", *r.name, expected));
    }
  }
  return {};
}

std::string gates_text(const spec::FeatureGates& g) {
  std::vector<std::string> items;
  for_each_field(g, [&](std::string_view name, bool on) { items.push_back(fmt::format("{}={}", name, on)); });
  return fmt::format("{}", fmt::join(items, ","));
}

// The setup: release and gates, the CLI's choice over the scenario's over the defaults.
Expected<Setup> setup_of(const Scenario& sc, const RunSettings& rs, spec::Manifest manifest) {
  const std::string release = rs.kubernetes.value_or(sc.kubernetes.value_or(std::string(spec::kDefaultRelease)));
  auto setup = Setup::make(std::move(manifest), release, "", rs.mutant);
  if (!setup) return rs.kubernetes || !sc.kubernetes ? setup.error() : error_at(sc.kubernetes_at, setup.error().message);
  {
    const auto& set = setup->manifest.set;
    const std::int64_t start = set.ordinals_start.value_or(0);
    const std::int64_t reach = model::ordinals_reached(setup->rules(), set.replicas);
    if (!limits::ordinals_fit(start, reach))
      return error_at(sc.manifest_at, setup->manifest.source + ": spec.ordinals.start with spec.replicas reaches ordinal " +
                                          std::to_string(start + reach - 1) + ", past the largest stsmc models (2147483647)");
  }
  if (auto r = spec::apply_feature_gates(sc.feature_gates, setup->gates); !r)
    return error_at(sc.feature_gates_at, r.error().message);
  if (auto r = spec::apply_feature_gates(rs.feature_gates, setup->gates); !r) return r.error();
  return setup;
}

}  // namespace

Expected<RunResult> run_scenario(const Scenario& sc, const RunSettings& settings, std::ostream& out) {
  spec::LoadOptions lo;
  lo.pick = settings.statefulset;
  lo.allow_unknown_fields = settings.allow_unknown_fields;
  auto loaded = spec::load_manifest_file(sc.manifest, lo);
  if (!loaded)
    return loaded.error().code == ErrorCode::kIo ? error_at(sc.manifest_at, loaded.error().message) : loaded.error();
  auto setup = setup_of(sc, settings, loaded->manifest);
  if (!setup) return setup.error();
  model::ModelConfig cfg = setup->config();
  cfg.pvc_protection = true;  // a real cluster's admission adds the kubernetes.io/pvc-protection finalizer
  if (auto r = check_names(sc, cfg); !r) return r.error();
  for (const auto& w : loaded->warnings) out << "warning: " << w << "\n";
  const auto& set = loaded->manifest.set;
  out << fmt::format("run {}: manifest {} (StatefulSet {}/{}, {} replicas, {}), kubernetes {}{}, feature gates {}{}\n\n",
                     sc.source, sc.manifest, set.namespace_, set.name, set.replicas,
                     enum_name(set.pod_management_policy), setup->kubernetes,
                     settings.kubernetes ? " (from --kubernetes)" : "", gates_text(setup->gates),
                     settings.mutant ? ", mutant " + *settings.mutant : "");
  Runner runner(sc, std::move(cfg), out);
  return runner.run();
}

}  // namespace stsmc::scenario
