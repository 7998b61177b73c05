// Regression tests for hostile and unusual manifest inputs (issues 15 and 16), each with its
// minimized input: stdin and FIFOs, kind: List, every set of a file, API-server parity (YAML 1.1
// booleans, quantities, the set's labels, ports, matchExpressions, serviceName, generateName),
// ranges against core/limits.h, and nesting limits on every path.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "core/testing/text.h"
#include "core/limits.h"
#include "spec/manifest_loader.h"

namespace stsmc::spec {
namespace {

using stsmc::testing::repeat;

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// A minimal valid StatefulSet named `name`; `extra_spec` is appended to its spec.
std::string sts(const std::string& name = "web", const std::string& extra_spec = "") {
  return "apiVersion: apps/v1\n"
         "kind: StatefulSet\n"
         "metadata:\n"
         "  name: " + name + "\n"
         "spec:\n"
         "  serviceName: web\n"
         "  selector:\n"
         "    matchLabels: {app: web}\n"
         "  template:\n"
         "    metadata:\n"
         "      labels: {app: web}\n"
         "    spec:\n"
         "      containers: [{name: nginx, image: nginx}]\n" + extra_spec;
}

// `text` with the first `from` replaced by `to`.
std::string edit(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) return "edit failed: " + from;
  return text.replace(at, from.size(), to);
}

// `yaml` as the item of a kind: List.
std::string as_list(const std::string& yaml) {
  std::string indented;
  for (char c : yaml) indented += c == '\n' ? std::string("\n  ") : std::string(1, c);
  return "apiVersion: v1\nkind: List\nitems:\n- " + indented + "\n";
}

LoadResult ok(const std::string& yaml, const LoadOptions& options = {}) {
  auto r = parse_manifest(yaml, "t.yaml", options);
  if (!r) ADD_FAILURE() << r.error().message;
  return r ? *r : LoadResult{};
}

// The error message of a load that must fail with kBadInput.
std::string bad(const std::string& yaml, ErrorCode code = ErrorCode::kBadInput) {
  auto r = parse_manifest(yaml, "t.yaml");
  if (r) {
    ADD_FAILURE() << "loaded:\n" << yaml;
    return "";
  }
  EXPECT_EQ(r.error().code, code) << r.error().message;
  return r.error().message;
}

std::filesystem::path temp_path(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("stsmc_inputs_" + std::to_string(::getpid()) + "_" + name);
}

// ---------------------------------------------------------------------------------------------
// Standard input and FIFOs (issue 15: `-` failed; issue 16: a FIFO as manifest blocked forever).

// Runs `body` with standard input reading `text` through a pipe.
template <class F>
auto with_stdin(const std::string& text, F body) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  std::thread writer([&] {
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::write(fds[1], text.data() + done, text.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    ::close(fds[1]);
  });
  const int saved = ::dup(STDIN_FILENO);
  ::dup2(fds[0], STDIN_FILENO);
  ::close(fds[0]);
  auto result = body();
  ::dup2(saved, STDIN_FILENO);
  ::close(saved);
  writer.join();
  return result;
}

TEST(Stdin, DashReadsStandardInput) {
  const auto r = with_stdin(sts(), [] { return load_manifest_file("-"); });
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->manifest.set.name, "web");
  EXPECT_EQ(r->manifest.source, "<stdin>");
  const auto broken = with_stdin(sts("web", "  replicas: -1\n"), [] { return load_manifest_sets("-"); });
  ASSERT_FALSE(broken.has_value());
  EXPECT_THAT(broken.error().message, HasSubstr("<stdin>:14:3: spec.replicas: must be >= 0, got -1"));
}

TEST(Stdin, MoreThan16MiBIsRefused) {
  std::signal(SIGPIPE, SIG_IGN);  // the writer finds the pipe closed once the reader gives up
  const auto r = with_stdin(std::string((std::size_t{16} << 20) + 100, '#'), [] { return load_manifest_file("-"); });
  ASSERT_FALSE(r.has_value());
  EXPECT_THAT(r.error().message, HasSubstr("<stdin>:1:1: more than 16777216 bytes"));
}

