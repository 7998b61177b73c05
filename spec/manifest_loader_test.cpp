// Tests of the manifest loader on good input: the bundled examples, defaulting, picking a set,
// the governing Service, strict fields (unknown and duplicate fields), warnings (ignored documents,
// --allow-unknown-fields) and describe().
#include "spec/manifest_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace stsmc::spec {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const std::string kExamples = STSMC_SOURCE_DIR "/spec/examples/";

LoadResult load_example(const std::string& file) {
  auto r = load_manifest_file(kExamples + file);
  if (!r) ADD_FAILURE() << r.error().message;
  return r ? *r : LoadResult{};
}

LoadResult parse_ok(const std::string& yaml, const LoadOptions& options = {}) {
  auto r = parse_manifest(yaml, "t.yaml", options);
  if (!r) ADD_FAILURE() << r.error().message;
  return r ? *r : LoadResult{};
}

std::string repeat_text(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// A minimal valid StatefulSet; `extra_spec` is appended to its spec (2-space indented lines).
std::string minimal(const std::string& extra_spec = "") {
  return "apiVersion: apps/v1\n"
         "kind: StatefulSet\n"
         "metadata:\n"
         "  name: web\n"
         "spec:\n"
         "  serviceName: web\n"
         "  selector:\n"
         "    matchLabels: {app: web}\n"
         "  template:\n"
         "    metadata:\n"
         "      labels: {app: web}\n"
         "    spec:\n"
         "      containers: [{name: nginx, image: nginx}]\n" +
         extra_spec;
}

TEST(Examples, EveryExampleLoadsWithoutWarnings) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kExamples)) {
    if (entry.path().extension() != ".yaml") continue;
    ++count;
    auto r = load_manifest_file(entry.path().string());
    ASSERT_TRUE(r.has_value()) << r.error().message;
    // The one note an example may carry: a document of another kind (orders.yaml holds a
    // Deployment next to its Service and StatefulSet, as real files do) is named and skipped.
    std::vector<std::string> problems;
    for (const auto& w : r->warnings)
      if (w.find(": ignoring document of kind Deployment") == std::string::npos) problems.push_back(w);
    EXPECT_THAT(problems, IsEmpty()) << entry.path();
    EXPECT_EQ(r->manifest.source, entry.path().string());
  }
  EXPECT_GE(count, 5);
}

TEST(Examples, MyApp) {
  const auto m = load_example("myapp.yaml").manifest;
  EXPECT_EQ(m.set.name, "myapp");
  EXPECT_EQ(m.set.namespace_, "default");
  EXPECT_EQ(m.set.service_name, "myapp-svc");
  ASSERT_TRUE(m.service.has_value());
  EXPECT_EQ(*m.service, (Service{"myapp-svc", "default", true}));
  EXPECT_EQ(m.set.replicas, 2);
  EXPECT_EQ(m.set.pod_template.image(), "192.168.10.110/k8s/myapp:v1");
  EXPECT_EQ(m.set.selector, (std::map<std::string, std::string>{{"app", "myapp-pod"}}));
  ASSERT_EQ(m.set.volume_claim_templates.size(), 1u);
  const auto& claim = m.set.volume_claim_templates[0];
  EXPECT_EQ(claim.name, "myappdata");
  EXPECT_EQ(claim.storage, "1Gi");
  EXPECT_EQ(claim.storage_class, "nfs");
  EXPECT_THAT(claim.access_modes, ElementsAre("ReadWriteOnce"));
  EXPECT_EQ(m.pod_dns_name(1), "myapp-1.myapp-svc.default.svc.cluster.local");
}

TEST(Examples, CacheAutoDelete) {
  const auto s = load_example("cache-autodelete.yaml").manifest.set;
  EXPECT_EQ(s.ordinals_start, 1);
  EXPECT_EQ(s.replicas, 4);
  EXPECT_EQ(s.update_strategy.max_unavailable, (IntOrPercent{50, true}));
  EXPECT_EQ(s.update_strategy.partition, 0);
  EXPECT_EQ(s.retention_policy, (RetentionPolicy{RetentionPolicyType::kDelete, RetentionPolicyType::kDelete}));
}

