#include "mxedge/common/config_schema_core.hpp"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <fstream>
#include <iterator>
#include <limits>
#include <set>
#include <sstream>

#include "config_key_text.hpp"
#include "mxedge/common/check.hpp"
#include "mxedge/common/config_values.hpp"

namespace mxedge::common::internal {

namespace {

constexpr size_t kMaxConfigBytes = 1 << 20;
// What a document may expand to through anchors and aliases (keys, values, errors), so a small
// file cannot make the loader build gigabytes of copies.
constexpr size_t kMaxExpandedBytes = 4 * kMaxConfigBytes;
constexpr size_t kMaxReportedErrors = 20;
constexpr std::string_view kEnvPrefix = "MXEDGE_";

bool IsValidSegment(std::string_view segment) {
  if (segment.empty() || segment[0] < 'a' || segment[0] > 'z') {
    return false;
  }
  for (const char c : segment) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return false;
    }
  }
  return true;
}

bool IsValidPath(std::string_view path) {
  size_t start = 0;
  while (true) {
    const size_t dot = path.find('.', start);
    const std::string_view segment =
        path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (!IsValidSegment(segment)) {
      return false;
    }
    if (dot == std::string_view::npos) {
      return true;
    }
    start = dot + 1;
  }
}

std::string MarkText(std::string_view source, const YAML::Mark& mark) {
  std::string out(source);
  if (!mark.is_null()) {
    out += ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
  }
  return out;
}

// Parses one textual value for a scalar kind. nullopt when it does not fit the kind or range.
std::optional<ConfigValue> ParseScalar(const ConfigKeySpec& spec, std::string_view text) {
  switch (spec.kind) {
    case ConfigKind::kString:
    case ConfigKind::kSecret:
      return ConfigValue(std::string(text));
    case ConfigKind::kInt: {
      const auto v = ParseInt64(text);
      if (!v || *v < spec.int_min || *v > spec.int_max) {
        return std::nullopt;
      }
      return ConfigValue(*v);
    }
    case ConfigKind::kBool: {
      const auto v = ParseBool(text);
      if (!v) {
        return std::nullopt;
      }
      return ConfigValue(*v);
    }
    case ConfigKind::kDouble: {
      const auto v = ParseDouble(text);
      if (!v || !(*v >= spec.double_min && *v <= spec.double_max)) {
        return std::nullopt;
      }
      return ConfigValue(*v);
    }
    case ConfigKind::kDuration: {
      const auto v = ParseDuration(text);
      if (!v || *v < spec.duration_min || *v > spec.duration_max) {
        return std::nullopt;
      }
      return ConfigValue(*v);
    }
    case ConfigKind::kEnum:
      for (const auto& allowed : spec.allowed) {
        if (allowed == text) {
          return ConfigValue(std::string(text));
        }
      }
      return std::nullopt;
    case ConfigKind::kStringList:
      return ConfigValue(SplitList(text));
    case ConfigKind::kList:
      return std::nullopt;
  }
  return std::nullopt;
}

const char* NodeTypeName(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Null:
      return "null";
    default:
      return "a scalar";
  }
}

absl::Status ReadWholeFile(const std::string& path, std::string& out, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(std::string(what) + ": cannot open " + path + ": " +
                               std::strerror(errno));
  }
  std::string data;
  char buf[4096];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    data.append(buf, static_cast<size_t>(in.gcount()));
    if (data.size() > kMaxConfigBytes) {
      return absl::InvalidArgumentError(std::string(what) + ": " + path + " is larger than " +
                                        std::to_string(kMaxConfigBytes) + " bytes");
    }
  }
  if (in.bad()) {
    return absl::DataLossError(std::string(what) + ": error reading " + path);
  }
  out = std::move(data);
  return absl::OkStatus();
}

// Applies one schema to one config object: first the YAML mapping, then the environment, then the
// required-key checks. A list-of-mappings key runs a nested Loader per element.
struct ExpansionBudget {
  size_t left = kMaxExpandedBytes;
  bool exhausted = false;
};

