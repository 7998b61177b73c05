// Names, actors and JSON of actions.
#include "model/action.h"

#include <array>
#include <cstdint>
#include <limits>
#include <string>

#include "core/limits.h"

namespace stsmc::model {
namespace {

struct Info { Actor actor; std::string_view name; };
// Indexed like the variant's alternatives.
constexpr std::array<Info, std::variant_size_v<Action>> kInfo = {{
    {Actor::kController, "reconcile"},      {Actor::kKubelet, "pod-assigned"},
    {Actor::kKubelet, "pod-scheduled"},     {Actor::kKubelet, "pod-ready"},
    {Actor::kKubelet, "pod-unready"},       {Actor::kKubelet, "pod-available"},
    {Actor::kKubelet, "pod-failed"},        {Actor::kKubelet, "pod-succeeded"},
    {Actor::kKubelet, "termination-finished"}, {Actor::kProvisioner, "pvc-bound"},
    {Actor::kGc, "gc-delete"},              {Actor::kUser, "scale"},
    {Actor::kUser, "update-template"},      {Actor::kUser, "set-partition"},
    {Actor::kUser, "set-max-unavailable"},  {Actor::kUser, "set-update-strategy"},
    {Actor::kUser, "set-retention-policy"}, {Actor::kUser, "set-start-ordinal"},
    {Actor::kUser, "set-min-ready-seconds"}, {Actor::kUser, "delete-pod"},
    {Actor::kUser, "delete-statefulset"},   {Actor::kFault, "node-lost"},
    {Actor::kFault, "write-error"},         {Actor::kFault, "informer-lag"},
    {Actor::kInformer, "informer-sync"},   {Actor::kUser, "delete-pvc"},
    {Actor::kUser, "orphan-pod"},           {Actor::kUser, "label-pod"},
    {Actor::kUser, "orphan-pvc"},           {Actor::kFault, "partial-sync"},
    {Actor::kFault, "controller-restart"},
}};

template <std::size_t I = 0>
Expected<Action> build(std::size_t index, const Json& args) {
  if constexpr (I < std::variant_size_v<Action>) {
    if (index == I) {
      std::variant_alternative_t<I, Action> a{};
      if (auto r = from_json(args, a, "action.args"); !r) return r.error();
      return Action{std::move(a)};
    }
    return build<I + 1>(index, args);
  } else {
    return Error{ErrorCode::kBadTrace, "action: bad index"};
  }
}

}  // namespace

Actor actor_of(const Action& a) { return kInfo[a.index()].actor; }
std::string_view name_of(const Action& a) { return kInfo[a.index()].name; }

Json action_to_json(const Action& a) {
  Json j = Json::object();
  j["actor"] = std::string(enum_name(actor_of(a)));
  j["name"] = std::string(name_of(a));
  j["args"] = std::visit([](const auto& x) { return to_json(x); }, a);
  return j;
}

// The numbers an action carries, within the model's limits (core/limits.h): a stored action
// beyond them is bad input, never an allocation of a billion pods.
static Expected<void> check_ranges(const Action& a) {
  const auto out_of_range = [](const char* field, std::int64_t v, std::int64_t lo, std::int64_t hi) -> Expected<void> {
    if (v >= lo && v <= hi) return {};
    return Error{ErrorCode::kBadTrace, std::string("action.args.") + field + ": must be in " + std::to_string(lo) +
                                           ".." + std::to_string(hi) + ", got " + std::to_string(v)};
  };
  if (const auto* s = std::get_if<Scale>(&a)) return out_of_range("replicas", s->replicas, 0, limits::kMaxReplicas);
  if (const auto* p = std::get_if<SetPartition>(&a))
    return out_of_range("partition", p->partition, 0, std::numeric_limits<std::int32_t>::max());
  if (const auto* o = std::get_if<SetStartOrdinal>(&a); o && o->start)
    return out_of_range("start", *o->start, 0, limits::kMaxOrdinalStart);
  if (const auto* m = std::get_if<SetMinReadySeconds>(&a))
    return out_of_range("seconds", m->seconds, 0, limits::kMaxMinReadySeconds);
  if (const auto* w = std::get_if<WriteError>(&a)) {
    if (auto r = out_of_range("attempt", w->attempt, 1, limits::kMaxWriteAttempt); !r) return r;
    if (w->error != spec::ApiCode::kInternal && w->error != spec::ApiCode::kConflict)
      return Error{ErrorCode::kBadTrace, "action.args.error: a write-error is InternalError or Conflict, got '" +
                                             std::string(enum_name(w->error)) + "'"};
  }
  return {};
}

Expected<Action> action_from_json(const Json& j) {
  if (!j.is_object()) return Error{ErrorCode::kBadTrace, "action: expected an object"};
  const auto name = j.find("name");
  if (name == j.end() || !name->is_string()) return Error{ErrorCode::kBadTrace, "action.name: missing"};
  for (std::size_t i = 0; i < kInfo.size(); ++i) {
    if (kInfo[i].name != name->get<std::string>()) continue;
    const auto actor = j.find("actor");
    if (actor != j.end() && (!actor->is_string() || *actor != std::string(enum_name(kInfo[i].actor))))
      return Error{ErrorCode::kBadTrace, "action.actor: does not match action '" + std::string(kInfo[i].name) + "'"};
    const auto args = j.find("args");
    auto a = build(i, args == j.end() ? Json::object() : *args);
    if (!a) return a;
    if (auto r = check_ranges(*a); !r) return r.error();
    return a;
  }
  return Error{ErrorCode::kBadTrace, "action.name: unknown action '" + name->get<std::string>() + "'"};
}

std::vector<std::string> all_action_names() {
  std::vector<std::string> names;
  for (const auto& i : kInfo) names.emplace_back(i.name);
  return names;
}

std::string describe(const Action& a) {
  std::string s = std::string(enum_name(actor_of(a))) + " " + std::string(name_of(a));
  const Json args = std::visit([](const auto& x) { return to_json(x); }, a);
  for (const auto& [k, v] : args.items()) s += " " + k + "=" + (v.is_string() ? v.get<std::string>() : v.dump());
  return s;
}

}  // namespace stsmc::model
