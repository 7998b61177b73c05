// Reading a recorded watch history into events: concatenated JSON documents, a JSON array, or a
// kind: List, from a file or stdin (docs/validate.md §2). Mapping them onto the model's state is
// validate/state_mapping.cpp.
#include "validate/history.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "validate/json_fields.h"

namespace stsmc::validate {

namespace {

using namespace detail;

/// Deeper documents are refused (kubectl's objects nest about 15 levels).
constexpr int kMaxNesting = 100;

/// A document's position and text.
struct Document {
  std::size_t begin = 0, end = 0, line = 1;
};

/// Splits concatenated JSON documents (objects or arrays) at the top level, counting lines.
Expected<std::vector<Document>> split_documents(const std::string& text, const std::string& source) {
  std::vector<Document> docs;
  std::size_t i = 0, line = 1;
  const std::size_t n = text.size();
  while (true) {
    while (i < n && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) {
      if (text[i] == '\n') ++line;
      ++i;
    }
    if (i == n) break;
    if (text[i] != '{' && text[i] != '[')
      return input_error(source, line, std::string("expected a JSON object or array, found '") + text[i] + "'");
    Document d{i, i, line};
    int depth = 0;
    bool in_string = false, escape = false;
    for (; i < n; ++i) {
      const char c = text[i];
      if (c == '\n') ++line;
      if (in_string) {
        if (escape) escape = false;
        else if (c == '\\') escape = true;
        else if (c == '"') in_string = false;
        continue;
      }
      if (c == '"') in_string = true;
      else if (c == '{' || c == '[') {
        if (++depth > kMaxNesting) return input_error(source, line, "JSON nested deeper than " + std::to_string(kMaxNesting) + " levels");
      }
      else if (c == '}' || c == ']') {
        if (--depth == 0) { ++i; break; }
      }
    }
    if (depth != 0) return input_error(source, d.line, "unterminated JSON document");
    d.end = i;
    docs.push_back(d);
  }
  return docs;
}

Expected<json> parse_document(const std::string& text, const Document& d, const std::string& source) {
  try {
    return json::parse(text.begin() + static_cast<std::ptrdiff_t>(d.begin), text.begin() + static_cast<std::ptrdiff_t>(d.end));
  } catch (const json::parse_error& e) {
    const std::size_t upto = std::min(d.end, d.begin + (e.byte > 0 ? e.byte - 1 : 0));
    const auto line = d.line + static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(d.begin),
                                                                    text.begin() + static_cast<std::ptrdiff_t>(upto), '\n'));
    return input_error(source, line, std::string("not valid JSON: ") + e.what());
  }
}

std::optional<std::uint64_t> numeric_rv(const Json& object) {
  const auto* md = object.contains("metadata") ? &object["metadata"] : nullptr;
  if (!md || !md->is_object() || !md->contains("resourceVersion") || !(*md)["resourceVersion"].is_string()) return std::nullopt;
  const std::string rv = (*md)["resourceVersion"].get<std::string>();
  std::uint64_t v = 0;
  const auto [p, ec] = std::from_chars(rv.data(), rv.data() + rv.size(), v);
  if (rv.empty() || ec != std::errc() || p != rv.data() + rv.size()) return std::nullopt;
  return v;
}

}  // namespace

Expected<std::vector<WatchEvent>> read_events(const std::string& text, const std::string& source) {
  auto docs = split_documents(text, source);
  if (!docs) return docs.error();
  std::vector<WatchEvent> out;
  for (const Document& d : *docs) {
    auto parsed = parse_document(text, d, source);
    if (!parsed) return parsed.error();
    std::vector<json> items;
    if (parsed->is_array()) {
      items.assign(parsed->begin(), parsed->end());
    } else if (sget(*parsed, "kind") == "List" && parsed->contains("items")) {
      if (!(*parsed)["items"].is_array()) return input_error(source, d.line, "items: expected an array");
      items.assign((*parsed)["items"].begin(), (*parsed)["items"].end());
    } else {
      items.push_back(std::move(*parsed));
    }
    for (std::size_t k = 0; k < items.size(); ++k) {
      const json& it = items[k];
      const std::string where = items.size() > 1 ? "item " + std::to_string(k) + ": " : "";
      if (!it.is_object()) return input_error(source, d.line, where + "expected a watch event object");
      const json& obj = it.contains("type") && it.contains("object") ? it["object"] : it;
      if (obj.is_object()) {
        if (obj.contains("kind") && !obj["kind"].is_string()) return input_error(source, d.line, where + "object.kind: expected a string");
        if (obj.contains("metadata")) {
          if (!obj["metadata"].is_object()) return input_error(source, d.line, where + "object.metadata: expected an object");
          for (const char* f : {"name", "namespace", "uid", "resourceVersion"})
            if (obj["metadata"].contains(f) && !obj["metadata"][f].is_string() && !obj["metadata"][f].is_null())
              return input_error(source, d.line, where + "object.metadata." + f + ": expected a string");
        }
      }
      WatchEvent ev;
      ev.line = d.line;
      ev.position = out.size();
      if (it.contains("type") && it.contains("object")) {
        if (!it["type"].is_string()) return input_error(source, d.line, where + "type: expected a string");
        const std::string type = it["type"].get<std::string>();
        if (type == "BOOKMARK") continue;
        if (type == "ERROR")
          return input_error(source, d.line, where + "type: the watch reported an error: " + it["object"].dump());
        auto t = parse_enum<EventType>(type);
        if (!t) return input_error(source, d.line, where + "type: expected ADDED, MODIFIED or DELETED, got '" + type + "'");
        if (!it["object"].is_object()) return input_error(source, d.line, where + "object: expected an object");
        ev.type = *t;
        ev.object = Json(it["object"]);
      } else if (it.contains("kind") && it.contains("metadata")) {
        ev.type = EventType::kModified;  // settled in map_history: ADDED when first seen
        ev.object = Json(it);
        ev.position = out.size();
        ev.resource_version = numeric_rv(ev.object);
        ev.line = d.line;
        ev.object["__bare"] = true;
        out.push_back(std::move(ev));
        continue;
      } else {
        return input_error(source, d.line, where + "expected {\"type\": ..., \"object\": {...}} (kubectl --output-watch-events) or a Kubernetes object");
      }
      ev.resource_version = numeric_rv(ev.object);
      out.push_back(std::move(ev));
    }
  }
  return out;
}

Expected<std::vector<WatchEvent>> read_history_file(const std::string& path) {
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{ErrorCode::kIo, path + ": cannot open the history"};
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  return read_events(text, path == "-" ? std::string("<stdin>") : path);
}

}  // namespace stsmc::validate