TEST(Fifo, WithoutWriterTimesOutInsteadOfBlocking) {
  const auto path = temp_path("silent.fifo");
  std::filesystem::remove(path);
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  LoadOptions options;
  options.pipe_idle_seconds = 0.2;
  const auto start = std::chrono::steady_clock::now();
  const auto r = load_manifest_file(path.string(), options);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  std::filesystem::remove(path);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  EXPECT_THAT(r.error().message, HasSubstr(path.string() + ":1:1: no data for 0.2 s from this pipe or FIFO"));
  EXPECT_LT(elapsed, std::chrono::seconds(5));
}

TEST(Fifo, WithAWriterIsRead) {
  const auto path = temp_path("writer.fifo");
  std::filesystem::remove(path);
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  const std::string text = sts();
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the reader is already waiting
    std::ofstream out(path);
    out << text;
  });
  LoadOptions options;
  options.pipe_idle_seconds = 10;
  const auto r = load_manifest_file(path.string(), options);
  writer.join();
  std::filesystem::remove(path);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->manifest.set.name, "web");
}

// ---------------------------------------------------------------------------------------------
// kind: List and every set of a file (issue 15).

// What `kubectl get sts,svc -o yaml` prints, trimmed to two objects.
const std::string kKubectlList = R"(apiVersion: v1
items:
- apiVersion: v1
  kind: Service
  metadata:
    creationTimestamp: "2024-05-01T10:00:00Z"
    name: web
    namespace: shop
    resourceVersion: "812"
    uid: 6c1d2a4e-0000-4000-8000-000000000001
  spec:
    clusterIP: None
    clusterIPs: [None]
    internalTrafficPolicy: Cluster
    ipFamilies: [IPv4]
    ipFamilyPolicy: SingleStack
    ports:
    - {name: http, port: 80, protocol: TCP, targetPort: 80}
    selector: {app: web}
    sessionAffinity: None
    type: ClusterIP
  status:
    loadBalancer: {}
- apiVersion: apps/v1
  kind: StatefulSet
  metadata:
    annotations:
      kubectl.kubernetes.io/last-applied-configuration: |
        {"apiVersion":"apps/v1","kind":"StatefulSet"}
    creationTimestamp: "2024-05-01T10:00:00Z"
    generation: 1
    labels: {app: web}
    name: web
    namespace: shop
    resourceVersion: "815"
    uid: 6c1d2a4e-0000-4000-8000-000000000002
  spec:
    persistentVolumeClaimRetentionPolicy: {whenDeleted: Retain, whenScaled: Retain}
    podManagementPolicy: OrderedReady
    replicas: 2
    revisionHistoryLimit: 10
    selector:
      matchLabels: {app: web}
    serviceName: web
    template:
      metadata:
        creationTimestamp: null
        labels: {app: web}
      spec:
        containers:
        - image: nginx:1.25
          imagePullPolicy: IfNotPresent
          name: nginx
          ports:
          - {containerPort: 80, name: http, protocol: TCP}
          resources: {}
          terminationMessagePath: /dev/termination-log
          terminationMessagePolicy: File
        dnsPolicy: ClusterFirst
        restartPolicy: Always
        schedulerName: default-scheduler
        securityContext: {}
        terminationGracePeriodSeconds: 30
    updateStrategy:
      rollingUpdate: {partition: 0}
      type: RollingUpdate
    volumeClaimTemplates:
    - apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {creationTimestamp: null, name: data}
      spec:
        accessModes: [ReadWriteOnce]
        resources:
          requests: {storage: 1Gi}
        volumeMode: Filesystem
      status: {phase: Pending}
  status:
    availableReplicas: 2
    collisionCount: 0
    currentReplicas: 2
    currentRevision: web-7c9d8f6b5
    observedGeneration: 1
    readyReplicas: 2
    replicas: 2
    updateRevision: web-7c9d8f6b5
    updatedReplicas: 2
kind: List
metadata:
  resourceVersion: ""
)";

TEST(List, KubectlGetOutputLoads) {
  const auto r = ok(kKubectlList);
  EXPECT_EQ(r.manifest.set.name, "web");
  EXPECT_EQ(r.manifest.set.namespace_, "shop");
  EXPECT_EQ(r.manifest.set.replicas, 2);
  ASSERT_TRUE(r.manifest.service.has_value());
  EXPECT_TRUE(r.manifest.service->headless);
  EXPECT_THAT(r.warnings, IsEmpty());
}