class Loader {
 public:
  // `display` prefixes key names in errors ("irc.networks[0]."); `env_prefix` names environment
  // variables ("MXEDGE_", "MXEDGE_IRC_NETWORKS_LIBERA_").
  Loader(std::string source_name, const EnvLookup& env, ExpansionBudget& budget,
         std::string display, std::string env_prefix)
      : source_name_(std::move(source_name)),
        env_(env),
        budget_(budget),
        display_(std::move(display)),
        env_prefix_(std::move(env_prefix)) {}

  void Apply(const ConfigSchemaCore& schema, void* config, const YAML::Node* root) {
    if (root != nullptr) {
      ApplyMap(schema, config, *root, "");
    }
    for (const auto& spec : schema.keys()) {
      if (spec.kind != ConfigKind::kList) {
        ApplyEnv(spec, config);
      }
    }
    for (const auto& spec : schema.keys()) {
      if (spec.required && !set_paths_.contains(spec.path)) {
        const std::string env = EnvName(spec);
        Error(display_ + spec.path + ": required; " +
              (spec.kind == ConfigKind::kSecret ? "set " + env + " or " + env + "_FILE"
                                                : "set it in the config file or " + env));
      }
    }
  }

  std::vector<std::string>& errors() { return errors_; }

 private:
  void Error(std::string message) {
    if (Charge(message.size())) {
      errors_.push_back(std::move(message));
    }
  }

  // Counts bytes taken from the document; false (and one error) once the budget is spent.
  bool Charge(size_t bytes) {
    if (budget_.exhausted) {
      return false;
    }
    if (bytes > budget_.left) {
      budget_.exhausted = true;
      errors_.push_back(source_name_ + ": the document expands to more than " +
                        std::to_string(kMaxExpandedBytes) +
                        " bytes of keys, values and errors (anchors and aliases?); not loaded");
      return false;
    }
    budget_.left -= bytes;
    return true;
  }

  std::string EnvName(const ConfigKeySpec& spec) const {
    return env_prefix_ + EnvSuffixForPath(spec.path);
  }

  static const ConfigKeySpec* FindLeaf(const ConfigSchemaCore& schema, std::string_view path) {
    for (const auto& spec : schema.keys()) {
      if (spec.path == path) {
        return &spec;
      }
    }
    return nullptr;
  }

  static bool IsSection(const ConfigSchemaCore& schema, std::string_view path) {
    for (const auto& spec : schema.keys()) {
      if (spec.path.size() > path.size() && spec.path.starts_with(path) &&
          spec.path[path.size()] == '.') {
        return true;
      }
    }
    return false;
  }

  // The name of a section in errors: "top level", "redis", "irc.networks[0]".
  std::string SectionName(const std::string& prefix) const {
    const std::string full = display_ + prefix;
    return full.empty() ? "top level" : full.substr(0, full.size() - 1);
  }

