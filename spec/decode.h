#pragma once
// Reading StatefulSet and Service documents into spec values with the API server's defaulting
// (apps/v1 SetDefaults_StatefulSet). Type errors, bad enum values and forbidden combinations are
// reported here; ranges, names and cross-field rules are validation's (spec/validation.h).
#include "spec/stateful_set.h"
#include "spec/yaml_reader.h"

namespace stsmc::spec {

/// Reads the StatefulSet document at `root` (kind and apiVersion already checked), defaulted.
/// Problems go to root.diag(); the fields they concern keep their defaults.
StatefulSet decode_stateful_set(const Field& root);

/// Reads the v1 Service document at `root`: name, namespace (default "default") and whether it
/// is headless (clusterIP "None").
Service decode_service(const Field& root);

/// metadata.name of a document, when it is a string ("" otherwise); reports nothing.
std::string document_name(const Field& root);

}  // namespace stsmc::spec