TEST(List, ItemErrorsNameTheItem) {
  const std::string list = as_list(edit(sts(), "  serviceName: web\n", "  serviceName: web\n  replica: 3\n"));
  EXPECT_THAT(bad(list), HasSubstr("t.yaml:10:5: items[0].spec.replica: unknown field (did you mean \"replicas\"?)"));
  EXPECT_THAT(bad("apiVersion: v2\nkind: List\nitems: []\n"),
              HasSubstr("t.yaml:1:1: apiVersion: Unsupported value: \"v2\": supported values: \"v1\""));
  EXPECT_THAT(bad("apiVersion: v1\nkind: List\nitems: []\n"), HasSubstr("no StatefulSet (apiVersion apps/v1) in the file (found: an empty List)"));
  EXPECT_THAT(bad("apiVersion: v1\nkind: List\nitems: [3]\n"),
              HasSubstr("t.yaml:3:9: expected a Kubernetes object (a map), got a number"));
  EXPECT_THAT(bad("apiVersion: v1\nkind: List\nitem: []\n"), HasSubstr("t.yaml:3:1: item: unknown field (did you mean \"items\"?)"));
}

TEST(List, TypedListItemsTakeTheirKindFromTheList) {
  // `kubectl get --raw /apis/apps/v1/namespaces/shop/statefulsets` leaves kind out of the items.
  std::string item = sts();
  item = item.substr(item.find("metadata:"));
  std::string indented;
  for (char c : item) indented += c == '\n' ? std::string("\n  ") : std::string(1, c);
  const auto r = parse_manifest_sets("apiVersion: apps/v1\nkind: StatefulSetList\nmetadata: {resourceVersion: \"9\"}\nitems:\n- " +
                                     indented + "\n", "t.yaml");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_EQ(r->sets.size(), 1u);
  EXPECT_EQ(r->sets[0].manifest.set.name, "web");
  EXPECT_THAT(bad("apiVersion: v1\nkind: StatefulSetList\nitems: []\n"),
              HasSubstr("t.yaml:1:1: apiVersion: Unsupported value: \"v1\": supported values: \"apps/v1\""));
}

TEST(Sets, EverySetOfAFileInOrder) {
  const std::string file = sts("web") + "---\n" + edit(kKubectlList, "name: web\n    namespace: shop\n    resourceVersion: \"815\"",
                                                        "name: db\n    namespace: shop\n    resourceVersion: \"815\"") +
                           "---\n" + sts("api");
  const auto r = parse_manifest_sets(file, "t.yaml");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_EQ(r->sets.size(), 3u);
  EXPECT_EQ(r->sets[0].manifest.set.name, "web");
  EXPECT_EQ(r->sets[0].manifest.set.namespace_, "default");
  EXPECT_FALSE(r->sets[0].manifest.service.has_value());  // its Service "web" is in namespace shop
  EXPECT_EQ(r->sets[1].manifest.set.name, "db");
  EXPECT_EQ(r->sets[1].manifest.set.namespace_, "shop");
  EXPECT_TRUE(r->sets[1].manifest.service.has_value());
  EXPECT_EQ(r->sets[2].manifest.set.name, "api");
  EXPECT_EQ(r->sets[2].line, 105);
  for (const auto& s : r->sets) EXPECT_EQ(s.manifest.source, "t.yaml");
  // The single-set API still wants a pick, and takes it.
  EXPECT_FALSE(parse_manifest(file, "t.yaml").has_value());
  const auto db = parse_manifest(file, "t.yaml", LoadOptions{"db"});
  ASSERT_TRUE(db.has_value()) << db.error().message;
  EXPECT_EQ(db->manifest.set.replicas, 2);
  const auto picked = parse_manifest_sets(file, "t.yaml", LoadOptions{"api"});
  ASSERT_TRUE(picked.has_value());
  EXPECT_EQ(picked->sets.size(), 1u);
}

