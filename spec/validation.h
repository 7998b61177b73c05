#pragma once
// The API server's validation of a StatefulSet (ValidateStatefulSet in pkg/apis/apps/validation,
// Kubernetes 1.28), applied to a decoded spec::StatefulSet: names, ranges, selector, containers,
// claim templates. Errors are placed at the positions remembered while the document was read.
#include <string_view>

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

/// Reports to `diag` everything the API server would reject in `set`; errors about a field that
/// already has an error (a type error, say) are left out.
void validate_stateful_set(const StatefulSet& set, Diagnostics& diag);

}  // namespace stsmc::spec
