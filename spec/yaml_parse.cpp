// Guarded yaml-cpp parsing: a dry run through YAML::Parser with a counting event handler (no
// nodes built), which also notices when the parser stops making progress, then YAML::LoadAll.
#include "spec/yaml_parse.h"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <optional>
#include <sstream>

#include "spec/text_util.h"
#include "spec/yaml_reader.h"

namespace stsmc::spec {

namespace {

struct Limit {
  Pos pos;
  std::string message;
};

// Counts nodes and aliases; throws Limit when there are too many.
class CountingHandler : public YAML::EventHandler {
 public:
  YAML::Mark document_start;

  void OnDocumentStart(const YAML::Mark& mark) override { document_start = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    node(mark);
    if (++aliases_ > kMaxAliases)
      throw Limit{pos_of(mark), fmt::format("more than {} aliases (*name); refusing a possible alias bomb", kMaxAliases)};
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string&) override { node(mark); }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnMapEnd() override {}

 private:
  void node(const YAML::Mark& mark) {
    if (++nodes_ > kMaxYamlNodes)
      throw Limit{pos_of(mark), fmt::format("more than {} YAML nodes; too large to load", kMaxYamlNodes)};
  }
  std::size_t nodes_ = 0;
  int aliases_ = 0;
};

// Runs the parser over every document without building nodes.
std::optional<Limit> dry_run(std::string_view text) {
  std::istringstream in{std::string(text)};
  YAML::Parser parser(in);
  CountingHandler handler;
  std::optional<YAML::Mark> previous;
  try {
    while (parser.HandleNextDocument(handler)) {
      const auto& start = handler.document_start;
      if (previous && previous->pos == start.pos) {  // no token consumed: LoadAll would loop forever
        const auto at = static_cast<std::size_t>(start.pos);
        const std::string what = at < text.size() ? quote(text.substr(at, 1)) : "end of file";
        return Limit{pos_of(start), fmt::format("invalid YAML: unexpected {} here", what)};
      }
      previous = start;
    }
  } catch (const Limit& limit) {
    return limit;
  }
  return std::nullopt;
}

}  // namespace

Error located(const std::string& source, Pos pos, std::string_view message) {
  return bad_input(fmt::format("{}:{}:{}: {}", source, pos.line, pos.col, message));
}

Expected<std::vector<YAML::Node>> parse_yaml_documents(std::string_view text, const std::string& source) {
  try {
    if (auto limit = dry_run(text)) return located(source, limit->pos, limit->message);
    return YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    return located(source, pos_of(e.mark), "invalid YAML: " + e.msg);
  }
}

}  // namespace stsmc::spec