TEST(Sets, AnyBadSetOrTwoOfTheSameNameFailsTheFile) {
  const auto broken = parse_manifest_sets(sts("web") + "---\n" + sts("api", "  replicas: -2\n"), "t.yaml");
  ASSERT_FALSE(broken.has_value());
  EXPECT_THAT(broken.error().message, HasSubstr("t.yaml:28:3: spec.replicas: must be >= 0, got -2"));
  const auto twice = parse_manifest_sets(sts("web") + "---\n" + sts("web"), "t.yaml");
  ASSERT_FALSE(twice.has_value());
  EXPECT_THAT(twice.error().message, HasSubstr("t.yaml:15:1: a second StatefulSet default/web in the file"));
}

// ---------------------------------------------------------------------------------------------
// API-server parity (issue 16: accepted what the API server rejects, and the reverse).

TEST(Parity, Yaml11BooleansInStringFieldsAreRejected) {
  EXPECT_THAT(bad(edit(sts(), "labels: {app: web}", "labels: {app: web, tier: yes}")),
              HasSubstr("t.yaml:11:26: spec.template.metadata.labels[tier]: expected a string, got boolean `yes` "
                        "(YAML 1.1, as kubectl reads it); quote it"));
  EXPECT_THAT(bad(edit(sts(), "image: nginx", "image: off")),
              HasSubstr("spec.template.spec.containers[0].image: expected a string, got boolean `off` (YAML 1.1"));
  EXPECT_THAT(bad(edit(sts(), "serviceName: web", "serviceName: no")),
              HasSubstr("t.yaml:6:3: spec.serviceName: expected a string, got boolean `no` (YAML 1.1"));
  EXPECT_THAT(bad(edit(sts(), "serviceName: web", "serviceName: True")),
              HasSubstr("spec.serviceName: expected a string, got boolean `True`; quote it"));
  EXPECT_THAT(bad(edit(sts(), "image: nginx", "image: 1_000")), HasSubstr("expected a string, got a number (1_000)"));
  // Quoted, they are strings.
  const auto quoted = ok(edit(sts(), "labels: {app: web}", "labels: {app: web, tier: \"yes\"}"));
  EXPECT_EQ(quoted.manifest.set.pod_template.labels.at("tier"), "yes");
}

TEST(Parity, StorageMustBeAQuantity) {
  const auto claim = [](const std::string& storage) {
    return sts("web", "  volumeClaimTemplates:\n    - metadata: {name: data}\n      spec:\n        resources:\n"
                      "          requests: {storage: " + storage + "}\n");
  };
  EXPECT_THAT(bad(claim("abc")), HasSubstr("t.yaml:18:22: spec.volumeClaimTemplates[0].spec.resources.requests.storage: "
                                           "Invalid value: \"abc\": quantities must match"));
  EXPECT_THAT(bad(claim("1Gb")), HasSubstr("Invalid value: \"1Gb\": quantities must match"));
  EXPECT_THAT(bad(claim("1Ki2")), HasSubstr("Invalid value: \"1Ki2\": unable to parse quantity's suffix"));
  EXPECT_THAT(bad(claim("-1Gi")), HasSubstr("Invalid value: \"-1Gi\": must be greater than zero"));
  EXPECT_THAT(bad(claim("0")), HasSubstr("Invalid value: \"0\": must be greater than zero"));
  for (const std::string good : {"1Gi", "500M", "1.5Gi", "10", "0.5", "1e3", "100m", "+2Ki", "3E"})
    EXPECT_EQ(ok(claim(good)).manifest.set.volume_claim_templates.at(0).storage, good) << good;
  EXPECT_THAT(bad(edit(sts(), "image: nginx}", "image: nginx, resources: {limits: {cpu: lots}}}")),
              HasSubstr("spec.template.spec.containers[0].resources.limits.cpu: Invalid value: \"lots\""));
}

TEST(Parity, TheSetsOwnLabelsAreValidated) {
  const auto with_labels = [](const std::string& labels) {
    return edit(sts(), "  name: web\n", "  name: web\n  labels: {" + labels + "}\n");
  };
  EXPECT_THAT(bad(with_labels("\"bad key\": x")),
              HasSubstr("t.yaml:5:12: metadata.labels[bad key]: Invalid value: \"bad key\": a label or annotation key"));
  EXPECT_THAT(bad(with_labels("app: " + std::string(64, 'a'))),
              HasSubstr("metadata.labels[app]: Invalid value: \"" + std::string(64, 'a') + "\": a label value must be"));
  EXPECT_THAT(bad(with_labels("app: -x")), HasSubstr("metadata.labels[app]: Invalid value: \"-x\""));
  EXPECT_THAT(ok(with_labels("app: " + std::string(63, 'a') + ", example.com/tier: db")).warnings, IsEmpty());
  EXPECT_THAT(bad(edit(sts(), "  name: web\n", "  name: web\n  annotations: {\"a b\": x}\n")),
              HasSubstr("metadata.annotations[a b]: Invalid value: \"a b\""));
}

