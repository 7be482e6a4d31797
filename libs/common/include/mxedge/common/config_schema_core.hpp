#pragma once
// The type-erased core behind ConfigSchema<Config> (config_loader.hpp). Services use
// ConfigSchema; this header only keeps yaml-cpp out of every service's includes.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "mxedge/common/environment.hpp"

namespace mxedge::common {

// Where the YAML comes from: a file (`--config PATH`), an in-memory text, or nothing (defaults
// and environment only). Setting both is a bug in the caller.
struct ConfigSource {
  std::optional<std::string> file_path;
  std::optional<std::string> text;
  std::string text_name = "<config>";  // how errors name `text`
};

namespace internal {

enum class ConfigKind {
  kString,
  kInt,
  kBool,
  kDouble,
  kDuration,
  kEnum,
  kStringList,
  kSecret,
  kList,
};

using ConfigValue = std::variant<std::string, int64_t, bool, double, std::chrono::milliseconds,
                                 std::vector<std::string>>;

class ConfigSchemaCore;

struct ConfigKeySpec {
  std::string path;  // dotted, relative to its schema
  ConfigKind kind = ConfigKind::kString;
  std::string description;
  bool required = false;
  int64_t int_min = 0;
  int64_t int_max = 0;
  double double_min = 0;
  double double_max = 0;
  std::chrono::milliseconds duration_min{0};
  std::chrono::milliseconds duration_max{0};
  std::vector<std::string> allowed;  // kEnum
  // Store / load the field of the config object (void* is the Config of the owning schema).
  std::function<void(void*, ConfigValue)> assign;
  std::function<ConfigValue(const void*)> read;
  // kList only: each element is an object described by item_schema.
  std::shared_ptr<const ConfigSchemaCore> item_schema;
  std::string id_key;
  std::function<void(void*)> clear_items;
  std::function<void*(void*)> append_item;
  std::shared_ptr<const void> default_item;
};

class ConfigSchemaCore {
 public:
  // Checks the path and kind-specific settings (programmer error → MXEDGE_CHECK).
  void Add(ConfigKeySpec spec);
  void MarkLastRequired();
  const std::vector<ConfigKeySpec>& keys() const { return keys_; }

  absl::Status Load(void* config, const ConfigSource& source, const EnvLookup& env) const;
  std::string Describe(const void* defaults) const;

 private:
  std::vector<ConfigKeySpec> keys_;
};

// "redis.url" → "REDIS_URL".
std::string EnvSuffixForPath(std::string_view path);

}  // namespace internal
}  // namespace mxedge::common
