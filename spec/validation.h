#pragma once
// The API server's validation of a StatefulSet (ValidateStatefulSet in pkg/apis/apps/validation,
// Kubernetes 1.28), applied to a decoded StatefulSet: names, ranges, selector, containers, claim
// templates; then the model's own limits (core/limits.h). Errors are placed at the positions
// remembered while the document was read. docs/api-parity.md lists every rule and its source.
#include <string_view>

#include "spec/decode.h"
#include "spec/stateful_set.h"
#include "spec/yaml_reader.h"

namespace stsmc::spec {

/// A lowercase RFC 1123 label: [a-z0-9]([-a-z0-9]*[a-z0-9])?, at most 63 characters.
bool is_dns1123_label(std::string_view s);

/// A lowercase RFC 1123 subdomain: labels joined by '.', at most 253 characters.
bool is_dns1123_subdomain(std::string_view s);

/// A label or annotation key: an optional DNS subdomain prefix and '/', then a name of at most
/// 63 characters [A-Za-z0-9_.-] starting and ending with an alphanumeric character.
bool is_qualified_name(std::string_view s);

/// A label value: empty, or like the name part of a qualified name.
bool is_label_value(std::string_view s);

/// Reports to `diag` everything the API server would reject in `decoded`, and what it accepts but
/// the controller could never act on (pods or claims that cannot be created); errors about a field
/// that already has an error (a type error, say) are left out.
void validate_stateful_set(const DecodedSet& decoded, Diagnostics& diag);

/// Reports (as unsupported) what the API server accepts but the model cannot hold: more than
/// limits::kMaxReplicas replicas.
void check_model_limits(const StatefulSet& set, Diagnostics& diag);

}  // namespace stsmc::spec