TEST(Parity, ContainerPortsAreIntegersInRange) {
  const auto port = [](const std::string& spec) { return edit(sts(), "image: nginx}", "image: nginx, ports: [" + spec + "]}"); };
  EXPECT_THAT(bad(port("{containerPort: http}")),
              HasSubstr("t.yaml:13:57: spec.template.spec.containers[0].ports[0].containerPort: expected an integer, got a "
                        "string (\"http\")"));
  EXPECT_THAT(bad(port("{containerPort: 0}")), HasSubstr("containerPort: Invalid value: 0: must be between 1 and 65535"));
  EXPECT_THAT(bad(port("{containerPort: 65536}")), HasSubstr("Invalid value: 65536: must be between 1 and 65535"));
  EXPECT_THAT(bad(port("{name: p}")), HasSubstr("ports[0].containerPort: Required value"));
  EXPECT_THAT(bad(port("{containerPort: 80, hostPort: -1}")), HasSubstr("hostPort: Invalid value: -1: must be between 0"));
  EXPECT_THAT(bad(port("{containerPort: 80, protocol: HTTP}")), HasSubstr("protocol: Unsupported value: \"HTTP\""));
  EXPECT_THAT(bad(port("{containerPort: 80, name: http-server-port}")), HasSubstr("ports[0].name: Invalid value"));
  EXPECT_THAT(bad(port("{containerPort: 80, name: h}, {containerPort: 81, name: h}")),
              HasSubstr("ports[1].name: Duplicate value: \"h\""));
  EXPECT_THAT(bad(port("{containerPort: 80, nmae: h}")), HasSubstr("ports[0].nmae: unknown field (did you mean \"name\"?)"));
  EXPECT_THAT(ok(port("{containerPort: 65535, name: web, protocol: UDP, hostPort: 0}")).warnings, IsEmpty());
}

TEST(Parity, MatchExpressionsAreSupported) {
  const auto selector = [](const std::string& s) { return edit(sts(), "    matchLabels: {app: web}\n", s); };
  const auto in = ok(selector("    matchExpressions: [{key: app, operator: In, values: [web, api]}]\n"));
  EXPECT_TRUE(in.manifest.set.selector.empty());  // the model's map holds matchLabels only
  ASSERT_EQ(in.selector.match_expressions.size(), 1u);
  EXPECT_THAT(describe(in.manifest, in.selector), HasSubstr("app in (api,web)"));
  const auto mixed = ok(selector("    matchLabels: {app: web}\n    matchExpressions:\n"
                                 "      - {key: tier, operator: NotIn, values: [cache]}\n"
                                 "      - {key: canary, operator: DoesNotExist}\n      - {key: app, operator: Exists}\n"));
  EXPECT_THAT(describe(mixed.manifest, mixed.selector), HasSubstr("app=web,tier notin (cache),!canary,app"));
  EXPECT_THAT(bad(selector("    matchExpressions: [{key: app, operator: NotIn, values: [web]}]\n")),
              HasSubstr("t.yaml:11:7: spec.template.metadata.labels: Invalid value: {\"app\": \"web\"}: `selector` does not "
                        "match template `labels` (selector: app notin (web))"));
  EXPECT_THAT(bad(selector("    matchExpressions: [{key: app, operator: Exists, values: [web]}]\n")),
              HasSubstr("spec.selector.matchExpressions[0].values: Forbidden: may not be specified"));
  EXPECT_THAT(bad(selector("    matchExpressions: [{key: app, operator: In}]\n")),
              HasSubstr("spec.selector.matchExpressions[0].values: Required value"));
  EXPECT_THAT(bad(selector("    matchExpressions: [{key: app, operator: Like, values: [web]}]\n")),
              HasSubstr("t.yaml:8:35: spec.selector.matchExpressions[0].operator: Unsupported value: \"Like\": supported "
                        "values: \"In\", \"NotIn\", \"Exists\", \"DoesNotExist\""));
  EXPECT_THAT(bad(selector("    matchExpressions: [{key: \"a b\", operator: Exists}]\n")),
              HasSubstr("spec.selector.matchExpressions[0].key: Invalid value: \"a b\""));
  EXPECT_THAT(bad(selector("    matchExpressions: [{key: app, operator: In, values: [\"-\"]}]\n")),
              HasSubstr("spec.selector.matchExpressions[0].values[0]: Invalid value: \"-\""));
  EXPECT_THAT(bad(selector("    matchExpressions: []\n")), HasSubstr("spec.selector: Invalid value: {}: empty selector"));
}