TEST(Examples, DbCanary) {
  const auto s = load_example("db-canary.yaml").manifest.set;
  EXPECT_EQ(s.update_strategy.type, UpdateStrategyType::kRollingUpdate);
  EXPECT_EQ(s.update_strategy.partition, 2);
  EXPECT_EQ(s.update_strategy.max_unavailable, std::nullopt);
  EXPECT_EQ(s.min_ready_seconds, 10);
  ASSERT_EQ(s.volume_claim_templates.size(), 2u);
  EXPECT_EQ(s.volume_claim_templates[1].name, "wal");
  EXPECT_EQ(s.volume_claim_templates[1].storage, "2Gi");
}

TEST(Examples, QueueOnDelete) {
  const auto s = load_example("queue-ondelete.yaml").manifest.set;
  EXPECT_EQ(s.update_strategy.type, UpdateStrategyType::kOnDelete);
  EXPECT_EQ(s.update_strategy.partition, std::nullopt);
  EXPECT_EQ(s.retention_policy, (RetentionPolicy{RetentionPolicyType::kRetain, RetentionPolicyType::kDelete}));
}

TEST(Examples, WebParallel) {
  const auto m = load_example("web-parallel.yaml").manifest;
  EXPECT_EQ(m.set.pod_management_policy, PodManagementPolicy::kParallel);
  EXPECT_EQ(m.set.namespace_, "shop");
  EXPECT_FALSE(m.service.has_value());
  EXPECT_EQ(m.pod_dns_name(0), "web-0.nginx.shop.svc.cluster.local");
}

TEST(Defaults, MinimalManifestGetsTheApiServerDefaults) {
  const auto r = parse_ok(minimal());
  const auto& s = r.manifest.set;
  EXPECT_THAT(r.warnings, IsEmpty());
  EXPECT_EQ(s.namespace_, "default");
  EXPECT_EQ(s.replicas, 1);
  EXPECT_EQ(s.pod_management_policy, PodManagementPolicy::kOrderedReady);
  EXPECT_EQ(s.update_strategy, (UpdateStrategy{UpdateStrategyType::kRollingUpdate, 0, std::nullopt}));
  EXPECT_EQ(s.retention_policy, (RetentionPolicy{RetentionPolicyType::kRetain, RetentionPolicyType::kRetain}));
  EXPECT_EQ(s.ordinals_start, std::nullopt);
  EXPECT_EQ(s.min_ready_seconds, 0);
  EXPECT_EQ(s.revision_history_limit, 10);
  EXPECT_THAT(s.volume_claim_templates, IsEmpty());
  EXPECT_FALSE(r.manifest.service.has_value());
}

TEST(Defaults, EmptyOrdinalsMeansStartZero) {
  EXPECT_EQ(parse_ok(minimal("  ordinals: {}\n")).manifest.set.ordinals_start, 0);
  EXPECT_EQ(parse_ok(minimal("  ordinals:\n    start: 5\n")).manifest.set.ordinals_start, 5);
}

TEST(Defaults, EmptyStringsAndNullsTakeDefaults) {
  const auto s = parse_ok(minimal("  replicas:\n  podManagementPolicy: \"\"\n  updateStrategy: {type: \"\"}\n")).manifest.set;
  EXPECT_EQ(s.replicas, 1);
  EXPECT_EQ(s.pod_management_policy, PodManagementPolicy::kOrderedReady);
  EXPECT_EQ(s.update_strategy.type, UpdateStrategyType::kRollingUpdate);
}

