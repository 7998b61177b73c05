// Reading StatefulSet and Service documents field by field, with apps/v1 defaulting, strict field
// checks for every level read, and type/enum/syntax errors at the offending field (what the API
// server's decoding refuses: a string in an int field, a malformed quantity, an unknown operator).
#include "spec/decode.h"

#include <fmt/format.h>

#include <charconv>
#include <set>

#include "core/enum_names.h"
#include "spec/known_fields.h"
#include "spec/text_util.h"

namespace stsmc::spec {

namespace {

// "\"OrderedReady\", \"Parallel\"".
template <NamedEnum E>
std::string supported_values() {
  std::string out;
  for (auto name : enum_names(E{})) out += (out.empty() ? "" : ", ") + quote(name);
  return out;
}

// An enum field; "" or absent is the default, as the API server's defaulting treats them.
template <NamedEnum E>
E read_enum(const Field& f, E fallback) {
  const auto text = f.str();
  if (!text || text->empty()) return fallback;
  if (auto e = parse_enum<E>(*text)) return *e;
  f.error(fmt::format("Unsupported value: {}: supported values: {}", quote(*text), supported_values<E>()));
  return fallback;
}

struct Meta {
  std::string name;
  std::string generate_name;
  bool name_generated = false;
  std::string namespace_ = "default";
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
};

Meta read_metadata(const Field& meta) {
  Meta out;
  if (!meta.expect_map()) return out;
  meta.check_keys(known::kObjectMeta);
  out.name = meta.get("name").str().value_or("");
  out.generate_name = meta.get("generateName").str().value_or("");
  if (out.name.empty() && !out.generate_name.empty()) {
    out.name = generated_name(out.generate_name);
    out.name_generated = true;
  }
  if (auto ns = meta.get("namespace").str(); ns && !ns->empty()) out.namespace_ = *ns;
  out.labels = meta.get("labels").string_map();
  out.annotations = meta.get("annotations").string_map();
  return out;
}

SelectorRequirement read_requirement(const Field& f) {
  SelectorRequirement r;
  if (!f.expect_map()) return r;
  f.check_keys(known::kSelectorRequirement);
  const Field key = f.get("key");
  r.key = key.str().value_or("");
  if (!key.present()) key.error("Required value");
  const Field op = f.get("operator");
  const auto text = op.str();
  if (!op.present()) {
    op.error("Required value");
  } else if (auto parsed = text ? parse_enum<SelectorOperator>(*text) : std::nullopt) {
    r.op = *parsed;
  } else if (text) {
    op.error(fmt::format("Unsupported value: {}: supported values: {}", quote(*text), supported_values<SelectorOperator>()));
  }
  for (const Field& v : f.get("values").items()) r.values.push_back(v.str().value_or(""));
  return r;
}

LabelSelector read_selector(const Field& f) {
  LabelSelector s;
  if (!f.present()) {
    f.error("Required value");
    return s;
  }
  if (!f.expect_map()) return s;
  f.check_keys(known::kLabelSelector);
  s.match_labels = f.get("matchLabels").string_map();
  for (const Field& item : f.get("matchExpressions").items()) s.match_expressions.push_back(read_requirement(item));
  return s;
}

// IANA_SVC_NAME (IsValidPortName): 1-15 characters of [a-z0-9-], a letter among them, no "--",
// no '-' at either end.
bool is_port_name(std::string_view s) {
  if (s.empty() || s.size() > 15 || s.front() == '-' || s.back() == '-' || s.find("--") != std::string_view::npos)
    return false;
  bool letter = false;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') letter = true;
    else if (!(c >= '0' && c <= '9') && c != '-') return false;
  }
  return letter;
}

// An int32 port in [low, 65535].
void read_port_number(const Field& f, int low) {
  const auto v = f.int32();
  if (v && (*v < low || *v > 65535))
    f.error(fmt::format("Invalid value: {}: must be between {} and 65535, inclusive", *v, low));
}

// containers[*].ports: decoded for their types and ranges only (the model has no networking);
// the pods of a set whose ports fail validation could never be created.
void read_ports(const Field& f) {
  std::set<std::string> names;
  for (const Field& port : f.items()) {
    if (!port.expect_map()) continue;
    port.check_keys(known::kContainerPort);
    const Field number = port.get("containerPort");
    if (!number.present()) number.error("Required value");
    read_port_number(number, 1);
    if (port.get("hostPort").present()) read_port_number(port.get("hostPort"), 0);
    const Field protocol = port.get("protocol");
    if (auto p = protocol.str(); p && *p != "TCP" && *p != "UDP" && *p != "SCTP")
      protocol.error(fmt::format("Unsupported value: {}: supported values: \"SCTP\", \"TCP\", \"UDP\"", quote(*p)));
    (void)port.get("hostIP").str();
    const Field name = port.get("name");
    if (auto n = name.str(); n && !n->empty()) {
      if (!is_port_name(*n))
        name.error(fmt::format("Invalid value: {}: must be no more than 15 lower-case letters, digits or '-', "
                               "contain a letter, and not start or end with '-' nor hold \"--\" (IANA_SVC_NAME)", quote(*n)));
      else if (!names.insert(*n).second)
        name.error(fmt::format("Duplicate value: {}", quote(*n)));
    }
  }
}

// A map of resource names to quantities (requests, limits): a malformed quantity is refused when
// the API server decodes the object.
void read_quantities(const Field& f) {
  for (const auto& [name, value] : f.entries()) {
    if (auto text = value.str_or_number())
      if (auto problem = quantity_problem(*text)) value.error(fmt::format("Invalid value: {}: {}", quote(*text), *problem));
  }
}

void read_resources(const Field& f) {
  if (!f.expect_map()) return;
  f.check_keys(known::kContainerResources);
  read_quantities(f.get("limits"));
  read_quantities(f.get("requests"));
}

Container read_container(const Field& f) {
  Container c;
  if (!f.expect_map()) return c;
  f.check_keys(known::kContainer);
  c.name = f.get("name").str().value_or("");
  c.image = f.get("image").str().value_or("");
  read_ports(f.get("ports"));
  read_resources(f.get("resources"));
  return c;
}

void read_pod_spec(const Field& spec, PodTemplate& t) {
  if (!spec.expect_map()) return;
  spec.check_keys(known::kPodSpec);
  for (const Field& item : spec.get("containers").items()) t.containers.push_back(read_container(item));
  const Field restart = spec.get("restartPolicy");
  if (auto policy = restart.str(); policy && *policy != "Always")
    restart.error(fmt::format("Unsupported value: {}: supported values: \"Always\"", quote(*policy)));
  const Field deadline = spec.get("activeDeadlineSeconds");
  if (deadline.present()) deadline.error("Forbidden: activeDeadlineSeconds in StatefulSet is not Supported");
}

PodTemplate read_template(const Field& f) {
  PodTemplate t;
  if (!f.expect_map()) return t;
  f.check_keys(known::kTemplate);
  const Field meta = f.get("metadata");
  if (meta.expect_map()) {
    meta.check_keys(known::kObjectMeta);
    t.labels = meta.get("labels").string_map();
    t.annotations = meta.get("annotations").string_map();
  }
  read_pod_spec(f.get("spec"), t);
  return t;
}

// maxUnavailable: an int, or a string "N%" (IntOrString); range checks are validation's.
std::optional<IntOrPercent> read_max_unavailable(const Field& f) {
  if (!f.present()) return std::nullopt;
  if (f.is_int_scalar()) {
    const auto v = f.int32();
    return v ? std::optional<IntOrPercent>(IntOrPercent{*v, false}) : std::nullopt;
  }
  const auto text = f.scalar_text();
  if (!text) return std::nullopt;
  const std::string_view digits = std::string_view(*text).substr(0, text->size() - (text->empty() ? 0 : 1));
  const bool well_formed = f.kind_name() == "a string" && text->ends_with('%') && !digits.empty() &&
                           digits.find_first_not_of("0123456789") == std::string_view::npos;
  std::int32_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (!well_formed || ec != std::errc() || end != digits.data() + digits.size()) {
    f.error(fmt::format("Invalid value: {}: must be an integer or percentage (e.g. '5%')", quote(*text)));
    return std::nullopt;
  }
  return IntOrPercent{value, true};
}

UpdateStrategy read_update_strategy(const Field& f) {
  UpdateStrategy u{UpdateStrategyType::kRollingUpdate, 0, std::nullopt};
  if (!f.expect_map()) return u;
  f.check_keys(known::kUpdateStrategy);
  u.type = read_enum(f.get("type"), UpdateStrategyType::kRollingUpdate);
  const Field rolling = f.get("rollingUpdate");
  if (u.type == UpdateStrategyType::kOnDelete) {
    u.partition.reset();
    if (rolling.present()) rolling.error("Forbidden: only allowed for updateStrategy 'RollingUpdate'");
    return u;
  }
  if (!rolling.expect_map()) return u;
  rolling.check_keys(known::kRollingUpdate);
  u.partition = rolling.get("partition").int32().value_or(0);
  u.max_unavailable = read_max_unavailable(rolling.get("maxUnavailable"));
  return u;
}

RetentionPolicy read_retention(const Field& f) {
  RetentionPolicy r{RetentionPolicyType::kRetain, RetentionPolicyType::kRetain};
  if (!f.expect_map()) return r;
  f.check_keys(known::kRetentionPolicy);
  r.when_deleted = read_enum(f.get("whenDeleted"), RetentionPolicyType::kRetain);
  r.when_scaled = read_enum(f.get("whenScaled"), RetentionPolicyType::kRetain);
  return r;
}

// Present iff spec.ordinals is: "ordinals: {}" means start 0.
std::optional<std::int32_t> read_ordinals(const Field& f) {
  if (!f.expect_map()) return std::nullopt;
  f.check_keys(known::kOrdinals);
  return f.get("start").int32().value_or(0);
}

void read_claim_spec(const Field& spec, ClaimTemplate& c) {
  if (!spec.expect_map()) return;
  spec.check_keys(known::kClaimSpec);
  for (const Field& mode : spec.get("accessModes").items()) c.access_modes.push_back(mode.str().value_or(""));
  c.storage_class = spec.get("storageClassName").str().value_or("");
  const Field resources = spec.get("resources");
  if (!resources.expect_map()) return;
  resources.check_keys(known::kClaimResources);
  read_quantities(resources.get("limits"));
  const Field requests = resources.get("requests");
  read_quantities(requests);
  const Field storage = requests.get("storage");
  const auto text = storage.str_or_number();
  if (!text || quantity_problem(*text)) return;
  c.storage = *text;
  // PersistentVolumeClaim validation, when the controller creates the claim: a set whose claims
  // can never be created never gets a pod either.
  if (quantity_sign(*text) <= 0)
    storage.error(fmt::format("Invalid value: {}: must be greater than zero (the controller could never create "
                              "this claim, nor so any pod)", quote(*text)));
}

ClaimTemplate read_claim_template(const Field& f) {
  ClaimTemplate c;
  if (!f.expect_map()) return c;
  f.check_keys(known::kClaim);
  const Meta meta = read_metadata(f.get("metadata"));
  c.name = meta.name_generated ? std::string() : meta.name;  // claims are named, not generated
  c.labels = meta.labels;
  read_claim_spec(f.get("spec"), c);
  return c;
}

void read_spec(const Field& spec, DecodedSet& decoded) {
  StatefulSet& set = decoded.set;
  if (!spec.present()) {
    spec.error("Required value");
    return;
  }
  if (!spec.expect_map()) return;
  spec.check_keys(known::kStatefulSetSpec);
  set.replicas = spec.get("replicas").int32().value_or(1);
  set.service_name = spec.get("serviceName").str().value_or("");
  decoded.selector = read_selector(spec.get("selector"));
  set.selector = decoded.selector.match_labels;
  set.pod_template = read_template(spec.get("template"));
  set.pod_management_policy = read_enum(spec.get("podManagementPolicy"), PodManagementPolicy::kOrderedReady);
  set.update_strategy = read_update_strategy(spec.get("updateStrategy"));
  set.retention_policy = read_retention(spec.get("persistentVolumeClaimRetentionPolicy"));
  set.ordinals_start = read_ordinals(spec.get("ordinals"));
  set.min_ready_seconds = spec.get("minReadySeconds").int32().value_or(0);
  set.revision_history_limit = spec.get("revisionHistoryLimit").int32().value_or(10);
  for (const Field& item : spec.get("volumeClaimTemplates").items())
    set.volume_claim_templates.push_back(read_claim_template(item));
}

}  // namespace