TEST(Parity, EmptyServiceNameIsAccepted) {
  const auto r = ok(edit(sts(), "  serviceName: web\n", ""));
  EXPECT_EQ(r.manifest.set.service_name, "");
  EXPECT_FALSE(r.manifest.service.has_value());
  EXPECT_THAT(describe(r.manifest), HasSubstr("(none: serviceName is empty"));
  EXPECT_EQ(ok(edit(sts(), "serviceName: web", "serviceName: \"\"")).manifest.set.service_name, "");
}

TEST(Parity, GenerateNameWithoutNameGetsADeterministicName) {
  const auto r = ok(edit(sts(), "  name: web\n", "  generateName: web-\n"));
  EXPECT_EQ(r.manifest.set.name, "web-00000");
  EXPECT_THAT(r.warnings, ElementsAre(HasSubstr("t.yaml:4:3: metadata.generateName: no metadata.name; the API server "
                                                "would append 5 random characters, stsmc names the set \"web-00000\"")));
  EXPECT_EQ(ok(edit(sts(), "  name: web\n", "  name: web\n  generateName: x-\n")).manifest.set.name, "web");
  EXPECT_EQ(ok(edit(sts(), "  name: web\n", "  generateName: " + std::string(60, 'a') + "\n")).manifest.set.name,
            std::string(58, 'a') + "00000");  // cut to 58, as names.SimpleNameGenerator does
  EXPECT_THAT(bad(edit(sts(), "  name: web\n", "  generateName: " + std::string(64, 'a') + "\n")),
              HasSubstr("metadata.generateName: Invalid value"));  // validated itself, before the cut
  EXPECT_THAT(bad(edit(sts(), "  name: web\n", "  generateName: Web-\n")),
              HasSubstr("t.yaml:4:3: metadata.generateName: Invalid value: \"Web-\""));
  // Picked by its generated name.
  EXPECT_TRUE(parse_manifest(edit(sts(), "  name: web\n", "  generateName: web-\n"), "t.yaml", LoadOptions{"web-00000"}));
}

TEST(Parity, LongNamesWarnThatPodsCannotBeCreated) {
  const auto r = ok(sts(std::string(53, 'w')));
  EXPECT_THAT(r.warnings, ElementsAre(HasSubstr("metadata.name: 53 characters is accepted by the API server, but pod")));
  EXPECT_THAT(ok(sts(std::string(52, 'w'))).warnings, IsEmpty());
}

// ---------------------------------------------------------------------------------------------
// Ranges (issue 16: replicas 1000000000 died in bad_alloc; start 2147483647 overflowed).

TEST(Ranges, ReplicasAboveTheModelsLimitAreRefused) {
  const std::string message = bad(sts("web", "  replicas: 1000000000\n"), ErrorCode::kUnsupported);
  EXPECT_THAT(message, HasSubstr("t.yaml:14:3: spec.replicas: 1000000000 replicas is more than stsmc models (at most 1000, "
                                 "core/limits.h kMaxReplicas)"));
  EXPECT_THAT(message, HasSubstr("check a copy of the manifest with fewer replicas"));
  EXPECT_THAT(bad(sts("web", "  replicas: " + std::to_string(limits::kMaxReplicas + 1) + "\n"), ErrorCode::kUnsupported),
              HasSubstr("spec.replicas: 1001 replicas"));
  EXPECT_EQ(ok(sts("web", "  replicas: " + std::to_string(limits::kMaxReplicas) + "\n")).manifest.set.replicas,
            limits::kMaxReplicas);
}

