#pragma once
// Reading a recorded cluster history (`kubectl get statefulset,pods,pvc,controllerrevisions -w
// --output-watch-events -o json`) and mapping its objects onto the model's API state
// (docs/validate.md §2 lists the mapping field by field).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/expected.h"
#include "core/json.h"
#include "model/statefulset_model.h"
#include "spec/objects.h"

namespace stsmc::validate {

/// What a watch event did to its object.
enum class EventType : std::uint8_t { kAdded, kModified, kDeleted };
constexpr std::array<std::string_view, 3> enum_names(EventType) { return {"ADDED", "MODIFIED", "DELETED"}; }

/// One watch event as read, before mapping.
struct WatchEvent {
  EventType type = EventType::kAdded;
  Json object;
  std::size_t line = 0;      ///< line of the document's first character in the input (1-based)
  std::size_t position = 0;  ///< the event's index in the input (0-based)
  /// metadata.resourceVersion when it is a decimal number (etcd's global revision).
  std::optional<std::uint64_t> resource_version;
};

/// Reads watch events from `text`: concatenated JSON documents (each `{"type", "object"}`, or a
/// bare object, taken as ADDED when first seen and MODIFIED after), a JSON array of them, or a
/// `kind: List` with `items`. Errors name `source`, the line and the field.
Expected<std::vector<WatchEvent>> read_events(const std::string& text, const std::string& source);

/// Reads `path` ("-" for stdin) and then read_events.
Expected<std::vector<WatchEvent>> read_history_file(const std::string& path);

/// Which object of the model an event concerns.
enum class ObjectKind : std::uint8_t { kStatefulSet, kPod, kPvc, kRevision };
constexpr std::array<std::string_view, 4> enum_names(ObjectKind) {
  return {"StatefulSet", "Pod", "PersistentVolumeClaim", "ControllerRevision"};
}

/// A model object's identity: the set; a pod by ordinal; a claim by (claim template, ordinal);
/// a revision by the template it stores (a revision's name is its template's hash).
struct ObjectKey {
  ObjectKind kind = ObjectKind::kStatefulSet;
  spec::Ordinal ordinal = 0;
  std::uint8_t index = 0;  ///< claim template (PVC) or template id (revision)
  friend auto operator<=>(const ObjectKey&, const ObjectKey&) = default;
};

/// The observed value of one object in model terms. UIDs are observation numbers (per pod
/// ordinal or claim, 1 for the first UID seen): the validator maps them onto the model's
/// creation counters. Unset members: the object does not exist.
struct ObservedObject {
  std::optional<spec::SetObject> set;
  std::optional<spec::Pod> pod;
  std::optional<spec::Pvc> pvc;
  std::optional<spec::Revision> revision;
  bool exists() const { return set || pod || pvc || revision; }
};

/// One observed change: after `event`, object `key` has value `value`.
struct Change {
  ObjectKey key;
  ObservedObject value;
  std::size_t event = 0;  ///< index into History::events
  std::string name;       ///< the object's name as observed, e.g. "Pod web-1"
};

/// A history mapped onto the model.
struct History {
  std::vector<WatchEvent> events;  ///< as read, in the order they are validated
  /// The model's configuration: the manifest's, with every observed template added, and
  /// auto_schedule / instant_binding as the history shows them.
  model::ModelConfig config;
  model::ClusterState initial;  ///< the world after the first `initial_events` events
  std::size_t initial_events = 0;
  std::vector<Change> changes;  ///< the events after those, mapped (ignored objects left out)
  bool sorted_by_resource_version = false;
  std::size_t ignored = 0;      ///< events about other objects
};

/// How to read a history.
struct MapOptions {
  /// The set's selector (matchLabels) from the manifest: pods and revisions of the set carry them.
  std::map<std::string, std::string> selector;
  /// Events that form the first snapshot; unset: the leading ADDED events (kubectl's listing).
  std::optional<std::size_t> initial_events;
};

/// Sorts by resourceVersion when every event has a numeric one, and maps every event about the
/// set named by `config` onto the model. Errors (exit 2) name `source`, the line and the field.
Expected<History> map_history(std::vector<WatchEvent> events, model::ModelConfig config, const MapOptions& options,
                              const std::string& source);

}  // namespace stsmc::validate