std::string generated_name(std::string_view prefix) {
  constexpr std::size_t kMaxPrefix = 63 - kGeneratedNameSuffix.size();
  return std::string(prefix.substr(0, kMaxPrefix)) + std::string(kGeneratedNameSuffix);
}

DecodedSet decode_stateful_set(const Field& root) {
  DecodedSet decoded;
  StatefulSet& set = decoded.set;
  set.replicas = 1;
  set.revision_history_limit = 10;
  set.update_strategy.partition = 0;
  root.check_keys(known::kObject);
  Meta meta = read_metadata(root.get("metadata"));
  set.name = meta.name;
  set.namespace_ = meta.namespace_;
  decoded.labels = std::move(meta.labels);
  decoded.annotations = std::move(meta.annotations);
  decoded.generate_name = std::move(meta.generate_name);
  decoded.name_generated = meta.name_generated;
  read_spec(root.get("spec"), decoded);
  return decoded;
}

Service decode_service(const Field& root) {
  root.check_keys(known::kObject);
  const Meta meta = read_metadata(root.get("metadata"));
  Service service{meta.name, meta.namespace_, false};
  const Field spec = root.get("spec");
  if (spec.expect_map()) {
    spec.check_keys(known::kServiceSpec);
    service.headless = spec.get("clusterIP").str() == "None";
  }
  return service;
}

std::string document_name(const Field& root) {
  const Field meta = root.get("metadata");
  const Field name = meta.get("name");
  if (name.kind() == NodeKind::kScalar) return name.scalar_text().value_or("");
  const Field prefix = meta.get("generateName");
  if (prefix.kind() == NodeKind::kScalar) return generated_name(prefix.scalar_text().value_or(""));
  return "";
}

}  // namespace stsmc::spec