TEST(Fields, MaxUnavailableAsIntegerAndRevisionHistory) {
  const auto s = parse_ok(minimal("  updateStrategy:\n    rollingUpdate: {maxUnavailable: 2, partition: 1}\n"
                                  "  revisionHistoryLimit: 0\n")).manifest.set;
  EXPECT_EQ(s.update_strategy.max_unavailable, (IntOrPercent{2, false}));
  EXPECT_EQ(s.update_strategy.partition, 1);
  EXPECT_EQ(s.revision_history_limit, 0);
}

TEST(Fields, YamlMergeKeysAreHonoured) {
  const auto s = parse_ok(minimal("  minReadySeconds: 3\n  ordinals:\n    <<: {start: 7}\n")).manifest.set;
  EXPECT_EQ(s.ordinals_start, 7);
  EXPECT_EQ(s.min_ready_seconds, 3);
}

TEST(Pick, ChoosesTheNamedStatefulSet) {
  std::string two = minimal() + "---\n" + minimal();
  two.replace(two.rfind("name: web"), 9, "name: api");
  const auto r = parse_ok(two, LoadOptions{"api"});
  EXPECT_EQ(r.manifest.set.name, "api");
  EXPECT_EQ(parse_ok(two, LoadOptions{"web"}).manifest.set.name, "web");
}

TEST(Service, MustMatchServiceNameAndNamespace) {
  const std::string svc = "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: other}\n"
                          "spec: {clusterIP: None}\n---\n";
  const auto r = parse_ok(svc + minimal());
  EXPECT_FALSE(r.manifest.service.has_value());
  EXPECT_THAT(r.warnings, ElementsAre(HasSubstr("t.yaml:1:1: ignoring Service web in namespace other")));

  const auto plain = parse_ok("apiVersion: v1\nkind: Service\nmetadata: {name: web}\n---\n" + minimal());
  ASSERT_TRUE(plain.manifest.service.has_value());
  EXPECT_FALSE(plain.manifest.service->headless);
  EXPECT_THAT(plain.warnings, IsEmpty());
}

// Issue 15: `replica: 3` and `podManagmentPolicy: Parallel` made `check` verify a 1-replica
// OrderedReady set. Unknown fields are errors, with the closest known field.
TEST(StrictFields, UnknownFieldsAreErrorsWithDidYouMean) {
  const auto r = parse_manifest(minimal("  replica: 3\n  podManagmentPolicy: Parallel\n  template2: {}\n"), "t.yaml");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  EXPECT_THAT(r.error().message, HasSubstr("t.yaml:14:3: spec.replica: unknown field (did you mean \"replicas\"?)\n"
                                           "t.yaml:15:3: spec.podManagmentPolicy: unknown field (did you mean "
                                           "\"podManagementPolicy\"?)\n"
                                           "t.yaml:16:3: spec.template2: unknown field (did you mean \"template\"?)"));
  EXPECT_THAT(r.error().message, HasSubstr("--allow-unknown-fields makes them warnings"));
  const auto far = parse_manifest(minimal("  zzz: 1\n"), "t.yaml");
  ASSERT_FALSE(far.has_value());
  EXPECT_THAT(far.error().message, HasSubstr("t.yaml:14:3: spec.zzz: unknown field\n"));
  const auto deep = parse_manifest(minimal("  volumeClaimTemplates:\n    - metadata: {name: d}\n      spec: {sizee: 1}\n"), "t.yaml");
  ASSERT_FALSE(deep.has_value());
  EXPECT_THAT(deep.error().message, HasSubstr("t.yaml:16:14: spec.volumeClaimTemplates[0].spec.sizee: unknown field"));
}

TEST(StrictFields, AllowUnknownFieldsMakesThemWarnings) {
  LoadOptions lenient;
  lenient.allow_unknown_fields = true;
  const auto r = parse_ok(minimal("  replica: 3\n  template2: {}\n"), lenient);
  EXPECT_EQ(r.manifest.set.replicas, 1);
  EXPECT_THAT(r.warnings, ElementsAre("t.yaml:14:3: spec.replica: unknown field (did you mean \"replicas\"?)",
                                      "t.yaml:15:3: spec.template2: unknown field (did you mean \"template\"?)"));
}

