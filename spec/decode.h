#pragma once
// Reading StatefulSet and Service documents into spec values with the API server's defaulting
// (apps/v1 SetDefaults_StatefulSet). Type errors, bad enum values and forbidden combinations are
// reported here; ranges, names and cross-field rules are validation's (spec/validation.h).
#include <map>
#include <string>
#include <string_view>

#include "spec/label_selector.h"
#include "spec/stateful_set.h"
#include "spec/yaml_reader.h"

namespace stsmc::spec {

/// A StatefulSet document as read: the model's StatefulSet plus what only validation and
/// describe() need (the whole selector, the set's own labels and annotations, generateName).
struct DecodedSet {
  StatefulSet set;  ///< set.selector holds matchLabels only; `selector` has the expressions too
  LabelSelector selector;
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
  std::string generate_name;  ///< metadata.generateName as written ("" when absent)
  bool name_generated = false;  ///< set.name was made from generateName (no metadata.name)
};

/// The suffix stsmc puts after metadata.generateName where the API server would put 5 random
/// characters from [bcdfghjklmnpqrstvwxz2456789]: never one of those, so never a real name.
inline constexpr std::string_view kGeneratedNameSuffix = "00000";

/// The name the API server would give an object with generateName `prefix` (cut to 58
/// characters, as names.SimpleNameGenerator does), with kGeneratedNameSuffix for the random part.
std::string generated_name(std::string_view prefix);

/// Reads the StatefulSet document at `root` (kind and apiVersion already checked), defaulted.
/// Problems go to root.diag(); the fields they concern keep their defaults.
DecodedSet decode_stateful_set(const Field& root);

/// Reads the v1 Service document at `root`: name, namespace (default "default") and whether it
/// is headless (clusterIP "None").
Service decode_service(const Field& root);

/// metadata.name of a document, or the name generated from metadata.generateName, when it is a
/// string ("" otherwise); reports nothing.
std::string document_name(const Field& root);

}  // namespace stsmc::spec