TEST(Ranges, LargestStartOrdinalDoesNotOverflow) {
  const auto r = ok(sts("web", "  replicas: 1\n  ordinals: {start: 2147483647}\n"));
  EXPECT_EQ(r.manifest.set.start_ordinal(), 2147483647);
  const std::string text = describe(r.manifest);
  EXPECT_THAT(text, HasSubstr("2147483647..2147483647"));
  EXPECT_THAT(text, HasSubstr("web-2147483647.web.default.svc.cluster.local"));
  EXPECT_THAT(text, Not(HasSubstr("-2147483648")));
  const auto many = ok(sts("web", "  replicas: 1000\n  ordinals: {start: 2147483647}\n"));
  EXPECT_THAT(describe(many.manifest), HasSubstr("2147483647..2147484646"));
  EXPECT_THAT(describe(many.manifest), HasSubstr("web-2147484646."));
}

TEST(Ranges, IntFieldsOutOfTheirApiRangeNameTheField) {
  EXPECT_THAT(bad(sts("web", "  ordinals: {start: 2147483648}\n")),
              HasSubstr("t.yaml:14:14: spec.ordinals.start: 2147483648 is out of range for a 32-bit integer"));
  EXPECT_THAT(bad(sts("web", "  minReadySeconds: -1\n")), HasSubstr("spec.minReadySeconds: must be >= 0, got -1"));
  EXPECT_THAT(bad(sts("web", "  minReadySeconds: 9999999999\n")), HasSubstr("spec.minReadySeconds: 9999999999 is out of range"));
  EXPECT_THAT(bad(sts("web", "  revisionHistoryLimit: -2147483649\n")), HasSubstr("spec.revisionHistoryLimit: -2147483649 is out of range"));
  EXPECT_THAT(bad(sts("web", "  updateStrategy: {rollingUpdate: {maxUnavailable: 2147483648}}\n")),
              HasSubstr("spec.updateStrategy.rollingUpdate.maxUnavailable: 2147483648 is out of range"));
  EXPECT_THAT(bad(sts("web", "  updateStrategy: {rollingUpdate: {maxUnavailable: 99999999999%}}\n")),
              HasSubstr("spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: \"99999999999%\""));
}

// ---------------------------------------------------------------------------------------------
// Nesting on every path (text, aliases, List items).

TEST(Depth, DeepValuesInUnreadFieldsAreRefusedBeforeParsing) {
  EXPECT_THAT(bad(sts("web", "  x: " + repeat("[", 70) + repeat("]", 70) + "\n")), HasSubstr("nested deeper than 64 levels"));
  EXPECT_THAT(bad(sts("web", "  x: " + repeat("{a: ", 70) + "1" + repeat("}", 70) + "\n")), HasSubstr("nested deeper than 64 levels"));
}

TEST(Depth, NestedListsAreBounded) {
  std::string list = sts();
  for (int i = 0; i < 40; ++i) list = as_list(list);
  EXPECT_THAT(bad(list), HasSubstr("nested deeper than 64 levels"));
  std::string shallow = sts();
  for (int i = 0; i < 3; ++i) shallow = as_list(shallow);
  const auto r = parse_manifest_sets(shallow, "t.yaml");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->sets.size(), 1u);
}

TEST(Depth, AliasesOfDeepValuesAreWalkedWithinTheLimit) {
  // A 50-deep value aliased inside other values: deeper in the node graph than in the text,
  // and no walk recurses through it.
  const std::string deep = "&d " + repeat("[", 50) + repeat("]", 50);
  const std::string yaml = sts("web", "  x: " + deep + "\n  y: " + repeat("[", 3) + "*d" + repeat("]", 3) + "\n");
  const std::string message = bad(yaml);
  EXPECT_THAT(message, HasSubstr("spec.x: unknown field"));
  const std::string in_labels = edit(sts(), "labels: {app: web}", "labels: {app: web, x: " + deep + "}");
  EXPECT_THAT(bad(in_labels), HasSubstr("spec.template.metadata.labels[x]: expected a string, got a list"));
}

}  // namespace
}  // namespace stsmc::spec