TEST(StrictFields, DuplicateFieldsAreErrorsOrTheLastOneCounts) {
  const std::string yaml = minimal("  replicas: 2\n  replicas: 5\n");
  const auto strict = parse_manifest(yaml, "t.yaml");
  ASSERT_FALSE(strict.has_value());
  EXPECT_THAT(strict.error().message, HasSubstr("t.yaml:15:3: spec.replicas: duplicate field"));
  LoadOptions lenient;
  lenient.allow_unknown_fields = true;
  const auto r = parse_ok(yaml, lenient);
  EXPECT_EQ(r.manifest.set.replicas, 5);  // as kubectl's YAML reader: the last one
  EXPECT_THAT(r.warnings, ElementsAre("t.yaml:15:3: spec.replicas: duplicate field"));
  const std::string labels = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\n  labels: {a: p, a: q}\n" +
                             minimal().substr(minimal().find("spec:"));
  const auto dup = parse_manifest(labels, "t.yaml");
  ASSERT_FALSE(dup.has_value());
  EXPECT_THAT(dup.error().message, HasSubstr("t.yaml:5:18: metadata.labels[a]: duplicate key"));
}

TEST(Warnings, KnownButIgnoredFieldsAreSilent) {
  const std::string yaml = R"(apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
  labels: {tier: db}
  annotations: {note: "x"}
spec:
  serviceName: web
  persistentVolumeClaimRetentionPolicy: {whenDeleted: Retain}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}, annotations: {a: b}}
    spec:
      terminationGracePeriodSeconds: 10
      serviceAccountName: sa
      nodeSelector: {disk: ssd}
      affinity: {}
      tolerations: [{key: k, operator: Exists}]
      securityContext: {fsGroup: 1000}
      initContainers: [{name: init, image: busybox}]
      volumes: [{name: cfg, configMap: {name: cfg}}]
      containers:
        - name: db
          image: postgres:16
          ports: [{containerPort: 5432}]
          volumeMounts: [{name: data, mountPath: /var/lib/postgresql}]
          env: [{name: A, value: "1"}]
          resources: {requests: {cpu: 100m}}
          command: [postgres]
          args: ["-c", "x=1"]
          readinessProbe: {exec: {command: [true]}}
          livenessProbe: {tcpSocket: {port: 5432}}
          imagePullPolicy: IfNotPresent
  volumeClaimTemplates:
    - apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: data, labels: {app: web}}
      spec:
        accessModes: [ReadWriteOnce]
        volumeMode: Filesystem
        resources: {requests: {storage: 5}}
status: {replicas: 0}
)";
  const auto r = parse_ok(yaml);
  EXPECT_THAT(r.warnings, IsEmpty());
  EXPECT_EQ(r.manifest.set.volume_claim_templates.at(0).storage, "5");
  EXPECT_EQ(r.manifest.set.pod_template.annotations.at("a"), "b");
}

TEST(Warnings, OtherKindsAreIgnoredWithAWarning) {
  const auto r = parse_ok("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n" + minimal());
  EXPECT_THAT(r.warnings, ElementsAre("t.yaml:1:1: ignoring document of kind ConfigMap"));
  EXPECT_EQ(r.manifest.set.name, "web");
}