  void ApplyMap(const ConfigSchemaCore& schema, void* config, const YAML::Node& node,
                const std::string& prefix) {
    if (node.IsNull()) {
      return;  // an empty file or an empty section
    }
    if (!node.IsMap()) {
      Error(MarkText(source_name_, node.Mark()) + ": " + SectionName(prefix) +
            ": expected a mapping, got " + NodeTypeName(node));
      return;
    }
    std::set<std::string> seen;
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (!Charge(16)) {
        return;
      }
      const YAML::Node key = it->first;  // copies: the iterator hands out temporaries
      const YAML::Node value = it->second;
      const std::string where = MarkText(source_name_, key.Mark());
      if (!key.IsScalar()) {
        Error(where + ": " + SectionName(prefix) + ": keys must be plain strings, got " +
              NodeTypeName(key));
        continue;
      }
      const std::string path = prefix + key.Scalar();
      if (!seen.insert(key.Scalar()).second) {
        Error(where + ": " + display_ + path + ": duplicate key");
        continue;
      }
      if (const ConfigKeySpec* spec = FindLeaf(schema, path); spec != nullptr) {
        ApplyFileValue(*spec, config, value);
      } else if (IsSection(schema, path)) {
        ApplyMap(schema, config, value, path + ".");
      } else {
        Error(where + ": " + display_ + path + ": unknown key");
      }
    }
  }

  void ApplyFileValue(const ConfigKeySpec& spec, void* config, const YAML::Node& value) {
    const std::string where = MarkText(source_name_, value.Mark());
    const std::string key = display_ + spec.path;
    switch (spec.kind) {
      case ConfigKind::kSecret:
        Error(where + ": " + key + ": secrets may not be set in the config file; set " +
              EnvName(spec) + " or " + EnvName(spec) + "_FILE");
        return;
      case ConfigKind::kList:
        ApplyList(spec, config, value, where);
        set_paths_.insert(spec.path);
        return;
      case ConfigKind::kStringList: {
        if (value.IsNull()) {
          spec.assign(config, std::vector<std::string>{});
          set_paths_.insert(spec.path);
          return;
        }
        if (!value.IsSequence()) {
          Error(where + ": " + key + ": expected a list of strings, got " + NodeTypeName(value));
          return;
        }
        std::vector<std::string> items;
        for (const auto& item : value) {
          if (!Charge(16 + (item.IsScalar() ? item.Scalar().size() : 0))) {
            return;
          }
          if (!item.IsScalar()) {
            Error(MarkText(source_name_, item.Mark()) + ": " + key +
                  ": expected a list of strings, got an item that is " + NodeTypeName(item));
            return;
          }
          items.push_back(item.Scalar());
        }
        spec.assign(config, std::move(items));
        set_paths_.insert(spec.path);
        return;
      }
      default:
        break;
    }
    if (!value.IsScalar()) {
      Error(where + ": " + key + ": expected " + Expectation(spec) + ", got " +
            NodeTypeName(value));
      return;
    }
    if (!Charge(value.Scalar().size())) {
      return;
    }
    std::optional<ConfigValue> parsed = ParseScalar(spec, value.Scalar());
    if (!parsed) {
      Error(where + ": " + key + ": expected " + Expectation(spec) + ", got " +
            Shown(value.Scalar()));
      return;
    }
    spec.assign(config, std::move(*parsed));
    set_paths_.insert(spec.path);
  }

  // The file replaces the default list. Each element must carry a non-empty, unique id (the
  // spec's id_key); the id names the element's environment variables.
  void ApplyList(const ConfigKeySpec& spec, void* config, const YAML::Node& value,
                 const std::string& where) {
    const std::string key = display_ + spec.path;
    if (value.IsNull()) {
      spec.clear_items(config);
      return;
    }
    if (!value.IsSequence()) {
      Error(where + ": " + key + ": expected a list of mappings, got " + NodeTypeName(value));
      return;
    }
    spec.clear_items(config);
    std::set<std::string> env_ids;
    size_t index = 0;
    for (const auto& element : value) {
      if (!Charge(64)) {
        return;
      }
      const std::string element_key = key + "[" + std::to_string(index++) + "]";
      const std::string element_where = MarkText(source_name_, element.Mark());
      if (!element.IsMap()) {
        Error(element_where + ": " + element_key + ": expected a mapping, got " +
              NodeTypeName(element));
        continue;
      }
      std::optional<std::string> id;
      for (auto it = element.begin(); it != element.end(); ++it) {
        if (it->first.IsScalar() && it->first.Scalar() == spec.id_key && it->second.IsScalar()) {
          id = it->second.Scalar();
        }
      }
      if (!id || id->empty()) {
        Error(element_where + ": " + element_key + "." + spec.id_key +
              ": required (a non-empty string naming this item)");
        continue;
      }
      const std::string env_id = EnvSuffixForPath(*id);
      if (!env_ids.insert(env_id).second) {
        Error(element_where + ": " + element_key + "." + spec.id_key + ": " + Shown(*id) +
              " repeats an earlier item (ids are compared as environment names, " + env_id + ")");
        continue;
      }
      Loader nested(source_name_, env_, budget_, element_key + ".",
                    EnvName(spec) + "_" + env_id + "_");
      nested.Apply(*spec.item_schema, spec.append_item(config), &element);
      // Already charged to the shared budget by the nested loader.
      for (auto& e : nested.errors()) {
        errors_.push_back(std::move(e));
      }
    }
  }

  void ApplyEnv(const ConfigKeySpec& spec, void* config) {
    const std::string name = EnvName(spec);
    const std::string key = display_ + spec.path;
    std::optional<std::string> value = env_(name);
    if (spec.kind == ConfigKind::kSecret) {
      const std::string file_name = name + "_FILE";
      std::optional<std::string> file = env_(file_name);
      if (value && file) {
        Error("env " + name + ": " + key + ": both " + name + " and " + file_name +
              " are set; set one");
        return;
      }
      if (file) {
        std::string contents;
        if (absl::Status s = ReadWholeFile(*file, contents, "env " + file_name + ": " + key);
            !s.ok()) {
          Error(std::string(s.message()));
          return;
        }
        if (contents.ends_with("\n")) {
          contents.pop_back();
          if (contents.ends_with("\r")) {
            contents.pop_back();
          }
        }
        value = std::move(contents);
      }
      if (value) {
        if (value->empty()) {
          Error("env " + (file ? file_name : name) + ": " + key + ": secret is empty");
          return;
        }
        spec.assign(config, std::move(*value));
        set_paths_.insert(spec.path);
      }
      return;
    }
    if (!value) {
      return;
    }
    std::optional<ConfigValue> parsed = ParseScalar(spec, *value);
    if (!parsed) {
      Error("env " + name + ": " + key + ": expected " + Expectation(spec) + ", got " +
            Shown(*value));
      return;
    }
    spec.assign(config, std::move(*parsed));
    set_paths_.insert(spec.path);
  }

  const std::string source_name_;
  const EnvLookup& env_;
  ExpansionBudget& budget_;
  const std::string display_;
  const std::string env_prefix_;
  std::set<std::string> set_paths_;
  std::vector<std::string> errors_;
};

}  // namespace

