// Reading StatefulSet and Service documents field by field, with apps/v1 defaulting, unknown-field
// warnings for every level read, and type/enum errors at the offending field.
#include "spec/decode.h"

#include <fmt/format.h>

#include <charconv>

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
  std::string namespace_ = "default";
  std::map<std::string, std::string> labels;
};

Meta read_metadata(const Field& meta) {
  Meta out;
  if (!meta.expect_map()) return out;
  meta.check_keys(known::kObjectMeta);
  out.name = meta.get("name").str().value_or("");
  if (auto ns = meta.get("namespace").str(); ns && !ns->empty()) out.namespace_ = *ns;
  out.labels = meta.get("labels").string_map();
  (void)meta.get("annotations").string_map();  // type-checked, not used
  return out;
}

std::map<std::string, std::string> read_selector(const Field& f) {
  if (!f.present()) {
    f.error("Required value");
    return {};
  }
  if (!f.expect_map()) return {};
  f.check_keys(known::kLabelSelector);
  const Field expressions = f.get("matchExpressions");
  if (expressions.present() && !(expressions.kind() == NodeKind::kList && expressions.items().empty()))
    f.diag().unsupported(expressions.pos(), expressions.path(), "not supported by stsmc (use matchLabels)");
  return f.get("matchLabels").string_map();
}

Container read_container(const Field& f) {
  Container c;
  if (!f.expect_map()) return c;
  f.check_keys(known::kContainer);
  c.name = f.get("name").str().value_or("");
  c.image = f.get("image").str().value_or("");
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
  const Field requests = resources.get("requests");
  if (requests.expect_map()) c.storage = requests.get("storage").str_or_number().value_or("");
}

ClaimTemplate read_claim_template(const Field& f) {
  ClaimTemplate c;
  if (!f.expect_map()) return c;
  f.check_keys(known::kClaim);
  const Meta meta = read_metadata(f.get("metadata"));
  c.name = meta.name;
  c.labels = meta.labels;
  read_claim_spec(f.get("spec"), c);
  return c;
}

void read_spec(const Field& spec, StatefulSet& set) {
  if (!spec.present()) {
    spec.error("Required value");
    return;
  }
  if (!spec.expect_map()) return;
  spec.check_keys(known::kStatefulSetSpec);
  set.replicas = spec.get("replicas").int32().value_or(1);
  set.service_name = spec.get("serviceName").str().value_or("");
  set.selector = read_selector(spec.get("selector"));
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

StatefulSet decode_stateful_set(const Field& root) {
  StatefulSet set{};
  set.replicas = 1;
  set.revision_history_limit = 10;
  set.update_strategy.partition = 0;
  root.check_keys(known::kObject);
  const Meta meta = read_metadata(root.get("metadata"));
  set.name = meta.name;
  set.namespace_ = meta.namespace_;
  read_spec(root.get("spec"), set);
  return set;
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
  const Field name = root.get("metadata").get("name");
  return name.kind() == NodeKind::kScalar ? name.scalar_text().value_or("") : "";
}

}  // namespace stsmc::spec