TEST(Text, BracketsQuotesAndStarsInsideStringsAreNotStructure) {
  const std::string brackets(100, '[');
  const std::string stars = "*a *b *c *d *e *f *g *h *i *j ";
  const std::string yaml = minimal() +
                           "  # a comment " + brackets + "\n"
                           "  revisionHistoryLimit: 3 # " + brackets + "\n"
                           "  volumeClaimTemplates:\n"
                           "    - metadata:\n"
                           "        name: d\n"
                           "        annotations:\n"
                           "          block: |\n"
                           "            " + brackets + "\n"
                           "            " + repeat_text(stars, 20) + "\n"
                           "          folded: >-\n"
                           "            " + brackets + "\n"
                           "          double: \"" + brackets + " \\\" " + repeat_text(stars, 20) + "\"\n"
                           "          single: '" + brackets + " '' " + repeat_text(stars, 20) + "'\n"
                           "          plain: a " + brackets + " " + repeat_text(stars, 20) + "\n"
                           "          multi: \"first line " + brackets + "\n"
                           "            second line " + brackets + "\"\n";
  const auto r = parse_ok(yaml);
  EXPECT_THAT(r.warnings, IsEmpty());
  EXPECT_EQ(r.manifest.set.revision_history_limit, 3);
  EXPECT_EQ(r.manifest.set.volume_claim_templates.at(0).name, "d");
}

TEST(Text, CrLfLineEndingsAndByteOrderMarkAreFine) {
  std::string crlf;
  for (char c : minimal("  replicas: 4\n")) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  EXPECT_EQ(parse_ok(crlf).manifest.set.replicas, 4);
  EXPECT_EQ(parse_ok("\xEF\xBB\xBF" + minimal("  replicas: 5\n")).manifest.set.replicas, 5);
}

TEST(Files, MissingFileIsAnIoError) {
  const auto r = load_manifest_file("/nonexistent/dir/web.yaml");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
  EXPECT_THAT(r.error().message, HasSubstr("/nonexistent/dir/web.yaml"));
  const auto dir = load_manifest_file(kExamples);
  ASSERT_FALSE(dir.has_value());
  EXPECT_EQ(dir.error().code, ErrorCode::kIo);
}

TEST(Files, BinaryFileOnDiskIsRejected) {
  const auto path = std::filesystem::temp_directory_path() / "stsmc_spec_junk.yaml";
  {
    std::ofstream out(path, std::ios::binary);
    out << std::string("kind: \xff\xfe\x00\x01", 10);
  }
  const auto r = load_manifest_file(path.string());
  std::filesystem::remove(path);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  EXPECT_THAT(r.error().message, HasSubstr("stsmc_spec_junk.yaml:1:7: not a text file"));
}

TEST(Describe, ShowsWhatTheModelSees) {
  const auto text = describe(load_example("myapp.yaml").manifest);
  EXPECT_THAT(text, HasSubstr("default/myapp"));
  EXPECT_THAT(text, HasSubstr("myapp-svc (headless)"));
  EXPECT_THAT(text, HasSubstr("0..1"));
  EXPECT_THAT(text, HasSubstr("RollingUpdate, partition 0, maxUnavailable (gate default)"));
  EXPECT_THAT(text, HasSubstr("whenDeleted Retain, whenScaled Retain"));
  EXPECT_THAT(text, HasSubstr("nginx: 192.168.10.110/k8s/myapp:v1"));
  EXPECT_THAT(text, HasSubstr("myappdata (1Gi, ReadWriteOnce, storageClass nfs)"));
  EXPECT_THAT(text, HasSubstr("myapp-0.myapp-svc.default.svc.cluster.local"));
  EXPECT_THAT(text, HasSubstr("myapp-1.myapp-svc.default.svc.cluster.local"));
}

TEST(Describe, ManyPodsAreElided) {
  auto m = load_example("web-parallel.yaml").manifest;
  m.set.replicas = 2'000'000'000;
  m.set.ordinals_start = 2'000'000'000;
  const auto text = describe(m);
  EXPECT_THAT(text, HasSubstr("(no Service in file)"));
  EXPECT_THAT(text, HasSubstr("more)"));
  EXPECT_THAT(text, HasSubstr("web-3999999999.nginx.shop.svc.cluster.local"));
  EXPECT_LT(text.size(), 4000u);
}

}  // namespace
}  // namespace stsmc::spec