std::string EnvSuffixForPath(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (const char c : path) {
    if (c >= 'a' && c <= 'z') {
      out += static_cast<char>(c - 'a' + 'A');
    } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out += c;
    } else {
      out += '_';
    }
  }
  return out;
}

void ConfigSchemaCore::Add(ConfigKeySpec spec) {
  MXEDGE_CHECK(IsValidPath(spec.path));
  MXEDGE_CHECK(!spec.description.empty());
  MXEDGE_CHECK(spec.read != nullptr);
  if (spec.kind != ConfigKind::kList) {
    MXEDGE_CHECK(spec.assign != nullptr);
  }
  const std::string env = EnvSuffixForPath(spec.path);
  for (const auto& other : keys_) {
    MXEDGE_CHECK(other.path != spec.path);
    // A key cannot be both a value and a section ("redis" and "redis.url").
    MXEDGE_CHECK(!other.path.starts_with(spec.path + "."));
    MXEDGE_CHECK(!spec.path.starts_with(other.path + "."));
    // Two keys must not share an environment variable ("a.b_c" and "a_b.c").
    MXEDGE_CHECK(EnvSuffixForPath(other.path) != env);
  }
  switch (spec.kind) {
    case ConfigKind::kInt:
      MXEDGE_CHECK(spec.int_min <= spec.int_max);
      break;
    case ConfigKind::kDouble:
      MXEDGE_CHECK(spec.double_min <= spec.double_max);
      break;
    case ConfigKind::kDuration:
      MXEDGE_CHECK(spec.duration_min <= spec.duration_max);
      break;
    case ConfigKind::kEnum:
      MXEDGE_CHECK(!spec.allowed.empty());
      break;
    case ConfigKind::kList: {
      MXEDGE_CHECK(spec.item_schema != nullptr && spec.clear_items && spec.append_item &&
                   spec.default_item);
      bool id_is_string = false;
      for (const auto& item_key : spec.item_schema->keys()) {
        if (item_key.path == spec.id_key) {
          id_is_string = item_key.kind == ConfigKind::kString;
        }
      }
      MXEDGE_CHECK(id_is_string);
      break;
    }
    default:
      break;
  }
  keys_.push_back(std::move(spec));
}

