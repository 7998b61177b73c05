#pragma once
// The model's numeric limits, in one place. Every entry point (manifest, CLI option, scenario,
// trace) checks its numbers against these and answers exit 2 with the field and the limit; the
// model code below the entry points may then assume them.
#include <cstddef>
#include <cstdint>

namespace stsmc::limits {

/// The most replicas (and so pod slots) any engine models. Exhaustive search never gets near it;
/// random walks and scenarios may. A manifest, scale step or option above it is rejected.
inline constexpr std::int32_t kMaxReplicas = 1000;
/// ordinals.start: the API server accepts any non-negative int32; ordinal arithmetic is done in
/// 64 bits, so start + replicas never overflows.
inline constexpr std::int64_t kMaxOrdinalStart = 2147483647;
/// The largest ordinal: the model's ordinals are int32, as the API's ordinals.start. Upstream
/// computes start + i in 64 bits; stsmc refuses a range that would pass this instead.
inline constexpr std::int64_t kMaxOrdinal = 2147483647;
/// `count` ordinals from `start` stay within kMaxOrdinal (computed in 64 bits).
constexpr bool ordinals_fit(std::int64_t start, std::int64_t count) { return start + count - 1 <= kMaxOrdinal; }

/// Extra pod templates the user may switch to (TemplateId is 8 bits, one is the manifest's, one
/// may be the broken template).
inline constexpr std::int32_t kMaxExtraTemplates = 16;
/// Budgets per bounded action kind: exhaustive search needs small ones, random walks may use up
/// to what a Budgets field holds.
inline constexpr int kMaxExhaustiveBudget = 16;
inline constexpr int kMaxRandomBudget = 255;
/// The write attempts of one sync a write-error fault can hit (the first 255; a sync of a large
/// Parallel set makes more, and the later ones are not faulted).
inline constexpr int kMaxWriteAttempt = 255;
/// How many writes of one kind a lagging lister may be behind the API server (--cache-lag): each
/// is a version of the kind's objects kept in the state.
inline constexpr int kMaxCacheLag = 3;
/// bmc depth and prove's k.
inline constexpr unsigned kMaxSymbolicDepth = 1000;
/// Nesting of JSON and YAML values read from any input (traces, scenarios, manifests).
inline constexpr int kMaxValueNesting = 64;
/// minReadySeconds: int32 in the API.
inline constexpr std::int64_t kMaxMinReadySeconds = 2147483647;

}  // namespace stsmc::limits
