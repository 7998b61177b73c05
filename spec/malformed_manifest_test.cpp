// Tests of the manifest loader on bad input: a table of malformed manifests, each of which must
// fail with kBadInput and a message naming the file, line:col and field path; plus limits.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/testing/text.h"
#include "spec/manifest_loader.h"

namespace stsmc::spec {
namespace {

using stsmc::testing::repeat;

using ::testing::HasSubstr;

// A valid manifest whose lines the cases edit (line numbers below refer to it).
const std::string& base() {
  static const std::string kBase = R"(apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx:1.25
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: ["ReadWriteOnce"]
        resources:
          requests:
            storage: 1Gi
)";
  return kBase;
}

// base() with the first `from` replaced by `to` (a missing `from` makes the case fail visibly).
std::string edit(const std::string& from, const std::string& to) {
  std::string s = base();
  const auto at = s.find(from);
  if (at == std::string::npos) return "edit failed: " + from;
  return s.replace(at, from.size(), to);
}

// base() with `lines` inserted after "replicas: 3" (line 7), so they start at line 8.
std::string with_spec(const std::string& lines) { return edit("  replicas: 3\n", "  replicas: 3\n" + lines); }

// A rollingUpdate field on line 10, column 7.
std::string rolling(const std::string& field) {
  return with_spec("  updateStrategy:\n    rollingUpdate:\n      " + field + "\n");
}

// Billion laughs: 12 levels of 10 aliases each.
std::string alias_bomb() {
  std::string out = "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n";
  for (char c = 'b'; c <= 'l'; ++c) {
    const std::string alias = std::string("*") + static_cast<char>(c - 1);
    out += std::string(1, c) + ": &" + c + " [" + alias + repeat(", " + alias, 9) + "]\n";
  }
  return out;
}

struct BadCase {
  std::string name;
  std::string yaml;
  std::string expected;  // substring of the error: "bad.yaml:LINE:COL: field.path: message"
  std::optional<std::string> pick = std::nullopt;
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

// Claim templates that share one 60000-item accessModes list: 1.2M nodes to read from 20 aliases.
std::string node_bomb() {
  std::string out = edit("[\"ReadWriteOnce\"]", "&m [" + repeat("ReadWriteOnce, ", 59999) + "ReadWriteOnce]");
  for (int i = 1; i < 20; ++i) out += "    - {metadata: {name: c" + std::to_string(i) + "}, spec: {accessModes: *m}}\n";
  return out;
}

const std::string kSelectorLines = "  selector:\n    matchLabels:\n      app: web\n";
const std::string kContainerLines = "        - name: nginx\n          image: nginx:1.25\n";

std::vector<BadCase> bad_cases() {
  return {
      // The file as a whole.
      {"EmptyFile", "", "bad.yaml:1:1: no StatefulSet: the file holds no YAML documents"},
      {"OnlyComments", "# nothing\n\n   # here\n---\n", "bad.yaml:1:1: no StatefulSet: the file holds no YAML documents"},
      {"BinaryJunk", "\x89PNG\r\n\x1a\n", "bad.yaml:1:1: not a text file (invalid UTF-8)"},
      {"NulBytes", std::string("apiVersion: apps/v1\nkind: State\0fulSet\n", 39), "bad.yaml:2:12: not a text file (NUL byte)"},
      {"ControlCharacter", "apiVersion: apps/v1\x07\n", "bad.yaml:1:20: not a text file (control character 0x07)"},
      {"UnclosedFlowList", edit("replicas: 3", "replicas: [3"), "bad.yaml:8:11: invalid YAML: end of sequence flow not found"},
      {"BadIndentation", edit("  serviceName: web\n", "  serviceName: web\n   replicas: 3\n"),
       "bad.yaml:7:12: invalid YAML: illegal map value"},
      {"AliasBomb", alias_bomb(), "bad.yaml:12:8: more than 100 aliases (*name); refusing a possible alias bomb"},
      {"DeepFlowNesting", "a: " + repeat("[", 10000) + repeat("]", 10000) + "\n", "bad.yaml:1:67: nested deeper than 64 levels"},
      {"DeepNestingAfterBlockScalar", "- a: |\n    text\n  b: " + repeat("[", 3000) + "\n",
       "bad.yaml:3:68: nested deeper than 64 levels"},
      {"DeepBlockNesting", repeat("- ", 100) + "x\n", "bad.yaml:1:129: nested deeper than 64 levels"},
      {"TooManyDocuments", repeat("---\n", 1'000'001), "bad.yaml:1000002:1: more than 1000000 YAML nodes"},
      {"TopLevelList", "- apiVersion: apps/v1\n- kind: StatefulSet\n", "bad.yaml:1:1: expected a Kubernetes object (a map), got a list"},
      {"TwoStatefulSetsWithoutPick", base() + "---\n" + edit("name: web", "name: api"),
       "bad.yaml:28:1: the file holds 2 StatefulSets (web, api); choose one with --statefulset NAME"},
      {"PickNotFound", base(), "bad.yaml:1:1: no StatefulSet named \"db\" in the file (it holds: web)", "db"},
      {"OnlyAService", "apiVersion: v1\nkind: Service\nmetadata: {name: web}\n",
       "bad.yaml:1:1: no StatefulSet (apiVersion apps/v1) in the file (found: Service web)"},
      {"WrongApiVersion", edit("apps/v1", "apps/v1beta1"),
       "bad.yaml:1:1: apiVersion: Unsupported value: \"apps/v1beta1\": supported values: \"apps/v1\""},
      {"MissingKind", edit("kind: StatefulSet\n", ""), "bad.yaml:1:1: kind: Required value"},
      {"SpecIsAString", "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec: hello\n",
       "bad.yaml:4:1: spec: expected a map, got a string"},
      {"DuplicateField", with_spec("  replicas: 4\n"), "bad.yaml:8:3: spec.replicas: duplicate field"},
      // metadata.
      {"UppercaseName", edit("name: web", "name: Web_App"),
       "bad.yaml:4:3: metadata.name: Invalid value: \"Web_App\": a lowercase RFC 1123 label"},
      {"DottedName", edit("name: web", "name: web.app"),  // a DNS label since Kubernetes 1.27
       "bad.yaml:4:3: metadata.name: Invalid value: \"web.app\": a lowercase RFC 1123 label"},
      {"MissingName", edit("  name: web\n", "  labels: {a: b}\n"),
       "bad.yaml:3:1: metadata.name: Required value: name or generateName is required"},
      {"BadNamespace", edit("  name: web\n", "  name: web\n  namespace: My_NS\n"),
       "bad.yaml:5:3: metadata.namespace: Invalid value: \"My_NS\": a lowercase RFC 1123 label"},
      // Numbers.
      {"NegativeReplicas", edit("replicas: 3", "replicas: -1"), "bad.yaml:7:3: spec.replicas: must be >= 0, got -1"},
      {"ReplicasWord", edit("replicas: 3", "replicas: three"),
       "bad.yaml:7:3: spec.replicas: expected an integer, got a string (\"three\")"},
      {"ReplicasQuoted", edit("replicas: 3", "replicas: \"3\""),
       "bad.yaml:7:3: spec.replicas: expected an integer, got a string (\"3\")"},
      {"ReplicasOverflow", edit("replicas: 3", "replicas: 99999999999"),
       "bad.yaml:7:3: spec.replicas: 99999999999 is out of range for a 32-bit integer"},
      {"ReplicasFloat", edit("replicas: 3", "replicas: 2.5"), "bad.yaml:7:3: spec.replicas: expected an integer, got a number (2.5)"},
      {"ReplicasOctal", edit("replicas: 3", "replicas: 010"), "bad.yaml:7:3: spec.replicas: ambiguous integer 010"},
      {"ReplicasMap", edit("replicas: 3", "replicas: {n: 3}"), "bad.yaml:7:3: spec.replicas: expected an integer, got a map"},
      {"NegativePartition", rolling("partition: -2"), "bad.yaml:10:7: spec.updateStrategy.rollingUpdate.partition: must be >= 0, got -2"},
      {"PartitionList", rolling("partition: [1]"),
       "bad.yaml:10:7: spec.updateStrategy.rollingUpdate.partition: expected an integer, got a list"},
      {"NegativeOrdinalsStart", with_spec("  ordinals:\n    start: -1\n"), "bad.yaml:9:5: spec.ordinals.start: must be >= 0, got -1"},
      {"NegativeMinReadySeconds", with_spec("  minReadySeconds: -5\n"), "bad.yaml:8:3: spec.minReadySeconds: must be >= 0, got -5"},
      {"NegativeRevisionHistoryLimit", with_spec("  revisionHistoryLimit: -1\n"),
       "bad.yaml:8:3: spec.revisionHistoryLimit: must be >= 0, got -1"},
      // Enums and strategies.
      {"BadPodManagementPolicy", with_spec("  podManagementPolicy: Foo\n"),
       "bad.yaml:8:3: spec.podManagementPolicy: Unsupported value: \"Foo\": supported values: \"OrderedReady\", \"Parallel\""},
      {"BadUpdateStrategyType", with_spec("  updateStrategy:\n    type: Sometimes\n"),
       "bad.yaml:9:5: spec.updateStrategy.type: Unsupported value: \"Sometimes\": supported values: \"RollingUpdate\", \"OnDelete\""},
      {"RollingUpdateUnderOnDelete", with_spec("  updateStrategy:\n    type: OnDelete\n    rollingUpdate: {partition: 1}\n"),
       "bad.yaml:10:5: spec.updateStrategy.rollingUpdate: Forbidden: only allowed for updateStrategy 'RollingUpdate'"},
      {"MaxUnavailableZero", rolling("maxUnavailable: 0"),
       "bad.yaml:10:7: spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: must be greater than or equal to 1"},
      {"MaxUnavailableZeroPercent", rolling("maxUnavailable: 0%"),
       "bad.yaml:10:7: spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: \"0%\": must be between 1% and 100%"},
      {"MaxUnavailable150Percent", rolling("maxUnavailable: 150%"),
       "bad.yaml:10:7: spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: \"150%\": must be between 1% and 100%"},
      {"MaxUnavailableWord", rolling("maxUnavailable: abc"),
       "bad.yaml:10:7: spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: \"abc\": must be an integer or percentage"},
      {"MaxUnavailableNegative", rolling("maxUnavailable: -1"),
       "bad.yaml:10:7: spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 1"},
      {"BadRetention", with_spec("  persistentVolumeClaimRetentionPolicy:\n    whenScaled: Keep\n"),
       "bad.yaml:9:5: spec.persistentVolumeClaimRetentionPolicy.whenScaled: Unsupported value: \"Keep\": supported values: "
       "\"Retain\", \"Delete\""},
      // Selector and template.
      {"MissingSelector", edit(kSelectorLines, ""), "bad.yaml:5:1: spec.selector: Required value"},
      {"EmptySelector", edit(kSelectorLines, "  selector: {}\n"),
       "bad.yaml:8:3: spec.selector: Invalid value: {}: empty selector is invalid for statefulset"},
      {"SelectorDoesNotMatch", edit("      app: web\n", "      app: api\n"),
       "bad.yaml:13:7: spec.template.metadata.labels: Invalid value: {\"app\": \"web\"}: `selector` does not match template `labels`"},
      {"LabelValueNumber", edit("        app: web\n", "        app: web\n        version: 1\n"),
       "bad.yaml:15:9: spec.template.metadata.labels[version]: expected a string, got a number (1); quote it"},
      {"NoContainers", edit(kContainerLines, "        []\n"), "bad.yaml:16:7: spec.template.spec.containers: Required value"},
      {"ContainersMap", edit(kContainerLines, "        name: nginx\n"),
       "bad.yaml:16:7: spec.template.spec.containers: expected a list, got a map"},
      {"ContainerWithoutImage", edit("          image: nginx:1.25\n", ""),
       "bad.yaml:17:11: spec.template.spec.containers[0].image: Required value"},
      {"DuplicateContainerNames", edit(kContainerLines, kContainerLines + kContainerLines),
       "bad.yaml:19:11: spec.template.spec.containers[1].name: Duplicate value: \"nginx\""},
      {"RestartPolicyNever", edit("      containers:\n", "      restartPolicy: Never\n      containers:\n"),
       "bad.yaml:16:7: spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""},
      {"BadServiceName", edit("serviceName: web", "serviceName: Web_1"),
       "bad.yaml:6:3: spec.serviceName: Invalid value: \"Web_1\": a lowercase RFC 1123 label"},
      // Claim templates.
      {"DuplicateClaimNames", base() + "    - metadata: {name: data}\n      spec: {accessModes: [ReadWriteOnce]}\n",
       "bad.yaml:27:18: spec.volumeClaimTemplates[1].metadata.name: Duplicate value: \"data\""},
      {"BadClaimName", edit("name: data", "name: Data_1"),
       "bad.yaml:21:9: spec.volumeClaimTemplates[0].metadata.name: Invalid value: \"Data_1\": a lowercase RFC 1123 subdomain"},
      {"BadAccessMode", edit("\"ReadWriteOnce\"", "\"RWO\""),
       "bad.yaml:23:23: spec.volumeClaimTemplates[0].spec.accessModes[0]: Unsupported value: \"RWO\""},
  };
}

class Malformed : public ::testing::TestWithParam<BadCase> {};

TEST_P(Malformed, IsRejectedWithPlaceAndPath) {
  const BadCase& c = GetParam();
  const auto r = parse_manifest(c.yaml, "bad.yaml", LoadOptions{c.pick});
  ASSERT_FALSE(r.has_value()) << "loaded: " << c.name;
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  EXPECT_TRUE(r.error().message.starts_with("bad.yaml:")) << r.error().message;
  EXPECT_THAT(r.error().message, HasSubstr(c.expected));
}

INSTANTIATE_TEST_SUITE_P(Table, Malformed, ::testing::ValuesIn(bad_cases()),
                         [](const auto& info) { return info.param.name; });

TEST(Limits, AliasesThatExpandPastTheNodeBudgetAreRefused) {
  const auto r = parse_manifest(node_bomb(), "bad.yaml");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  EXPECT_THAT(r.error().message, HasSubstr("bad.yaml:23:"));
  EXPECT_THAT(r.error().message, HasSubstr(": spec.volumeClaimTemplates["));
  EXPECT_THAT(r.error().message, HasSubstr("more than 1000000 nodes to read (an alias bomb?)"));
}

TEST(Limits, FilesOver16MiBAreRefusedUnparsed) {
  const auto r = parse_manifest(std::string((std::size_t{16} << 20) + 1, '#'), "big.yaml");
  ASSERT_FALSE(r.has_value());
  EXPECT_THAT(r.error().message, HasSubstr("big.yaml:1:1: file is 16777217 bytes"));
}

TEST(Errors, AllProblemsAreReportedOnePerLine) {
  std::string yaml = edit("replicas: 3", "replicas: -1\n  podManagementPolicy: Foo");
  yaml.replace(yaml.find("          image: nginx:1.25\n"), 27, "");
  const auto r = parse_manifest(yaml, "bad.yaml");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message,
            "bad.yaml:8:3: spec.podManagementPolicy: Unsupported value: \"Foo\": supported values: \"OrderedReady\", \"Parallel\"\n"
            "bad.yaml:7:3: spec.replicas: must be >= 0, got -1\n"
            "bad.yaml:18:11: spec.template.spec.containers[0].image: Required value");
}

TEST(Errors, ManyErrorsAreCapped) {
  const auto r = parse_manifest(edit(kContainerLines, repeat("        - {name: c}\n", 30)), "bad.yaml");
  ASSERT_FALSE(r.has_value());
  EXPECT_THAT(r.error().message, HasSubstr("Duplicate value"));
  EXPECT_THAT(r.error().message, HasSubstr("\n... and 39 more errors"));
}

}  // namespace
}  // namespace stsmc::spec