void ConfigSchemaCore::MarkLastRequired() {
  MXEDGE_CHECK(!keys_.empty());
  MXEDGE_CHECK(keys_.back().kind != ConfigKind::kList);
  keys_.back().required = true;
}

absl::Status ConfigSchemaCore::Load(void* config, const ConfigSource& source,
                                    const EnvLookup& env) const {
  MXEDGE_CHECK(!(source.file_path && source.text));
  std::string name = source.text_name;
  std::string text;
  if (source.file_path) {
    name = *source.file_path;
    if (absl::Status s = ReadWholeFile(*source.file_path, text, "config file"); !s.ok()) {
      return s;
    }
  } else if (source.text) {
    if (source.text->size() > kMaxConfigBytes) {
      return absl::InvalidArgumentError(name + ": larger than " + std::to_string(kMaxConfigBytes) +
                                        " bytes");
    }
    text = *source.text;
  }
  ExpansionBudget budget;
  Loader loader(name, env, budget, "", std::string(kEnvPrefix));
  try {
    std::optional<YAML::Node> root;
    if (source.file_path || source.text) {
      try {
        root = YAML::Load(text);
      } catch (const YAML::Exception& e) {
        return absl::InvalidArgumentError(MarkText(name, e.mark) + ": malformed YAML: " + e.msg);
      }
    }
    loader.Apply(*this, config, root ? &*root : nullptr);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(MarkText(name, e.mark) + ": unreadable YAML: " + e.msg);
  } catch (const std::exception& e) {
    return absl::InternalError(name + ": config loading failed: " + e.what());
  }
  if (loader.errors().empty()) {
    return absl::OkStatus();
  }
  const auto& errors = loader.errors();
  std::string message;
  for (size_t i = 0; i < errors.size() && i < kMaxReportedErrors; ++i) {
    message += (i == 0 ? "" : "; ") + errors[i];
  }
  if (errors.size() > kMaxReportedErrors) {
    message += "; and " + std::to_string(errors.size() - kMaxReportedErrors) + " more errors";
  }
  return absl::InvalidArgumentError(message);
}

std::string ConfigSchemaCore::Describe(const void* defaults) const {
  std::string out;
  const auto describe = [&out](const ConfigSchemaCore& schema, const void* object,
                               const std::string& key_prefix, const std::string& env_prefix,
                               const auto& self) -> void {
    for (const auto& spec : schema.keys()) {
      const std::string key = key_prefix + spec.path;
      const std::string env = env_prefix + EnvSuffixForPath(spec.path);
      out += "  " + key + "  (" + TypeName(spec);
      if (spec.kind == ConfigKind::kSecret) {
        out += "; env " + env + " or " + env + "_FILE only";
      } else if (spec.kind == ConfigKind::kList) {
        out += " keyed by " + spec.id_key + "; file only";
      } else {
        const std::string d = DefaultText(spec, spec.read(object));
        out += spec.required ? "; required" : "; default " + d;
        out += "; env " + env;
      }
      if (spec.required && spec.kind == ConfigKind::kSecret) {
        out += "; required";
      }
      out += ")\n      " + spec.description + "\n";
      if (spec.kind == ConfigKind::kList) {
        self(*spec.item_schema, spec.default_item.get(), key + "[].",
             env + "_<" + EnvSuffixForPath(spec.id_key) + ">_", self);
      }
    }
  };
  describe(*this, defaults, "", std::string(kEnvPrefix), describe);
  return out;
}

}  // namespace mxedge::common::internal
